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
