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
        let make = HTTPExchange.request(
            "POST",
            to: target,
            body: body,
            contentType: "application/json",
            timeout: timeout
        )
        return try await HTTPExchange.send(make, within: timeout).1
    }
}
