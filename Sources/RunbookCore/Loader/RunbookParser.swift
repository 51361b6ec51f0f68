import Yams

/// Builds the runbook model from the YAML tree; structural checks only (references are the validator's job).
struct RunbookParser {
    let reader: YAMLReader

    func parse(_ root: Node) -> Runbook? {
        guard let top = reader.fields(root, allowed: RunbookLoader.topLevelKeys, what: "the runbook") else {
            return nil
        }
        if let v = top["version"], let version = reader.int(v, what: "version", range: 1...Int.max),
            version > Runbook.supportedVersion
        {
            reader.error(
                reader.location(v),
                "this runbook uses format version \(version); this runbook tool reads up to version \(Runbook.supportedVersion)"
            )
            return nil
        }
        var id = "runbook"
        if let node = top["runbook"] {
            if let s = reader.string(node, what: "runbook id") {
                if s.value.isEmpty
                    || !s.value.unicodeScalars.allSatisfy({
                        ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
                    })
                {
                    reader.error(
                        s.location,
                        "runbook id '\(YAMLReader.truncate(s.value))' must use only a-z, 0-9 and '-'"
                    )
                } else {
                    id = s.value
                }
            }
        } else if !reader.wasMisspelled("runbook", in: top) {
            reader.error(top.location, "missing 'runbook:' (the runbook's id, e.g. runbook: neo4j-migration)")
        }
        var runbook = Runbook(id: id)
        runbook.title = top["title"].flatMap { reader.string($0, what: "title")?.value }
        runbook.description = top["description"].flatMap { reader.string($0, what: "description")?.value }
        runbook.estimate = top["estimate"].flatMap { reader.duration($0, what: "estimate") }
        runbook.params = top["params"].map(parseParams) ?? []
        runbook.secrets = top["secrets"].map(parseSecrets) ?? []
        runbook.connections = top["connections"].map(parseConnections) ?? []
        runbook.kubernetes = top["kubernetes"].flatMap(parseKubernetes)
        let steps = StepParser(reader: reader)
        if let node = top["guards"], let items = reader.sequence(node, what: "guards") {
            runbook.guards = items.compactMap { steps.parseStep($0, context: "guard") }
        }
        if let node = top["phases"] {
            runbook.phases = parsePhases(node, steps: steps)
        } else if !reader.wasMisspelled("phases", in: top) {
            reader.error(top.location, "missing 'phases:' (a list of phases, each with an id and steps)")
        }
        if let node = top["rollbacks"], let items = reader.sequence(node, what: "rollbacks") {
            runbook.rollbacks = items.compactMap { parseRollback($0, steps: steps) }
        }
        runbook.notify = top["notify"].map(parseNotify) ?? []
        runbook.abortIf = top["abort_if"].flatMap(parseAbortIf)
        if let node = top["defaults"], let defaults = parseDefaults(node, steps: steps) {
            runbook.defaults = defaults
            runbook.applyDefaults()
        }
        return runbook
    }

    // MARK: - Params, secrets, connections

