import Foundation
import RunbookCore

/// An `http` connector for in-process engine tests (a stand-in, named so): records each request it is sent and
/// answers with the next scripted response, or throws the scripted transport error.
final class RecordingHTTPExecutor: HTTPExecutor, @unchecked Sendable {
    /// A scripted answer.
    enum Answer {
        case response(HTTPResponse)
        case failure(any Error)
    }

    private let lock = NSLock()
    private var answers: [Answer]
    private var sent: [HTTPRequest] = []

    init(_ answers: [Answer]) { self.answers = answers }

    /// The requests received, in order.
    var requests: [HTTPRequest] { lock.withLock { sent } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let answer: Answer? = lock.withLock {
            sent.append(request)
            return answers.isEmpty ? nil : answers.removeFirst()
        }
        switch answer {
        case .response(let response): return response
        case .failure(let error): throw error
        case nil: throw URLError(.cannotConnectToHost)
        }
    }
}
