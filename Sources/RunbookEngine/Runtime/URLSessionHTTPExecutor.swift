import Foundation
import RunbookCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `http` step connector: sends requests with URLSession (through `HTTPExchange`, as notification sinks and
/// `abort_if` queries do).
public struct URLSessionHTTPExecutor: HTTPExecutor {
    /// Creates the executor.
    public init() {}

    /// Sends the request; URLSession's error when no response came.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let url = URL(string: request.url) else { throw HTTPExchange.Failure(description: "invalid URL") }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = Double(request.timeout.milliseconds) / 1000
        for header in request.headers { urlRequest.setValue(header.value, forHTTPHeaderField: header.name) }
        urlRequest.httpBody = request.body.map { Data($0) }
        let (data, http) = try await HTTPExchange.send(urlRequest)
        let headers = http.allHeaderFields.map {
            HTTPHeader(name: String(describing: $0.key), value: String(describing: $0.value))
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: [UInt8](data))
    }
}