    func parseParams(_ node: Node) -> [ParamDecl] {
        reader.namedEntries(node, what: "params").compactMap { name, location, value in
            guard YAMLReader.isIdentifier(name), !name.contains("-") else {
                reader.error(location, "parameter name '\(name)' must use only letters, digits and '_'")
                return nil
            }
            var decl = ParamDecl(name: name, location: location)
            if case .scalar = value {
                // `name: value` shorthand: a default.
                decl.defaultValue = reader.value(value, what: "default of parameter '\(name)'")
                decl.kind = Self.kind(of: decl.defaultValue)
                return decl
            }
            let keys = ["type", "default", "required", "description", "choices"]
            guard let f = reader.fields(value, allowed: keys, what: "parameter '\(name)'") else { return nil }
            if let t = f["type"], let s = reader.string(t, what: "type") {
                if let kind = ParamDecl.Kind(rawValue: s.value) {
                    decl.kind = kind
                } else {
                    let kinds = ParamDecl.Kind.allCases.map(\.rawValue)
                    reader.error(
                        s.location,
                        "unknown parameter type '\(s.value)'\(Suggestion.hint(for: s.value, in: kinds)); expected one of: \(kinds.joined(separator: ", "))"
                    )
                }
            }
            decl.required = f["required"].flatMap { reader.bool($0, what: "required") } ?? false
            decl.description = f["description"].flatMap { reader.string($0, what: "description")?.value }
            if let d = f["default"], let v = reader.value(d, what: "default of parameter '\(name)'") {
                if f["type"] == nil { decl.kind = Self.kind(of: v) }
                switch ParamCoercion.coerce(v, to: decl.kind, name: name) {
                case .success(let coerced): decl.defaultValue = coerced
                case .failure(let e): reader.error(reader.location(d), e.message)
                }
                if decl.required {
                    reader.warning(
                        reader.location(d),
                        "parameter '\(name)' is required and has a default; the default is never used"
                    )
                }
            }
            if let c = f["choices"], let items = reader.sequence(c, what: "choices") {
                decl.choices = items.compactMap { reader.value($0, what: "choice") }
            }
            return decl
        }
    }

    static func kind(of value: Value?) -> ParamDecl.Kind {
        switch value {
        case .int?: return .int
        case .double?: return .float
        case .bool?: return .bool
        default: return .string
        }
    }

    func parseSecrets(_ node: Node) -> [SecretDecl] {
        reader.namedEntries(node, what: "secrets").compactMap { name, location, value in
            guard YAMLReader.isIdentifier(name), !name.contains("-") else {
                reader.error(location, "secret name '\(name)' must use only letters, digits and '_'")
                return nil
            }
            let kinds = ["env", "file", "kubernetes", "command"]
            guard let f = reader.fields(value, allowed: kinds, what: "secret '\(name)'") else { return nil }
            let given = kinds.filter { f.has($0) }
            guard given.count == 1, let kind = given.first, let node = f[kind] else {
                if given.count > 1 {
                    reader.error(
                        f.location,
                        "secret '\(name)' has \(given.count == 2 ? "both " : "")\(given.map { "'\($0)'" }.joined(separator: " and ")); give exactly one source"
                    )
                } else if !kinds.contains(where: { reader.wasMisspelled($0, in: f) }) {
                    reader.error(
                        f.location,
                        "secret '\(name)' needs a source: { env: VARIABLE }, { file: path }, { kubernetes: { secret: NAME, key: KEY } } or { command: [argv…] }"
                    )
                }
                return nil
            }
            guard let source = parseSecretSource(kind, node, name: name) else { return nil }
            return SecretDecl(name: name, source: source, location: location)
        }
    }

    func parseSecretSource(_ kind: String, _ node: Node, name: String) -> SecretDecl.Source? {
        switch kind {
        case "env": return reader.nonEmptyString(node, what: "env").map { .env($0.value) }
        case "file": return reader.nonEmptyString(node, what: "file").map { .file($0.value) }
        case "kubernetes":
            let what = "the kubernetes source of secret '\(name)'"
            guard let k = reader.fields(node, allowed: ["secret", "key"], what: what) else { return nil }
            guard let secret = k["secret"], let key = k["key"] else {
                if !reader.wasMisspelled("secret", in: k) && !reader.wasMisspelled("key", in: k) {
                    reader.error(k.location, "\(what) needs both 'secret' (the Kubernetes secret's name) and 'key'")
                }
                return nil
            }
            guard let s = reader.nonEmptyString(secret, what: "secret"),
                let kk = reader.nonEmptyString(key, what: "key")
            else { return nil }
            return .kubernetes(secret: s.value, key: kk.value)
        default:
            if case .scalar = node {
                reader.error(
                    reader.location(node),
                    "the command of secret '\(name)' is an argument list ([program, arg, …]), never a shell string"
                )
                return nil
            }
            guard let items = reader.sequence(node, what: "command") else { return nil }
            let argv = items.compactMap { reader.nonEmptyString($0, what: "command argument")?.value }
            guard argv.count == items.count else { return nil }
            guard !argv.isEmpty else {
                reader.error(reader.location(node), "the command of secret '\(name)' is empty; give [program, arg, …]")
                return nil
            }
            return .command(argv)
        }
    }

