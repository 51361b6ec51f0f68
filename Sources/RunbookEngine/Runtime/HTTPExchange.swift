import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP request and its response, as `http` steps, notification sinks and `abort_if` queries send them.
enum HTTPExchange {
    /// A transport-level failure (no HTTP response).
    struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        var description: String
    }

    /// Sends `request` and returns the body and the response (any status).
    static func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw Failure(description: "not an HTTP response") }
        return (data, http)
    }
}
