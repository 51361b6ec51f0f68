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
        let make: @Sendable () -> URLRequest = {
            var request = URLRequest(url: target)
            request.httpMethod = "POST"
            request.httpBody = Data(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.timeoutInterval = Double(timeout.components.seconds) + 1
            return request
        }
        return try await HTTPExchange.send(make, within: timeout).1
    }
}
