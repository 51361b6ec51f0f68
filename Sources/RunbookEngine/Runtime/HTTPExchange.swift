import Foundation
import Synchronization

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

    /// Sends the request `make` builds and returns the body and status, or fails when no response came within
    /// `timeout`.
    ///
    /// The request runs on a task of its own that is cancelled, not awaited, when the timeout wins: a request
    /// that does not end on cancellation (a server that accepted and never answers) never holds the caller.
    static func send(
        _ make: @escaping @Sendable () -> URLRequest,
        within timeout: Duration
    ) async throws -> (Data, Int) {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Data, Int), any Error>) in
            let answer = Answer(continuation)
            let request = Task {
                do {
                    let (data, response) = try await send(make())
                    answer.settle(.success((data, response.statusCode)))
                } catch {
                    answer.settle(.failure(error))
                }
            }
            Task {
                try? await Task.sleep(for: timeout)
                if answer.settle(.failure(Failure(description: "no response within \(timeout)"))) { request.cancel() }
            }
        }
    }

    /// The request that sends `body` with `method` to `url`, with `contentType` and extra `headers`: what webhooks,
    /// OTLP exports and Pushgateway pushes send through `send(_:within:)`.
    static func request(
        _ method: String,
        to url: URL,
        body: [UInt8],
        contentType: String,
        headers: [String: String] = [:],
        timeout: Duration
    ) -> @Sendable () -> URLRequest {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        return {
            var request = URLRequest(url: url)
            request.httpMethod = method
            request.httpBody = Data(body)
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            // URLSession's own timeout only as a backstop: the deadline of `send(_:within:)` bounds the exchange.
            request.timeoutInterval = seconds + 1
            return request
        }
    }

    /// Sends `body` with `method` to `url` within `timeout` and fails unless the answer is 2xx; the error names the
    /// method, the URL and the status (never a header value: they may hold credentials).
    static func deliver(
        _ method: String,
        to url: URL,
        body: [UInt8],
        contentType: String,
        headers: [String: String] = [:],
        within timeout: Duration
    ) async throws(Failure) {
        let make = request(method, to: url, body: body, contentType: contentType, headers: headers, timeout: timeout)
        let data: Data
        let status: Int
        do {
            (data, status) = try await send(make, within: timeout)
        } catch let failure as Failure {
            throw Failure(description: "\(method) \(url.absoluteString) failed: \(failure.description)")
        } catch {
            throw Failure(description: "\(method) \(url.absoluteString) failed: \(error.localizedDescription)")
        }
        guard (200..<300).contains(status) else {
            let text = String(decoding: data.prefix(300), as: UTF8.self)
            throw Failure(description: "\(method) \(url.absoluteString): HTTP \(status) \(text)")
        }
    }

    /// Resumes the caller once: with the response or with the timeout, whichever comes first.
    final class Answer: Sendable {
        let continuation: Mutex<CheckedContinuation<(Data, Int), any Error>?>

        init(_ continuation: CheckedContinuation<(Data, Int), any Error>) { self.continuation = Mutex(continuation) }

        @discardableResult
        func settle(_ result: Result<(Data, Int), any Error>) -> Bool {
            let taken = continuation.withLock { c in
                defer { c = nil }
                return c
            }
            guard let taken else { return false }
            taken.resume(with: result)
            return true
        }
    }
}
