import Foundation
import PostgresConnector
import RunbookCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A hung server cannot be made from a real PostgreSQL, so this uses a listening socket that never answers.
@Suite struct PostgresConnectTimeoutTests {
    @Test func stepTimeoutBoundsConnectingToASilentListener() async throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(bound == 0)
        try #require(listen(listener, 4) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        let port = UInt16(bigEndian: address.sin_port)

        let dsn = "host=127.0.0.1 port=\(port) user=nobody dbname=none password=silent-secret sslmode=disable"
        let executor = try PostgresQueryExecutor(ResolvedConnection(name: "hung", kind: .postgres(dsn: dsn)))
        let error = await PG.error {
            try await executor.execute(
                ResolvedQuery(statements: ["SELECT 1"]),
                options: ExecutionOptions(timeout: .milliseconds(300))
            )
        }
        #expect(error?.code == .timeout)
        #expect(error?.message.hasPrefix("could not connect before the step's timeout") == true)
        #expect(error?.description.contains("silent-secret") == false)
    }
}
