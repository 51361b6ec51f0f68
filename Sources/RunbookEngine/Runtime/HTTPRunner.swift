import Foundation
import RunbookCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs `http` steps: one request; `status`, `headers`, `body` and `json` for `expect` and `capture`.
struct HTTPRunner {
    let runner: StepRunner

    func run(_ step: Step, _ a: HTTPAction, context: EvaluationContext) async throws -> StepResult {
        let urlText = try runner.render { try a.url.render(in: context).text }
        guard let url = URL(string: urlText), url.scheme == "http" || url.scheme == "https" else {
            throw StepFailure("invalid URL \(runner.redactor.redact(urlText))")
        }
        var request = URLRequest(url: url)
        request.httpMethod = a.method
        request.timeoutInterval = (step.timeout ?? StepDefaults.queryTimeout).seconds
        for (name, value) in a.headers {
            request.setValue(try runner.render { try value.render(in: context).text }, forHTTPHeaderField: name)
        }
        if let json = a.json {
            let value = try runner.render { try ExpectEvaluator.render(json, context) }
            request.httpBody = Data(JSONWriter.string(value).utf8)
            if request.value(forHTTPHeaderField: "Content-Type") == nil {
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
        } else if let body = a.body {
            request.httpBody = Data(try runner.render { try body.render(in: context).text }.utf8)
        }
        let started = ContinuousClock.now
        let (data, http): (Data, HTTPURLResponse)
        do {
            (data, http) = try await HTTPExchange.send(request)
        } catch {
            throw StepFailure(
                "\(a.method) \(runner.redactor.redact(urlText)) failed: \(runner.redactor.redact(error.localizedDescription))"
            )
        }
        let elapsed = ContinuousClock.now - started
        let ms = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let body = String(decoding: data, as: UTF8.self)
        var headers: [(key: String, value: Value)] = []
        for (k, v) in http.allHeaderFields {
            headers.append((key: String(describing: k).lowercased(), value: .string(String(describing: v))))
        }
        var fields: [String: Value] = [
            "value": .int(Int64(http.statusCode)),
            "status": .int(Int64(http.statusCode)),
            "body": .string(body),
            "headers": .map(headers.sorted { $0.key < $1.key }),
            "duration_ms": .int(ms),
        ]
        if let json = try? JSONParser.parse(body) { fields["json"] = json }
        let result = StepResult(
            value: .int(Int64(http.statusCode)),
            fields: fields,
            summary: "HTTP \(http.statusCode) in \(ms)ms"
        )
        let checksStatus = step.expect?.checks.contains { $0.field == "status" || $0.field == nil } ?? false
        if !(200..<300).contains(http.statusCode), !checksStatus {
            throw StepFailure(
                "HTTP \(http.statusCode) from \(a.method) \(runner.redactor.redact(urlText))",
                detail: String(runner.redactor.redact(body).prefix(2000)),
                result: StepResultBox(result)
            )
        }
        return result
    }
}
