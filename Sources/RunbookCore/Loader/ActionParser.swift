import Yams

/// Parses the action of one step kind.
struct ActionParser {
    let reader: YAMLReader

    func parse(kind: String, node: Node) -> StepBody? {
        switch kind {
        case "sql": return parseSQL(node).map(StepBody.sql)
        case "cypher": return parseCypher(node, allowStatements: true).map(StepBody.cypher)
        case "compare": return parseCompare(node).map(StepBody.compare)
        case "shell": return parseShell(node).map(StepBody.shell)
        case "kubectl": return parseKubectl(node).map(StepBody.kubectl)
        case "gate": return parseGate(node).map(StepBody.gate)
        case "transfer": return parseTransfer(node).map(StepBody.transfer)
        case "sync": return parseSync(node).map(StepBody.sync)
        case "http": return HTTPParser(reader: reader).parse(node).map(StepBody.http)
        case "wait": return parseWait(node).map(StepBody.wait)
        default: return nil
        }
    }

    // MARK: - Queries

    /// Query text: never a template (values go through `params`).
    func queryText(_ node: Node, what: String) -> Located<String>? {
        guard let q = reader.nonEmptyString(node, what: what) else { return nil }
        if let range = q.value.firstRange(of: "${{") {
            let offset = q.value[..<range.lowerBound].unicodeScalars.count
            let origin = reader.contentOrigin(node)
            let before = q.value[..<range.lowerBound]
            let newlines = before.filter { $0 == "\n" }.count
            let location: SourceLocation
            if newlines == 0 {
                location = origin.advanced(by: offset)
            } else {
                let lastLine = before.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
                let indent = reader.blockIndent(node) ?? 0
                location = SourceLocation(
                    line: origin.line + newlines,
                    column: indent + lastLine.unicodeScalars.count + 1
                )
            }
            reader.error(
                location,
                "${{ }} is not allowed in \(what) text: pass values through 'params' so the server binds them (e.g. $1 in SQL, $name in Cypher)"
            )
            return nil
        }
        return q
    }

    func connection(_ f: Fields, what: String) -> Located<String>? {
        guard let on = f["on"] else {
            if reader.wasMisspelled("on", in: f) { return nil }
            reader.error(f.location, "\(what) needs 'on: CONNECTION' naming one of the runbook's connections")
            return nil
        }
        return reader.nonEmptyString(on, what: "on")
    }

    /// SQL parameters: scalars (YAML types kept; a number or bool is sent as its text, null as NULL, and the
    /// server infers each parameter's type from the statement).
    func sqlParams(_ node: Node?) -> [ValueTemplate] {
        guard let node else { return [] }
        guard let items = reader.sequence(node, what: "SQL params (a list bound to $1, $2, …)") else { return [] }
        return items.enumerated().compactMap { index, item in
            guard case .scalar = item else {
                reader.error(
                    reader.location(item),
                    "SQL parameter $\(index + 1) must be a single value, found \(YAMLReader.describe(item)); "
                        + "pass JSON or an array literal as a string (e.g. '{1,2,3}' with $\(index + 1)::int[])"
                )
                return nil
            }
            return reader.valueTemplate(item, what: "parameter $\(index + 1)")
        }
    }

    /// Cypher parameters: any YAML value with its type (int, float, bool, null, text, lists, maps).
    func cypherParams(_ node: Node?) -> [(name: String, value: ValueTemplate)] {
        guard let node else { return [] }
        return reader.namedEntries(node, what: "Cypher params (a map bound to $name)").compactMap { name, _, value in
            reader.valueTemplate(value, what: "parameter '\(name)'").map { (name, $0) }
        }
    }

    func parseSQL(_ node: Node) -> SQLAction? { parseSQL(node, extraKeys: []).action }

    /// A `sql` mapping that may also carry `extraKeys` (returned in `fields` for the caller to read).
    func parseSQL(_ node: Node, extraKeys: [String]) -> (action: SQLAction?, fields: Fields?) {
        if case .scalar = node {
            reader.error(reader.location(node), "sql must be a mapping such as { on: pg, query: \"SELECT 1\" }")
            return (nil, nil)
        }
        let allowed = ["on", "query", "statements", "params", "transaction"] + extraKeys
        guard let f = reader.fields(node, allowed: allowed, what: "sql") else { return (nil, nil) }
        let on = connection(f, what: "sql")
        var statements: [Located<String>] = []
        switch (f["query"], f["statements"]) {
        case (let q?, nil):
            if let q = queryText(q, what: "SQL query") { statements = [q] }
        case (nil, let list?):
            if let items = reader.sequence(list, what: "statements") {
                statements = items.compactMap { queryText($0, what: "SQL statement") }
                if items.isEmpty { reader.error(reader.location(list), "statements is empty") }
            }
        case (.some, .some):
            reader.error(f.location, "sql has both 'query' and 'statements'; use one")
        case (nil, nil) where !reader.wasMisspelled("query", in: f) && !reader.wasMisspelled("statements", in: f):
            reader.error(f.location, "sql needs 'query: …' or 'statements: [ … ]'")
        case (nil, nil): break  // misspelled: the unknown-key error suggests the right key
        }
        let params = sqlParams(f["params"])
        let transaction = f["transaction"].flatMap { reader.bool($0, what: "transaction") } ?? false
        if f.has("params"), f["statements"] != nil {
            reader.error(
                f.keyLocation("params") ?? f.location,
                "params apply to a single 'query'; with 'statements' each statement must be self-contained"
            )
        }
        guard let on, !statements.isEmpty else { return (nil, f) }
        return (SQLAction(on: on, statements: statements, params: params, transaction: transaction), f)
    }

