import PostgresLibPQ
import RunbookCore

/// Builds `ExecutorError`s from libpq error results.
enum PostgresServerError {
    /// SQLSTATEs after which trying again may succeed.
    static let transientStates: Set<String> = ["40001", "40P01", "57P01", "57P02", "57P03"]

    /// The error of a failed result.
    ///
    /// - Parameters:
    ///   - result: A `PGRES_FATAL_ERROR` (or other failed) result.
    ///   - query: The statement text, to point at the error position.
    ///   - connectionLost: Whether the connection's status is bad after the failure.
    /// - Returns: The error, with SQLSTATE, detail, hint and the query line with a caret.
    static func make(result: PQResult, query: String, connectionLost: Bool) -> ExecutorError {
        let state = result.errorField("C")
        let primary = result.errorField("M") ?? result.errorMessage ?? "query failed"
        var lines: [String] = []
        if let detail = result.errorField("D") { lines.append("DETAIL: " + detail) }
        if let hint = result.errorField("H") { lines.append("HINT: " + hint) }
        if let position = result.errorField("P").flatMap(Int.init) {
            lines.append(contentsOf: caret(in: query, at: position))
        } else if let position = result.errorField("p").flatMap(Int.init), let internalQuery = result.errorField("q") {
            lines.append("QUERY: " + internalQuery)
            lines.append(contentsOf: caret(in: internalQuery, at: position))
        }
        if let context = result.errorField("W") { lines.append("CONTEXT: " + context) }
        let transient = connectionLost || state.map { transientStates.contains($0) || $0.hasPrefix("08") } ?? false
        return ExecutorError(
            code: connectionLost ? .connection : .server,
            message: primary,
            detail: lines.isEmpty ? nil : lines.joined(separator: "\n"),
            serverCode: state,
            isTransient: transient
        )
    }

    /// The error for a failure that produced no result (sending failed, connection dropped).
    static func connectionError(_ connection: PQConnection, doing what: String) -> ExecutorError {
        let message = connection.errorMessage
        return ExecutorError(
            code: .connection,
            message: "\(what): \(message.isEmpty ? "connection lost" : message)",
            isTransient: true
        )
    }

    /// `LINE n: text` and a caret under the 1-based character position, as psql shows it.
    static func caret(in query: String, at position: Int) -> [String] {
        let scalars = Array(query.unicodeScalars)
        guard position >= 1, position <= scalars.count + 1 else { return [] }
        let offset = position - 1
        var lineStart = 0
        var lineNumber = 1
        for i in 0..<offset where scalars[i] == "\n" {
            lineStart = i + 1
            lineNumber += 1
        }
        var lineEnd = offset
        while lineEnd < scalars.count, scalars[lineEnd] != "\n" { lineEnd += 1 }
        var line = String.UnicodeScalarView(scalars[lineStart..<lineEnd])
        if line.last == "\r" { line.removeLast() }
        let prefix = "LINE \(lineNumber): "
        var pad = String(repeating: " ", count: prefix.count)
        for s in scalars[lineStart..<offset] { pad.append(s == "\t" ? "\t" : " ") }
        return [prefix + String(line), pad + "^"]
    }
}
