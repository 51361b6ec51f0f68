import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// How a notification reaches its sink: one POST of a JSON body.
public protocol NotificationTransport: Sendable {
    /// Posts `body` to `url` and returns the HTTP status; throws when no response came within `timeout`.
    func post(_ url: String, body: [UInt8], timeout: Duration) async throws -> Int
}

/// POSTs over HTTP(S) with the project's HTTP exchange; the timeout bounds the whole request.
public struct HTTPNotificationTransport: NotificationTransport {
    /// A transport.
    public init() {}

    public func post(_ url: String, body: [UInt8], timeout: Duration) async throws -> Int {
        guard let target = URL(string: url) else { throw HTTPExchange.Failure(description: "invalid URL") }
        return try await withThrowingTaskGroup(of: Int?.self) { group in
            group.addTask {
                try await HTTPExchange.send(Self.request(target, body: body, timeout: timeout)).1.statusCode
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let status = try await group.next() ?? nil else {
                throw HTTPExchange.Failure(description: "no response within \(timeout)")
            }
            return status
        }
    }

    static func request(_ url: URL, body: [UInt8], timeout: Duration) -> URLRequest {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.timeoutInterval = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        return request
    }
}
