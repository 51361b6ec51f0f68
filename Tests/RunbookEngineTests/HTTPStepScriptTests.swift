import Foundation
import RunbookCore
import RunbookEngine
import Testing

/// `http` steps in-process, through an injected `http` connector: what the engine renders into the request, and
/// how the response feeds `expect`, `capture` and failures.
@Suite struct HTTPStepScriptTests {
    /// A script of runbook `id` (one phase `p` of `steps`, each written from column 0) whose `http` connector gives
    /// `answers` in turn; the connector is returned too, for the requests it received.
    static func makeScript(
        _ id: String,
        answers: [RecordingHTTPExecutor.Answer],
        steps: String
    ) throws -> (EngineScript, RecordingHTTPExecutor) {
        let indented = steps.split(separator: "\n", omittingEmptySubsequences: false).map { "      \($0)" }
        let s = try EngineScript(
            (["runbook: \(id)", "phases:", "  - id: p", "    steps:"] + indented).joined(separator: "\n")
        )
        let http = RecordingHTTPExecutor(answers)
        s.http = http
        return (s, http)
    }

    /// The error of the run's first `step.failed`.
    static func firstFailure(_ s: EngineScript) throws -> String {
        try #require(s.events(JournalEventType.stepFailed).first?.data["error"]?.text)
    }

    @Test func theRenderedRequestReachesTheConnectorAndItsResponseFeedsExpectAndCapture() async throws {
        let created = HTTPResponse(
            status: 201,
            headers: [HTTPHeader(name: "Location", value: "/v1/users/7")],
            body: Array(#"{"id":7}"#.utf8)
        )
        let (s, http) = try Self.makeScript(
            "http-script",
            answers: [.response(created)],
            steps: """
                - id: name
                  shell: "printf alice"
                  capture: { who: stdout }
                - id: call
                  http:
                    method: POST
                    url: "https://deploy.example.invalid/v1/users"
                    headers: { X-Request: "for ${{ steps.name.outputs.who }}" }
                    json: { user: "${{ steps.name.outputs.who }}", n: 2 }
                  expect: { status: 201 }
                  capture: { code: status, reply: body }
                - id: after
                  shell: "echo \\"${{ steps.call.outputs.code }} ${{ steps.call.outputs.reply }}\\" >> @DIR/out"
                """
        )
        #expect(try await s.run() == .succeeded)
        let request = try #require(http.requests.first)
        #expect(http.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.url == "https://deploy.example.invalid/v1/users")
        #expect(request.header("x-request") == "for alice")
        #expect(request.header("Content-Type") == "application/json")
        let body = try JSONParser.parse(String(decoding: request.body ?? [], as: UTF8.self))
        #expect(body["user"] == .string("alice"))
        #expect(body["n"] == .int(2))
        #expect(request.timeout == StepDefaults.queryTimeout.duration)
        #expect(s.lines("out") == [#"201 {"id":7}"#])
    }

    @Test func aServerErrorWithoutAStatusExpectationFailsTheStepWithTheStatusAndBody() async throws {
        let (s, _) = try Self.makeScript(
            "http-failure",
            answers: [.response(HTTPResponse(status: 503, body: Array("draining".utf8)))],
            steps: """
                - id: call
                  http: { method: GET, url: "http://health.example.invalid/ready" }
                - id: never
                  shell: "echo ran >> @DIR/out"
                """
        )
        #expect(try await s.run() == .failed)
        #expect(try Self.firstFailure(s).contains("HTTP 503 from GET http://health.example.invalid/ready"))
        #expect(s.lines("out").isEmpty)
    }

    @Test func noResponseFailsTheStepNamingTheRequest() async throws {
        let (s, http) = try Self.makeScript(
            "http-refused",
            answers: [.failure(URLError(.cannotConnectToHost))],
            steps: """
                - id: call
                  http: { method: DELETE, url: "http://gone.example.invalid/x" }
                """
        )
        #expect(try await s.run() == .failed)
        #expect(http.requests.map(\.method) == ["DELETE"])
        #expect(try Self.firstFailure(s).hasPrefix("DELETE http://gone.example.invalid/x failed: "))
    }
}
