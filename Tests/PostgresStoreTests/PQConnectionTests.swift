import Foundation
import Testing

@testable import PostgresStore

/// The shared libpq connection (`PQConnection`, the store's `PGConnection`) against a real server: bound text,
/// binary and NULL parameters, SQLSTATE on errors, and a terminated backend reported as a lost connection.
@Suite(.enabled(if: TeamSchema.available)) struct PQConnectionTests {
    func connect() throws -> PGConnection {
        try PGConnection(conninfo: try #require(TeamSchema.baseURL), connectTimeout: 5)
    }

    /// The error `body` throws, nil when it succeeds.
    func failure<T>(_ body: () throws(PGError) -> T) -> PGError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func boundParametersAreValuesNeverSQL() throws {
        let c = try connect()
        let r = try c.exec(
            "SELECT $1::text, $2::bytea, $3::text IS NULL, length($2::bytea)",
            [.text("x'); DROP TABLE t; --"), .bytes([0, 1, 0xff]), .null]
        )
        #expect(r.rows == [["x'); DROP TABLE t; --", "\\x0001ff", "t", "3"]])
        #expect(ByteaText.decode(r.rows[0][1] ?? "") == [0, 1, 0xff])
        #expect(try c.exec("SELECT generate_series(1, 4)").affected == 4)
    }

    @Test func aServerErrorCarriesItsSQLStateAndKeepsTheConnection() throws {
        let c = try connect()
        let error = try #require(failure { () throws(PGError) in try c.exec("SELECT 1 / $1::int", [.text("0")]) })
        #expect(error.sqlState == "22012")
        #expect(!error.connectionLost)
        #expect(error.message.contains("division by zero"))
        #expect(c.isHealthy())
        #expect(try c.exec("SELECT 'still here'").rows == [["still here"]])
    }

    @Test func aTerminatedBackendIsALostConnection() throws {
        let c = try connect()
        let pid = try #require(try c.exec("SELECT pg_backend_pid()").rows.first?.first ?? nil)
        // Terminated from a second connection; the 5 s argument waits until the backend is gone.
        let other = try connect()
        #expect(try other.exec("SELECT pg_terminate_backend($1::int, 5000)", [.text(pid)]).rows == [["t"]])
        #expect(!c.isHealthy())
        let error = try #require(failure { () throws(PGError) in try c.exec("SELECT 1") })
        #expect(error.connectionLost)
    }
}