    /// A `cypher` mapping; `allowStatements` (the `cypher` step) also accepts `statements` and `transaction`.
    func parseCypher(_ node: Node, allowStatements: Bool = false) -> CypherAction? {
        if case .scalar = node {
            reader.error(reader.location(node), "cypher must be a mapping such as { on: graph, query: \"RETURN 1\" }")
            return nil
        }
        let allowed = ["on", "query", "params"] + (allowStatements ? ["statements", "transaction", "mode"] : [])
        guard let f = reader.fields(node, allowed: allowed, what: "cypher") else { return nil }
        let on = connection(f, what: "cypher")
        var statements: [Located<String>] = []
        switch (f["query"], f["statements"]) {
        case (let node?, nil):
            guard let q = queryText(node, what: "Cypher query") else { return nil }
            statements = [q]
        case (nil, let list?):
            guard let items = reader.sequence(list, what: "statements") else { return nil }
            statements = items.compactMap { queryText($0, what: "Cypher statement") }
            if items.isEmpty { reader.error(reader.location(list), "statements is empty") }
            guard statements.count == items.count else { return nil }
        case (.some, .some):
            reader.error(f.location, "cypher has both 'query' and 'statements'; use one")
            return nil
        case (nil, nil):
            let misspelled = reader.wasMisspelled("query", in: f) || reader.wasMisspelled("statements", in: f)
            if !misspelled { reader.error(f.location, "cypher needs 'query: …'") }
            return nil
        }
        let params = cypherParams(f["params"])
        let transaction = f["transaction"].flatMap { reader.bool($0, what: "transaction") } ?? false
        var mode: CypherAction.AccessMode?
        if let node = f["mode"], let text = reader.string(node, what: "mode") {
            mode = CypherAction.AccessMode(rawValue: text.value)
            if mode == nil { reader.error(text.location, "mode must be 'read' or 'write', not '\(text.value)'") }
        }
        guard let on, !statements.isEmpty else { return nil }
        return CypherAction(on: on, statements: statements, params: params, transaction: transaction, mode: mode)
    }

    /// `{ sql: {…} }` or `{ cypher: {…} }`.
    func parseSide(_ node: Node, what: String) -> QuerySide? {
        guard let f = reader.fields(node, allowed: ["sql", "cypher"], what: what) else { return nil }
        switch (f["sql"], f["cypher"]) {
        case (let s?, nil):
            guard let a = parseSQL(s) else { return nil }
            if a.statements.count != 1 {
                reader.error(reader.location(s), "\(what) must be a single query")
                return nil
            }
            return QuerySide(language: .sql, on: a.on, query: a.statements[0], sqlParams: a.params)
        case (nil, let c?):
            guard let a = parseCypher(c) else { return nil }
            return QuerySide(language: .cypher, on: a.on, query: a.query, cypherParams: a.params)
        default:
            reader.error(f.location, "\(what) needs exactly one of 'sql: {…}' or 'cypher: {…}'")
            return nil
        }
    }

    func parseCompare(_ node: Node) -> CompareAction? {
        let allowed = ["left", "right", "op", "sample", "key", "batch", "examples"]
        guard let f = reader.fields(node, allowed: allowed, what: "compare") else { return nil }
        for key in ["left", "right"] where !f.has(key) && !reader.wasMisspelled(key, in: f) {
            reader.error(f.location, "compare needs '\(key): { sql: … }' or '\(key): { cypher: … }'")
        }
        let left = f["left"].flatMap { parseSide($0, what: "compare.left") }
        let right = f["right"].flatMap { parseSide($0, what: "compare.right") }
        var op = CompareOperator.equal
        if let o = f["op"] { op = parseOperator(o) ?? .equal }
        var sample: CompareAction.Sample?
        if let s = f["sample"], let sf = reader.fields(s, allowed: ["size", "keys"], what: "sample") {
            let size = sf["size"].flatMap { reader.int($0, what: "size", range: 1...100_000) } ?? 10
            if let k = sf["keys"], let keys = parseSide(k, what: "sample.keys") {
                sample = CompareAction.Sample(size: size, keys: keys)
            } else if sf["keys"] == nil, !reader.wasMisspelled("keys", in: sf) {
                reader.error(sf.location, "sample needs 'keys: { sql: … }' (a query returning the keys to compare)")
            }
        }
        guard let left, let right else { return nil }
        var action = CompareAction(left: left, right: right, op: op, sample: sample)
        keyedCompare(f, into: &action)
        return action
    }

