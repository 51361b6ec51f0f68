import Foundation
import RunbookCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Asks a Prometheus server's HTTP API (`GET /api/v1/query`): a vector or matrix answer counts its series, a scalar
/// counts as one series when it is not 0.
public struct PrometheusAlarmSource: AlarmSource {
    /// A source; each query has `timeout`.
    public init(timeout: Duration = .seconds(10)) { self.timeout = timeout }

    let timeout: Duration

    /// A query failed (no answer, or Prometheus refused it).
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    public func query(prometheus: String, query: String) async throws -> AlarmAnswer {
        var base = prometheus
        while base.hasSuffix("/") { base.removeLast() }
        guard var components = URLComponents(string: base + "/api/v1/query") else {
            throw Failure(description: "invalid Prometheus URL")
        }
        components.queryItems = [URLQueryItem(name: "query", value: query)]
        // '+' is a space in a query string: encode it so that `a + b` reaches PromQL intact.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        guard let url = components.url else { throw Failure(description: "invalid Prometheus URL") }
        let seconds = Double(timeout.components.seconds)
        let (data, status) = try await HTTPExchange.send(
            {
                var request = URLRequest(url: url)
                request.timeoutInterval = seconds + 1
                return request
            },
            within: timeout
        )
        let document: Value
        do {
            document = try JSONParser.parse([UInt8](data))
        } catch {
            throw Failure(description: "HTTP \(status), not a Prometheus answer")
        }
        guard document["status"]?.text == "success", let answer = document["data"] else {
            let error = document["error"]?.text ?? "HTTP \(status)"
            throw Failure(description: "Prometheus refused the query: \(error)")
        }
        let result = answer["result"] ?? .null
        let text = String(JSONWriter.string(result).prefix(4000))
        switch (answer["resultType"]?.text, result) {
        case ("scalar", .list(let pair)):
            let value = pair.count == 2 ? Double(pair[1].text) ?? 0 : 0
            return AlarmAnswer(series: value == 0 ? 0 : 1, text: text)
        case (_, .list(let series)):
            return AlarmAnswer(series: series.count, text: text)
        default:
            return AlarmAnswer(series: 0, text: text)
        }
    }
}
