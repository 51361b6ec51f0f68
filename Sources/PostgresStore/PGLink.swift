import Foundation

/// A PostgreSQL connection that reconnects: serializes access, and retries work lost with the connection, with
/// backoff, until a deadline.
final class PGLink: @unchecked Sendable {
    private let location: PostgresLocation
    private let lock = NSLock()
    private var connection: PGConnection?
    /// How long to keep retrying work whose connection was lost.
    let retrySeconds: Double

    /// Creates a link; `connect()` opens it.
    init(location: PostgresLocation, retrySeconds: Double) {
        self.location = location
        self.retrySeconds = retrySeconds
    }

    private func open() throws(PGError) -> PGConnection {
        if let connection, connection.isOK { return connection }
        connection = nil
        let c = try PGConnection(conninfo: location.conninfo, connectTimeout: 5)
        if let schema = location.schema {
            try c.exec("SELECT set_config('search_path', $1, false)", [.text(Self.quoteIdentifier(schema))])
        }
        connection = c
        return c
    }

    /// Runs `body` on the connection once (no retry).
    func once<T>(_ body: (PGConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let c = try open()
        do {
            return try body(c)
        } catch let error as PGError {
            if error.connectionLost { connection = nil }
            throw error
        }
    }

    /// Runs `body`, reconnecting and running it again while the connection is lost.
    ///
    /// Retries (with `retry: true`) for up to `retrySeconds`; errors other than a lost connection are thrown at once.
    func retrying<T>(_ body: (PGConnection, _ retry: Bool) throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(retrySeconds)
        var delay = 0.1
        var attempt = 0
        while true {
            do {
                let isRetry = attempt > 0
                return try once { c in try body(c, isRetry) }
            } catch let error as PGError {
                guard error.connectionLost, Date() < deadline else { throw error }
                attempt += 1
                if attempt == 1 {
                    FileHandle.standardError.write(
                        Data(
                            "warning: lost the connection to PostgreSQL (\(error.message)); retrying for up to \(Int(retrySeconds)) s\n"
                                .utf8
                        )
                    )
                }
                Thread.sleep(forTimeInterval: min(delay, max(0, deadline.timeIntervalSinceNow)))
                delay = min(delay * 2, 2)
            }
        }
    }

    /// `"name"` with embedded quotes doubled (an identifier, for `search_path` and `CREATE SCHEMA`).
    static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