    func parseOperator(_ node: Node) -> CompareOperator? {
        let names = ["equal", "within", "left_gte", "left_lte", "left_gt", "left_lt", "same_rows"]
        if case .scalar(let s) = node {
            switch s.string {
            case "equal", "equals": return .equal
            case "left_gte": return .leftGTE
            case "left_lte": return .leftLTE
            case "left_gt": return .leftGT
            case "left_lt": return .leftLT
            case "same_rows": return .sameRows
            default:
                reader.error(
                    reader.location(node),
                    "unknown compare op '\(s.string)'\(Suggestion.hint(for: s.string, in: names)); expected one of: equal, within: \"0.1%\", left_gte, left_lte, left_gt, left_lt, same_rows"
                )
                return nil
            }
        }
        guard let f = reader.fields(node, allowed: ["within"], what: "op") else { return nil }
        guard let w = f["within"], case .scalar(let s) = w else {
            reader.error(f.location, "op needs 'within: \"0.1%\"' or 'within: 5'")
            return nil
        }
        let text = s.string.trimmingSpaces()
        if text.hasSuffix("%"), let p = Double(text.dropLast().trimmingSpaces()), p >= 0, p.isFinite {
            return .withinPercent(p)
        }
        if let a = Double(text), a >= 0, a.isFinite { return .withinAbsolute(a) }
        reader.error(
            reader.location(w),
            "within must be a percentage such as \"0.1%\" or an absolute number, found '\(text)'"
        )
        return nil
    }

    // MARK: - Processes

    func parseShell(_ node: Node) -> ShellAction? {
        if case .scalar = node {
            return reader.template(node, what: "shell").map { ShellAction(run: $0) }
        }
        guard let f = reader.fields(node, allowed: ["run", "env", "cwd"], what: "shell") else { return nil }
        guard let r = f["run"], let run = reader.template(r, what: "run") else {
            if f["run"] == nil, !reader.wasMisspelled("run", in: f) {
                reader.error(f.location, "shell needs 'run: COMMAND'")
            }
            return nil
        }
        var env: [(name: String, value: Template)] = []
        if let e = f["env"] {
            for (name, location, value) in reader.namedEntries(e, what: "env") {
                guard Self.isEnvName(name) else {
                    reader.error(location, "environment variable name '\(name)' must match [A-Za-z_][A-Za-z0-9_]*")
                    continue
                }
                if let t = reader.template(value, what: "env \(name)") { env.append((name, t)) }
            }
        }
        let cwd = f["cwd"].flatMap { reader.template($0, what: "cwd") }
        return ShellAction(run: run, env: env, cwd: cwd)
    }

