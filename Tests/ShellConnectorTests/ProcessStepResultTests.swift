import RunbookCore
import ShellConnector
import Testing

@Suite struct ProcessStepResultTests {
    @Test func fieldsFromAFinishedProcess() async throws {
        let result = try await ProcessRunner().run(TestSupport.shell("printf '  42 \\n\\n'; echo warn >&2; exit 4"))
        let fields = ProcessStepResult.fields(of: result)
        #expect(fields["value"] == .string("42"))
        #expect(fields["stdout"] == .string("  42 \n\n"))
        #expect(fields["stderr"] == .string("warn\n"))
        #expect(fields["exit_code"] == .int(4))
        #expect(fields["timed_out"] == .bool(false))
    }

    @Test func aSignalBecomesTheShellStatus() {
        let result = ProcessResult(termination: .signaled(9), stdout: "", stderr: "", timedOut: true)
        let fields = ProcessStepResult.fields(of: result)
        #expect(fields["exit_code"] == .int(137))
        #expect(fields["value"] == .string(""))
        #expect(fields["timed_out"] == .bool(true))
    }
}
