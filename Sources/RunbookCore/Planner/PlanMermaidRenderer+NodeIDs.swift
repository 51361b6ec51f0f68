extension PlanMermaidRenderer {
    /// Mermaid node ids for a plan's steps, phases and rollbacks: readable, and distinct even when runbook ids
    /// differ only in `-` versus `_` (both become `_`; a later clash gets a numeric suffix).
    struct NodeIDs {
        private var ids: [String: String] = [:]

        init(_ plan: Plan) {
            var used: Set<String> = ["start", "done", "guards"]
            func claim(_ key: String, _ base: String) {
                var candidate = base
                var n = 2
                while used.contains(candidate) {
                    candidate = "\(base)_\(n)"
                    n += 1
                }
                used.insert(candidate)
                ids[key] = candidate
            }
            for s in plan.guards + plan.mainSteps + plan.rollbacks.flatMap(\.steps) {
                claim("step:" + s.id, "n_" + Self.sanitize(s.id))
            }
            for p in plan.phases { claim("phase:" + p.id, "phase_" + Self.sanitize(p.id)) }
            for r in plan.rollbacks {
                claim("rollback:" + r.id, "rollback_" + Self.sanitize(r.id))
                claim("manual:" + r.id, "manual_" + Self.sanitize(r.id))
            }
        }

        func step(_ id: String) -> String { ids["step:" + id] ?? "n_" + Self.sanitize(id) }
        func phase(_ id: String) -> String { ids["phase:" + id] ?? "phase_" + Self.sanitize(id) }
        func rollback(_ id: String) -> String { ids["rollback:" + id] ?? "rollback_" + Self.sanitize(id) }
        func manual(_ id: String) -> String { ids["manual:" + id] ?? "manual_" + Self.sanitize(id) }

        /// Letters and digits kept, anything else `_`.
        static func sanitize(_ id: String) -> String {
            String(
                String.UnicodeScalarView(
                    id.unicodeScalars.map {
                        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? $0 : "_"
                    }
                )
            )
        }
    }
}
