import Foundation
import RunbookCore
import ShellConnector
import Testing

@Suite struct ProcessRunnerTests {
    let runner = ProcessRunner()

    @Test func exitCodesAreReported() async throws {
        let ok = try await runner.run(TestSupport.shell("echo hello"))
        #expect(ok.termination == .exited(0))
        #expect(ok.exitCode == 0)
        #expect(ok.stdout == "hello\n")
        #expect(ok.succeeded)
        #expect(!ok.timedOut)

        let failed = try await runner.run(TestSupport.shell("echo oops >&2; exit 3"))
        #expect(failed.exitCode == 3)
        #expect(failed.stderr == "oops\n")
        #expect(!failed.succeeded)
    }

    @Test func aSignalIsReportedAsSuch() async throws {
        let result = try await runner.run(TestSupport.shell("kill -USR1 $$"))
        #expect(result.termination == .signaled(SIGUSR1))
        #expect(result.exitCode == nil)
        #expect(result.signal == SIGUSR1)
        #expect(result.termination.shellStatus == 128 + SIGUSR1)
    }

    @Test func aFailingCommandInAPipelineFailsTheStep() async throws {
        let result = try await runner.run(TestSupport.shell("false | cat; echo not-reached"))
        #expect(result.exitCode == 1)
        #expect(result.stdout == "")
    }

    @Test func aFailingCommandStopsTheScript() async throws {
        let result = try await runner.run(TestSupport.shell("echo before; ls /nonexistent-runbook-dir; echo after"))
        #expect(result.exitCode != 0)
        #expect(result.stdout == "before\n")
    }

    @Test func anUnsetVariableFailsTheStep() async throws {
        let result = try await runner.run(TestSupport.shell("echo \"$RUNBOOK_SURELY_UNSET_VARIABLE\"; echo after"))
        #expect(result.exitCode != 0)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("unbound variable"))
    }

    @Test func environmentAndWorkingDirectoryAreApplied() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = ShellScript(
            script: "printf '%s|%s|%s' \"$GREETING\" \"$RUNBOOK_V1\" \"$PWD\"",
            environment: [
                ("RUNBOOK_V1", "from-template")
            ]
        )
        let request = ProcessRequest.shell(script, extraEnvironment: [("GREETING", "hi there")], cwd: directory.path)
        let result = try await runner.run(request)
        #expect(result.stdout == "hi there|from-template|\(directory.path)")
    }

    @Test func theInheritedEnvironmentIsKept() async throws {
        let path = try #require(ProcessInfo.processInfo.environment["PATH"])
        let result = try await runner.run(TestSupport.shell("printf '%s' \"$PATH\""))
        #expect(result.stdout == path)
    }

    @Test func stepVariablesCannotOverrideTemplateValues() async throws {
        let script = ShellScript(script: "printf '%s' \"$RUNBOOK_V1\"", environment: [("RUNBOOK_V1", "value")])
        let request = ProcessRequest.shell(script, extraEnvironment: [("RUNBOOK_V1", "override")])
        #expect(try await runner.run(request).stdout == "value")
    }

    @Test func standardInputIsEmpty() async throws {
        let result = try await runner.run(TestSupport.shell("cat; read -r line || echo eof"))
        #expect(result.stdout == "eof\n")
    }

    @Test func theChildHasItsOwnSessionAndGroup() async throws {
        let result = try await runner.run(TestSupport.shell("ps -o pid=,pgid=,sid= -p $$"))
        let fields = result.stdout.split(separator: " ", omittingEmptySubsequences: true).map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try #require(fields.count == 3)
        #expect(fields[0] == fields[1])
        #expect(fields[0] == fields[2])
    }

    @Test func stdoutAndStderrAreStreamedAsTheyArrive() async throws {
        // The script waits for a file that the test creates only after it has *received* the first lines:
        // without live streaming it would never finish (the timeout would end it instead).
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let go = dir.appendingPathComponent("go").path
        let recorder = ChunkRecorder()
        let script = "echo out1; echo err1 >&2; while [ ! -f \(go) ]; do sleep 0.01; done; echo out2; echo err2 >&2"
        let result = try await runner.run(TestSupport.shell(script), options: ProcessOptions(timeout: .seconds(20))) {
            chunk in
            recorder.record(chunk)
            if recorder.text(of: .stdout).contains("out1"), recorder.text(of: .stderr).contains("err1") {
                _ = FileManager.default.createFile(atPath: go, contents: nil)
            }
        }
        #expect(!result.timedOut)
        #expect(result.stdout == "out1\nout2\n")
        #expect(result.stderr == "err1\nerr2\n")
        #expect(recorder.text(of: .stdout) == result.stdout)
        #expect(recorder.text(of: .stderr) == result.stderr)
    }

    @Test func aMissingExecutableIsAnError() async throws {
        let request = ProcessRequest(executable: .name("runbook-no-such-program"))
        let error = await #expect(throws: ProcessError.self) { try await runner.run(request) }
        #expect(error?.code == .executableNotFound)
    }

    @Test func aMissingWorkingDirectoryIsAnError() async throws {
        let error = await #expect(throws: ProcessError.self) {
            try await runner.run(TestSupport.shell("true", cwd: "/nonexistent-runbook-dir"))
        }
        #expect(error?.code == .workingDirectory)
    }

    @Test func invalidRequestsAreRefusedWithoutQuotingValues() async throws {
        let secret = "s3cret\0value"
        let request = ProcessRequest.shell(ShellScript(script: "true", environment: [("TOKEN", secret)]))
        let error = await #expect(throws: ProcessError.self) { try await runner.run(request) }
        #expect(error?.code == .invalidRequest)
        #expect(error.map { !$0.description.contains("s3cret") } == true)

        let badName = ProcessRequest(executable: .path("/bin/true"), environment: [("A=B", "x")])
        await #expect(throws: ProcessError.self) { try await runner.run(badName) }
    }
}
