import Foundation
import ShellConnector
import Testing

/// Timeouts and cancellation stop the child's whole process group.
@Suite struct ProcessTeardownTests {
    let runner = ProcessRunner()

    /// The pids a script printed, one per line.
    static func pids(in output: String) -> [Int32] {
        output.split(separator: "\n").compactMap { Int32($0) }
    }

    @Test func aTimeoutStopsTheChildAndItsGrandchildren() async throws {
        // The grandchild `sleep` runs in the background; bash waits for it.
        let script = "sleep 100 & echo $!; sleep 100 | cat & echo $!; wait"
        let options = ProcessOptions(timeout: .milliseconds(300), gracePeriod: .seconds(2))
        let result = try await runner.run(TestSupport.shell(script), options: options)
        #expect(result.timedOut)
        #expect(!result.succeeded)
        #expect(result.termination == .signaled(SIGTERM))
        let pids = Self.pids(in: result.stdout)
        #expect(pids.count == 2)
        for pid in pids { #expect(!TestSupport.isRunning(pid), "grandchild \(pid) survived") }
        #expect(result.duration < .seconds(100))
    }

    @Test func timeoutsWhileTheChildIsStillStartingLeaveNothingBehind() async throws {
        // Timeouts from 1 ms up: some fire before the child has its session, some while bash starts its
        // background jobs. Whatever the moment, no `sleep` may survive and no run may wait for one.
        let marker = "30.\(Int.random(in: 100_000...999_999))"
        let script = "sleep \(marker) & sleep \(marker) | cat & wait"
        for millis in [1, 2, 3, 5, 8, 13, 21, 34] {
            let options = ProcessOptions(timeout: .milliseconds(millis), gracePeriod: .milliseconds(300))
            let result = try await runner.run(TestSupport.shell(script), options: options)
            #expect(result.duration < .seconds(25), "the run waited for background jobs: \(result.duration)")
        }
        #expect(Self.processes(runningCommandLine: "sleep\0\(marker)").isEmpty, "a background sleep survived")
    }

    /// Pids whose /proc cmdline contains `needle` (arguments separated by NUL).
    static func processes(runningCommandLine needle: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { name in
            guard Int32(name) != nil, let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else {
                return false
            }
            return String(decoding: data, as: UTF8.self).contains(needle)
        }
    }

    @Test func aChildIgnoringSIGTERMIsKilledAfterTheGracePeriod() async throws {
        let script = "trap '' TERM; sleep 100 & echo $!; wait"
        let options = ProcessOptions(timeout: .milliseconds(200), gracePeriod: .milliseconds(500))
        let result = try await runner.run(TestSupport.shell(script), options: options)
        #expect(result.timedOut)
        #expect(result.termination == .signaled(SIGKILL))
        // SIGKILL comes only after the grace period.
        #expect(result.duration >= .milliseconds(700))
        for pid in Self.pids(in: result.stdout) { #expect(!TestSupport.isRunning(pid)) }
    }

    @Test func aGrandchildIgnoringSIGTERMIsKilledAfterTheChildExits() async throws {
        // bash dies of SIGTERM at once; the subshell's sleep ignores it and must still go.
        let script = "(trap '' TERM; sleep 100) & echo $!; wait"
        let options = ProcessOptions(timeout: .milliseconds(200), gracePeriod: .milliseconds(300))
        let result = try await runner.run(TestSupport.shell(script), options: options)
        #expect(result.timedOut)
        let pids = Self.pids(in: result.stdout)
        #expect(pids.count == 1)
        for pid in pids { #expect(!TestSupport.isRunning(pid)) }
    }

    @Test func backgroundJobsLeftBehindAreStoppedWhenTheChildExits() async throws {
        let result = try await runner.run(TestSupport.shell("sleep 100 >/dev/null 2>&1 & echo $!"))
        #expect(result.exitCode == 0)
        let pids = Self.pids(in: result.stdout)
        #expect(pids.count == 1)
        for pid in pids { #expect(!TestSupport.isRunning(pid)) }
    }

    @Test func cancellingTheCallingTaskStopsTheGroupAndThrows() async throws {
        let (pids, continuation) = AsyncStream.makeStream(of: Int32.self)
        let script = "sleep 100 & echo $!; wait"
        let options = ProcessOptions(gracePeriod: .seconds(2))
        let task = Task {
            try await runner.run(TestSupport.shell(script), options: options) { chunk in
                for pid in TestSupport.pidsFromChunk(chunk.text) { continuation.yield(pid) }
            }
        }
        var iterator = pids.makeAsyncIterator()
        let grandchild = try #require(await iterator.next())
        #expect(TestSupport.isRunning(grandchild))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(!TestSupport.isRunning(grandchild))
    }

    @Test func aTaskCancelledBeforeTheRunStillLeavesNothingBehind() async throws {
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await runner.run(TestSupport.shell("sleep 100 & echo $!; wait"))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}

extension TestSupport {
    static func pidsFromChunk(_ text: String) -> [Int32] {
        text.split(separator: "\n").compactMap { Int32($0) }
    }
}
