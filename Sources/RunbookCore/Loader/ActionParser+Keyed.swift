import Yams

/// Keys, keyed diffs (`compare op: same_rows`) and `sync` steps.
extension ActionParser {
    /// `key: COLUMN` or `key: [A, B]`; reports a missing key (the step needs one) and returns the columns.
    func keyColumns(_ f: Fields, what: String, purpose: String) -> [Located<String>] {
        guard let node = f["key"] else {
            if !reader.wasMisspelled("key", in: f) {
                reader.error(
                    f.location,
                    "\(what) needs 'key: COLUMN' (or 'key: [A, B]' for a composite key): \(purpose)"
                )
            }
            return []
        }
        if case .scalar = node {
            return reader.nonEmptyString(node, what: "key").map { [$0] } ?? []
        }
        guard let items = reader.sequence(node, what: "key (a column name or a list of them)") else { return [] }
        if items.isEmpty { reader.error(reader.location(node), "key is empty: name at least one column") }
        let columns = items.compactMap { reader.nonEmptyString($0, what: "key column") }
        var seen: Set<String> = []
        for column in columns where !seen.insert(column.value).inserted {
            reader.error(column.location, "key column '\(column.value)' is listed twice")
        }
        return columns
    }

    /// `batch: N` (checked now) or `batch: ${{ … }}` (checked when rendered); 1000 when absent.
    func batchTemplate(_ f: Fields, range: ClosedRange<Int>) -> Template {
        guard let b = f["batch"] else { return .literal("1000") }
        if case .scalar(let s) = b, !s.string.contains("${{") {
            return reader.int(b, what: "batch", range: range).map { .literal(String($0)) } ?? .literal("1000")
        }
        return reader.template(b, what: "batch") ?? .literal("1000")
    }

    /// Reads `key`, `batch` and `examples` of a compare: required with `op: same_rows`, refused otherwise.
    func keyedCompare(_ f: Fields, into action: inout CompareAction) {
        guard action.op == .sameRows else {
            for field in ["key", "batch", "examples"] where f.has(field) {
                reader.error(f.keyLocation(field) ?? f.location, "'\(field)' applies to 'op: same_rows' only")
            }
            return
        }
        if f.has("sample") {
            reader.error(
                f.keyLocation("sample") ?? f.location,
                "'sample' does not apply to 'op: same_rows' (it compares every row)"
            )
        }
        action.key = keyColumns(f, what: "compare with op: same_rows", purpose: "rows are matched by it")
        action.batch = batchTemplate(f, range: 1...1_000_000)
        action.examples = f["examples"].flatMap { reader.int($0, what: "examples", range: 0...1000) } ?? 10
    }

    /// `sync: { from: {on, query, params}, to: {on, read, upsert, delete}, key, batch }`.
    func parseSync(_ node: Node) -> SyncAction? {
        guard let f = reader.fields(node, allowed: ["from", "to", "key", "batch", "stall"], what: "sync") else {
            return nil
        }
        var from: QuerySide?
        if let n = f["from"], let a = parseSQL(n) {
            if a.statements.count == 1 {
                from = QuerySide(language: .sql, on: a.on, query: a.statements[0], sqlParams: a.params)
            } else {
                reader.error(reader.location(n), "sync.from must be a single SQL query")
            }
        } else if f["from"] == nil, !reader.wasMisspelled("from", in: f) {
            reader.error(f.location, "sync needs 'from: { on: PG_CONNECTION, query: SELECT … ORDER BY key }'")
        }
        let target = f["to"].flatMap(parseSyncTarget)
        if f["to"] == nil, !reader.wasMisspelled("to", in: f) {
            reader.error(f.location, "sync needs 'to: { on: GRAPH_CONNECTION, read: …, upsert: …, delete: … }'")
        }
        let key = keyColumns(f, what: "sync", purpose: "source and target rows are matched by it")
        let batch = batchTemplate(f, range: 1...100_000)
        guard let from, let target, !key.isEmpty else { return nil }
        return SyncAction(
            from: from,
            on: target.on,
            read: target.read,
            upsert: target.upsert,
            delete: target.delete,
            key: key,
            batch: batch,
            stall: f["stall"].flatMap { reader.duration($0, what: "stall") }
        )
    }

    private func parseSyncTarget(
        _ node: Node
    ) -> (on: Located<String>, read: Located<String>, upsert: Located<String>, delete: Located<String>)? {
        guard let f = reader.fields(node, allowed: ["on", "read", "upsert", "delete"], what: "sync.to") else {
            return nil
        }
        let on = connection(f, what: "sync.to")
        func query(_ name: String, required: Bool) -> Located<String>? {
            guard let n = f[name] else {
                if required, !reader.wasMisspelled(name, in: f) {
                    reader.error(f.location, "sync.to needs '\(name): …' (a Cypher query)")
                }
                return nil
            }
            return queryText(n, what: "sync.to.\(name) Cypher")
        }
        let read = query("read", required: true)
        let upsert = query("upsert", required: true)
        let delete = query("delete", required: true)
        for q in [upsert, delete].compactMap({ $0 }) where !q.value.contains("$rows") {
            reader.error(
                q.location,
                "sync writes must use $rows (e.g. UNWIND $rows AS r MERGE …): each batch is bound to it"
            )
        }
        guard let on, let read, let upsert, let delete else { return nil }
        return (on, read, upsert, delete)
    }
}
