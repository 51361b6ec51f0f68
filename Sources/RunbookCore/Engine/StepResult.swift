/// What a step produced, in the shape `expect` and `capture` read.
///
/// `value` is the scalar result (first column of the first row; trimmed stdout; HTTP status); `fields` holds named
/// fields (`stdout`, `exit_code`, columns of the first row, `left`/`right`/`difference`, …).
public struct StepResult: Sendable, Hashable {
    /// The scalar result.
    public var value: Value
    /// Named fields.
    public var fields: [String: Value]
    /// Rows returned, for `rows:` and `empty:` checks.
    public var rowCount: Int?
    /// A one-line summary for the terminal and the journal.
    public var summary: String

    /// Creates a result.
    public init(value: Value, fields: [String: Value] = [:], rowCount: Int? = nil, summary: String = "") {
        self.value = value
        self.fields = fields
        self.rowCount = rowCount
        self.summary = summary
    }

    /// A result for a query.
    public init(query: QueryResult) {
        var fields = query.firstRow
        fields["row_count"] = .int(Int64(query.rowCount))
        for (k, v) in query.counters where fields[k] == nil { fields[k] = v }
        fields["value"] = query.scalar
        let summary =
            query.columns.isEmpty
            ? (query.counters["command"]?.text ?? "ok")
            : "\(query.rowCount) row\(query.rowCount == 1 ? "" : "s")"
                + (query.rows.isEmpty ? "" : ", first: \(query.scalar.text)")
        self.init(value: query.scalar, fields: fields, rowCount: query.rowCount, summary: summary)
    }

    /// The result of a query the server refused, for `expect: { error_code: … }` to check.
    public init(serverError code: String, message: String, gqlStatus: String?) {
        var fields: [String: Value] = [
            "value": .string(code), "error_code": .string(code), "error_message": .string(message),
        ]
        if let gqlStatus { fields["gql_status"] = .string(gqlStatus) }
        self.init(value: .string(code), fields: fields, summary: "failed with \(code): \(message)")
    }

    /// A result for a process.
    public init(process: ProcessOutcome) {
        let trimmed = process.stdout.trimmingSpaces()
        self.init(
            value: .string(trimmed),
            fields: [
                "value": .string(trimmed),
                "stdout": .string(process.stdout),
                "stderr": .string(process.stderr),
                "exit_code": .int(Int64(process.exitCode)),
            ],
            summary: "exit \(process.exitCode)"
        )
    }

    /// Looks up a field path: `nil` → the scalar; `stdout`; `json.data.result`; a column name.
    public func field(_ path: String?) -> Value? {
        guard let path else { return value }
        if let direct = fields[path] { return direct }
        let parts = path.split(separator: ".").map(String.init)
        guard let first = parts.first, var current = fields[first] else { return nil }
        for part in parts.dropFirst() {
            if let next = current[part] {
                current = next
            } else if case .list(let items) = current, let i = Int(part), items.indices.contains(i) {
                current = items[i]
            } else {
                return nil
            }
        }
        return current
    }

    /// The step's outputs: the kind's builtin outputs (`StepBody.builtinOutputs`) plus captures (`name: field`).
    public func outputs(of body: StepBody, capturing captures: [Capture]) -> [String: Value] {
        var out: [String: Value] = ["value": value]
        for name in body.builtinOutputs { if let v = fields[name] { out[name] = v } }
        for c in captures { out[c.name] = field(c.field) ?? .null }
        return out
    }
}
