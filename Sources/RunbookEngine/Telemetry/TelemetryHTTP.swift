import Foundation
import RunbookCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The one HTTP request the telemetry exporters make: a body sent to a collector or Pushgateway.
public enum TelemetryHTTP {
    /// A request that did not get a 2xx answer.
    public struct Failure: Error, CustomStringConvertible {
        /// What happened (no header values: they may hold credentials).
        public var description: String
    }

    /// Sends `body` with `method` to `url`; returns when a 2xx answer arrived, throws otherwise.
    public static func send(
        _ method: String,
        _ url: URL,
        body: [UInt8],
        contentType: String,
        headers: [String: String] = [:],
        timeout: Duration
    ) async throws {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = Data(body)
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw Failure(description: "\(method) \(url.absoluteString) failed: \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else {
            throw Failure(description: "\(method) \(url.absoluteString): not an HTTP response")
        }
        guard (200..<300).contains(http.statusCode) else {
            let text = String(decoding: data.prefix(300), as: UTF8.self)
            throw Failure(description: "\(method) \(url.absoluteString): HTTP \(http.statusCode) \(text)")
        }
    }
}
