import Foundation
import RunbookCore
import RunbookEngine
import Testing

/// `http` steps in-process, through an injected `http` connector: what the engine renders into the request, and
/// how the response feeds `expect`, `capture` and failures.
@Suite struct HTTPStepScriptTests {
    @Test func theRenderedRequestReachesTheConnectorAndItsResponseFeedsExpectAndCapture() async throws {
        let s = try EngineScript(
            """
            runbook: http-script
            phases:
              - id: p
                steps:
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
        let http = RecordingHTTPExecutor([
            .response(
                HTTPResponse(
                    status: 201,
                    headers: [HTTPHeader(name: "Location", value: "/v1/users/7")],
                    body: Array(#"{"id":7}"#.utf8)
                )
            )
        ])
        s.http = http
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
        let s = try EngineScript(
            """
            runbook: http-failure
            phases:
              - id: p
                steps:
                  - id: call
                    http: { method: GET, url: "http://health.example.invalid/ready" }
                  - id: never
                    shell: "echo ran >> @DIR/out"
            """
        )
        s.http = RecordingHTTPExecutor([.response(HTTPResponse(status: 503, body: Array("draining".utf8)))])
        #expect(try await s.run() == .failed)
        let failed = try #require(s.events(JournalEventType.stepFailed).first)
        #expect(failed.data["error"]?.text.contains("HTTP 503 from GET http://health.example.invalid/ready") == true)
        #expect(s.lines("out").isEmpty)
    }

    @Test func noResponseFailsTheStepNamingTheRequest() async throws {
        let s = try EngineScript(
            """
            runbook: http-refused
            phases:
              - id: p
                steps:
                  - id: call
                    http: { method: DELETE, url: "http://gone.example.invalid/x" }
            """
        )
        let http = RecordingHTTPExecutor([.failure(URLError(.cannotConnectToHost))])
        s.http = http
        #expect(try await s.run() == .failed)
        #expect(http.requests.map(\.method) == ["DELETE"])
        let failed = try #require(s.events(JournalEventType.stepFailed).first)
        #expect(failed.data["error"]?.text.hasPrefix("DELETE http://gone.example.invalid/x failed: ") == true)
    }
}