    func parseDefaults(_ node: Node, steps: StepParser) -> StepDefaults? {
        guard let f = reader.fields(node, allowed: ["timeout", "retry"], what: "defaults") else { return nil }
        return StepDefaults(
            timeout: f["timeout"].flatMap { reader.duration($0, what: "timeout") },
            retry: f["retry"].flatMap(steps.parseRetry)
        )
    }

    func parseConnections(_ node: Node) -> [ConnectionDecl] {
        reader.namedEntries(node, what: "connections").compactMap { name, location, value in
            guard YAMLReader.isIdentifier(name) else {
                reader.error(location, "connection name '\(name)' must use only letters, digits, '-' and '_'")
                return nil
            }
            let keys = ["postgres", "neo4j", "user", "password", "database"]
            guard let f = reader.fields(value, allowed: keys, what: "connection '\(name)'") else { return nil }
            switch (f["postgres"], f["neo4j"]) {
            case (let pg?, nil):
                for extra in ["user", "password", "database"] where f.has(extra) {
                    reader.error(
                        f.keyLocation(extra) ?? f.location,
                        "'\(extra)' belongs in the PostgreSQL connection string of '\(name)' (or PG* variables / .pgpass)"
                    )
                }
                return reader.template(pg, what: "postgres").map {
                    ConnectionDecl(name: name, kind: .postgres(dsn: $0), location: location)
                }
            case (nil, let url?):
                guard let u = reader.template(url, what: "neo4j") else { return nil }
                let user = f["user"].flatMap { reader.template($0, what: "user") }
                let password = f["password"].flatMap { reader.template($0, what: "password") }
                let database = f["database"].flatMap { reader.template($0, what: "database") }
                if case .scalar(let s) = url, !s.string.contains("${{"),
                    let scheme = s.string.split(separator: ":").first
                {
                    let schemes = ["bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"]
                    if !schemes.contains(String(scheme)) {
                        reader.error(
                            reader.location(url),
                            "unsupported Neo4j URL scheme '\(scheme)'\(Suggestion.hint(for: String(scheme), in: schemes)); expected one of: \(schemes.joined(separator: ", "))"
                        )
                    }
                }
                return ConnectionDecl(
                    name: name,
                    kind: .neo4j(url: u, user: user, password: password, database: database),
                    location: location
                )
            case (.some, .some):
                reader.error(f.location, "connection '\(name)' has both 'postgres' and 'neo4j'; give exactly one")
            case (nil, nil) where !reader.wasMisspelled("postgres", in: f) && !reader.wasMisspelled("neo4j", in: f):
                reader.error(
                    f.location,
                    "connection '\(name)' needs 'postgres: <conninfo or URI>' or 'neo4j: bolt://host:7687'"
                )
            case (nil, nil): break  // misspelled: the unknown-key error suggests the right key
            }
            return nil
        }
    }

    func parseKubernetes(_ node: Node) -> KubernetesTarget? {
        guard let f = reader.fields(node, allowed: ["context", "namespace"], what: "kubernetes") else { return nil }
        return KubernetesTarget(
            context: f["context"].flatMap { reader.template($0, what: "context") },
            namespace: f["namespace"].flatMap { reader.template($0, what: "namespace") }
        )
    }

    // MARK: - Phases and rollbacks

