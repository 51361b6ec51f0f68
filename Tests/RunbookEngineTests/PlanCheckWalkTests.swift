import Foundation
import RunbookCore
import RunbookEngine
import ShellConnector
import Testing

/// `plan --check` in-process: the state machine orders the walk and decides the skips and the expectations; the
/// check runs only what reads (`mutates: false` shell steps here, real `bash`), once each, to the end.
@Suite struct PlanCheckWalkTests {
    @Test func theCheckWalksEveryStepOnceWithoutRetriesRollbacksOrMutations() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plan-walk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = """
            runbook: walk
            params:
              go: { type: bool, default: false }
            guards:
              - id: g
                shell: "echo g >> \(dir.path)/reads; false"
                mutates: false
            phases:
              - id: p
                steps:
                  - id: read
                    shell: "echo read >> \(dir.path)/reads; echo 41"
                    mutates: false
                    expect: { stdout: { equals: "42" } }
                    retry: { attempts: 3, delay: 1h }
                    on_failure: { rollback: undo }
                  - id: count
                    shell: "echo count >> \(dir.path)/reads; echo 7"
                    mutates: false
                    capture: { n: stdout }
                  - id: optional
                    when: ${{ params.go }}
                    shell: "echo optional >> \(dir.path)/reads"
                    mutates: false
                  - id: write
                    shell: "echo write >> \(dir.path)/writes"
                  - id: ask
                    gate: { prompt: "go on?" }
                  - id: after-write
                    shell: "echo ${{ steps.write.outputs.stdout }}"
                    mutates: false
            rollbacks:
              - id: undo
                steps:
                  - id: r
                    shell: "echo undo >> \(dir.path)/writes"
            """
        let runbook = try #require(RunbookLoader.load(text: yaml).runbook)
        guard case .success(let bindings) = ParamBinder.bind(runbook, assignments: [], requireAll: true) else {
            Issue.record("params do not bind")
            return
        }
        let checker = PlanChecker(
            runbook: runbook,
            connectors: Connectors(process: ShellProcessExecutor(gracePeriod: .milliseconds(200))) { connection in
                throw NoDatabase(name: connection.name)
            },
            environment: [:]
        )
        let lines = try await checker.check(bindings: bindings).map { "\($0.step) \($0.verdict)" }
        #expect(
            lines == [
                "g failed", "read failed", "count passed", "optional skip", "write not-run", "ask not-run",
                "after-write unknown",
            ]
        )
        let reads = try String(contentsOf: dir.appendingPathComponent("reads"), encoding: .utf8)
        #expect(reads == "g\nread\ncount\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("writes").path))
    }
}
