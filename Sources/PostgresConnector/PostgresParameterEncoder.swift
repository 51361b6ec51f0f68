import RunbookCore

/// Turns `Value`s into libpq text-format parameters.
enum PostgresParameterEncoder {
    /// The text for one parameter, or nil for SQL NULL.
    ///
    /// Integers and doubles keep full precision (doubles print their shortest round-trip form), booleans are
    /// `t`/`f`, lists and maps become JSON text.
    static func text(for value: Value, index: Int) throws(ExecutorError) -> String? {
        let text: String
        switch value {
        case .null: return nil
        case .bool(let b): text = b ? "t" : "f"
        case .int(let i): text = String(i)
        case .double(let d): text = doubleText(d)
        case .string(let s): text = s
        case .list, .map: text = JSONWriter.string(value)
        }
        if text.utf8.contains(0) {
            throw ExecutorError(
                code: .configuration,
                message: "parameter $\(index) contains a NUL character, which PostgreSQL text cannot hold"
            )
        }
        return text
    }

    static func doubleText(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return String(d)
    }
}
