import Foundation
import RunbookCore

/// Runs `http` steps through the `http` connector: one request; `status`, `headers`, `body` and `json` for
/// `expect` and `capture`.
struct HTTPRunner {
    let runner: StepRunner

    func run(_ step: Step, _ a: HTTPAction, context: EvaluationContext) async throws -> StepResult {
        let urlText = try runner.render { try a.url.render(in: context).text }
        guard let url = URL(string: urlText), url.scheme == "http" || url.scheme == "https" else {
            throw StepFailure("invalid URL \(runner.redactor.redact(urlText))")
        }
        var request = HTTPRequest(
            method: a.method,
            url: urlText,
            timeout: (step.timeout ?? StepDefaults.queryTimeout).duration
        )
        for (name, value) in a.headers {
            request.headers.append(
                HTTPHeader(name: name, value: try runner.render { try value.render(in: context).text })
            )
        }
        if let json = a.json {
            let value = try runner.render { try ExpectEvaluator.render(json, context) }
            request.body = Array(JSONWriter.string(value).utf8)
            if request.header("Content-Type") == nil {
                request.headers.append(HTTPHeader(name: "Content-Type", value: "application/json"))
            }
        } else if let body = a.body {
            request.body = Array(try runner.render { try body.render(in: context).text }.utf8)
        }
        let started = ContinuousClock.now
        let response: HTTPResponse
        do {
            response = try await runner.connectors.http.send(request)
        } catch {
            throw StepFailure(
                "\(a.method) \(runner.redactor.redact(urlText)) failed: \(runner.redactor.redact(error.localizedDescription))"
            )
        }
        let ms = (ContinuousClock.now - started).milliseconds
        let body = String(decoding: response.body, as: UTF8.self)
        let headers: [(key: String, value: Value)] = response.headers.map {
            (key: $0.name.lowercased(), value: .string($0.value))
        }
        var fields: [String: Value] = [
            "value": .int(Int64(response.status)),
            "status": .int(Int64(response.status)),
            "body": .string(body),
            "headers": .map(headers.sorted { $0.key < $1.key }),
            "duration_ms": .int(ms),
        ]
        if let json = try? JSONParser.parse(body) { fields["json"] = json }
        let result = StepResult(
            value: .int(Int64(response.status)),
            fields: fields,
            summary: "HTTP \(response.status) in \(ms)ms"
        )
        let checksStatus = step.expect?.checks.contains { $0.field == "status" || $0.field == nil } ?? false
        if !(200..<300).contains(response.status), !checksStatus {
            throw StepFailure(
                "HTTP \(response.status) from \(a.method) \(runner.redactor.redact(urlText))",
                detail: String(runner.redactor.redact(body).prefix(2000)),
                result: StepResultBox(result)
            )
        }
        return result
    }
}