    static func isEnvName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || first == "_" else {
            return false
        }
        return s.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
        }
    }

    static let kubectlForbiddenFlags = [
        "--context", "--namespace", "-n", "--kubeconfig", "--cluster", "--all-namespaces", "-A",
    ]

    func parseKubectl(_ node: Node) -> KubectlAction? {
        if case .scalar = node {
            reader.error(
                reader.location(node),
                "kubectl takes an argument list: kubectl: { args: [get, pods] } (no shell string)"
            )
            return nil
        }
        guard let f = reader.fields(node, allowed: ["args"], what: "kubectl") else { return nil }
        guard let a = f["args"], let items = reader.sequence(a, what: "args") else {
            if f["args"] == nil, !reader.wasMisspelled("args", in: f) {
                reader.error(f.location, "kubectl needs 'args: [ … ]'")
            }
            return nil
        }
        if items.isEmpty { reader.error(reader.location(a), "kubectl args is empty") }
        var args: [Template] = []
        for item in items {
            guard let t = reader.template(item, what: "kubectl argument") else { continue }
            if case .scalar(let s) = item {
                let flag = s.string.split(separator: "=", maxSplits: 1).first.map(String.init) ?? s.string
                if Self.kubectlForbiddenFlags.contains(flag) {
                    reader.error(
                        reader.location(item),
                        "kubectl steps may not set '\(flag)': the runbook's kubernetes: { context, namespace } is enforced on every kubectl step"
                    )
                }
            }
            args.append(t)
        }
        return KubectlAction(args: args)
    }

    // MARK: - Gates, transfers, waits

    func parseGate(_ node: Node) -> GateAction? {
        guard let f = reader.fields(node, allowed: ["prompt", "confirm", "approvers", "timeout"], what: "gate") else {
            return nil
        }
        guard let p = f["prompt"], let prompt = reader.template(p, what: "prompt") else {
            if f["prompt"] == nil, !reader.wasMisspelled("prompt", in: f) {
                reader.error(f.location, "gate needs 'prompt: QUESTION'")
            }
            return nil
        }
        var gate = GateAction(prompt: prompt)
        gate.confirm = f["confirm"].flatMap { reader.template($0, what: "confirm") }
        gate.approvers = f["approvers"].flatMap { reader.int($0, what: "approvers", range: 1...10) } ?? 1
        gate.timeout = f["timeout"].flatMap { reader.duration($0, what: "timeout") }
        return gate
    }

    func parseTransfer(_ node: Node) -> TransferAction? {
        guard let f = reader.fields(node, allowed: ["from", "to", "batch", "key", "stall"], what: "transfer") else {
            return nil
        }
        var from: QuerySide?
        var to: QuerySide?
        var count: Located<String>?
        if let n = f["from"], case let (parsed, sqlFields) = parseSQL(n, extraKeys: ["count"]), let a = parsed {
            count = sqlFields?["count"].flatMap { queryText($0, what: "transfer.from.count query") }
            if a.statements.count == 1 {
                from = QuerySide(language: .sql, on: a.on, query: a.statements[0], sqlParams: a.params)
            } else {
                reader.error(reader.location(n), "transfer.from must be a single SQL query")
            }
        } else if f["from"] == nil, !reader.wasMisspelled("from", in: f) {
            reader.error(f.location, "transfer needs 'from: { on: PG_CONNECTION, query: SELECT … }'")
        }
        if let n = f["to"], let a = parseCypher(n) {
            to = QuerySide(language: .cypher, on: a.on, query: a.query, cypherParams: a.params)
            if !a.query.value.contains("$rows") {
                reader.error(
                    a.query.location,
                    "transfer.to must use $rows (e.g. UNWIND $rows AS r MERGE …): each batch is bound to it"
                )
            }
        } else if f["to"] == nil, !reader.wasMisspelled("to", in: f) {
            reader.error(f.location, "transfer needs 'to: { on: GRAPH_CONNECTION, query: UNWIND $rows AS r … }'")
        }
        var batch = Template.literal("1000")
        if let b = f["batch"] {
            if case .scalar(let s) = b, !s.string.contains("${{") {
                if let n = reader.int(b, what: "batch", range: 1...1_000_000) { batch = .literal(String(n)) }
            } else if let t = reader.template(b, what: "batch") {
                batch = t
            }
        }
        let key = keyColumns(f, what: "transfer", purpose: "batches are ordered, checkpointed and resumed by it")
        guard let from, let to, !key.isEmpty else { return nil }
        var transfer = TransferAction(from: from, to: to, batch: batch, key: key, count: count)
        transfer.stall = f["stall"].flatMap { reader.duration($0, what: "stall") }
        return transfer
    }

    func parseWait(_ node: Node) -> WaitAction? {
        if case .scalar = node {
            return reader.duration(node, what: "wait").map(WaitAction.duration)
        }
        guard let f = reader.fields(node, allowed: ["duration", "until", "every", "timeout"], what: "wait") else {
            return nil
        }
        switch (f["duration"], f["until"]) {
        case (let d?, nil):
            for key in ["every", "timeout"] where f.has(key) {
                reader.error(f.keyLocation(key) ?? f.location, "'\(key)' applies to 'until', not to a fixed 'duration'")
            }
            return reader.duration(d, what: "duration").map(WaitAction.duration)
        case (nil, let u?):
            guard let step = reader.nonEmptyString(u, what: "until") else { return nil }
            let every = f["every"].flatMap { reader.duration($0, what: "every") } ?? DurationSpec(seconds: 10)
            let timeout = f["timeout"].flatMap { reader.duration($0, what: "timeout") } ?? DurationSpec(seconds: 300)
            if every.milliseconds == 0 {
                reader.error(f.keyLocation("every") ?? f.location, "every must be greater than 0")
            }
            return .until(step: step, every: every, timeout: timeout)
        case (.some, .some):
            reader.error(f.location, "wait has both 'duration' and 'until'; use one")
        case (nil, nil) where !reader.wasMisspelled("duration", in: f) && !reader.wasMisspelled("until", in: f):
            reader.error(f.location, "wait needs 'duration: 30s' or 'until: STEP' (with every/timeout)")
        case (nil, nil): break  // misspelled: the unknown-key error suggests the right key
        }
        return nil
    }
}