    func parsePhases(_ node: Node, steps: StepParser) -> [Phase] {
        guard let items = reader.sequence(node, what: "phases") else { return [] }
        if items.isEmpty {
            reader.error(reader.location(node), "'phases' is empty; a runbook needs at least one phase with steps")
        }
        return items.compactMap { item in
            guard
                let f = reader.fields(
                    item,
                    allowed: ["id", "title", "description", "steps", "abort_if"],
                    what: "a phase"
                )
            else {
                return nil
            }
            guard let idNode = f["id"] else {
                if !reader.wasMisspelled("id", in: f) { reader.error(f.location, "phase has no 'id'") }
                return nil
            }
            guard let id = reader.identifier(idNode, what: "phase id") else { return nil }
            var phase = Phase(id: id.value, steps: [], location: id.location)
            phase.title = f["title"].flatMap { reader.string($0, what: "title")?.value }
            phase.description = f["description"].flatMap { reader.string($0, what: "description")?.value }
            phase.abortIf = f["abort_if"].flatMap(parseAbortIf)
            if let s = f["steps"], let list = reader.sequence(s, what: "steps of phase '\(id.value)'") {
                phase.steps = list.compactMap { steps.parseStep($0, context: "step") }
                if list.isEmpty { reader.error(reader.location(s), "phase '\(id.value)' has no steps") }
            } else if f["steps"] == nil, !reader.wasMisspelled("steps", in: f) {
                reader.error(f.location, "phase '\(id.value)' has no steps")
            }
            return phase
        }
    }

    func parseRollback(_ node: Node, steps: StepParser) -> RollbackScenario? {
        let keys = ["id", "title", "description", "triggers", "manual", "steps", "after"]
        guard let f = reader.fields(node, allowed: keys, what: "a rollback scenario") else { return nil }
        guard let idNode = f["id"] else {
            if !reader.wasMisspelled("id", in: f) { reader.error(f.location, "rollback scenario has no 'id'") }
            return nil
        }
        guard let id = reader.identifier(idNode, what: "rollback id") else { return nil }
        var scenario = RollbackScenario(id: id.value, steps: [], location: id.location)
        scenario.title = f["title"].flatMap { reader.string($0, what: "title")?.value }
        scenario.description = f["description"].flatMap { reader.string($0, what: "description")?.value }
        scenario.manual = f["manual"].flatMap { reader.bool($0, what: "manual") } ?? false
        if let t = f["triggers"], let list = reader.sequence(t, what: "triggers") {
            scenario.triggers = list.compactMap { reader.string($0, what: "trigger") }
            if scenario.manual, !list.isEmpty {
                reader.error(
                    reader.location(t),
                    "rollback '\(id.value)' is manual and has triggers; a manual scenario only runs via `runbook rollback`"
                )
            }
        }
        if let s = f["steps"], let list = reader.sequence(s, what: "steps of rollback '\(id.value)'") {
            scenario.steps = list.compactMap { steps.parseStep($0, context: "rollback step") }
            if list.isEmpty { reader.error(reader.location(s), "rollback '\(id.value)' has no steps") }
        } else if f["steps"] == nil, !reader.wasMisspelled("steps", in: f) {
            reader.error(f.location, "rollback '\(id.value)' has no steps")
        }
        if let a = f["after"] { scenario.after = parseAfter(a) ?? .abort }
        return scenario
    }

    func parseAfter(_ node: Node) -> RollbackScenario.After? {
        if case .scalar(let s) = node {
            if s.string == "abort" { return .abort }
            reader.error(
                reader.location(node),
                "after must be 'abort' or { resume: STEP, max: N }, found \(YAMLReader.describe(node))"
            )
            return nil
        }
        guard let f = reader.fields(node, allowed: ["resume", "max"], what: "after") else { return nil }
        guard let r = f["resume"], let step = reader.string(r, what: "resume") else {
            if f["resume"] != nil || reader.wasMisspelled("resume", in: f) { return nil }
            reader.error(f.location, "after needs 'resume: STEP' (or write 'after: abort')")
            return nil
        }
        let max = f["max"].flatMap { reader.int($0, what: "max", range: 1...100) } ?? 1
        return .resume(step: step, max: max)
    }
}
