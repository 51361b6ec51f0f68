import Foundation
import ShellConnector
import Testing

/// Timeouts and cancellation stop the child's whole process group.
///
/// The children's `sleep`s last an hour, so a run that waited for them instead of stopping them would hang
/// rather than merely run slowly. The suite's time limit is a hang guard that turns such a hang into a
/// failure; it is no speed check, and no test here bounds how long a run may take.
@Suite(.timeLimit(.minutes(5))) struct ProcessTeardownTests {
    let runner = ProcessRunner()

    /// The pids a script printed, one per line.
    static func pids(in output: String) -> [Int32] {
        output.split(separator: "\n").compactMap { Int32($0) }
    }

    @Test func theChildLeadsItsOwnSessionAndProcessGroup() async throws {
        // Fields 5 and 6 of /proc/PID/stat are the process group and the session; `$$` is bash's pid.
        let result = try await runner.run(TestSupport.shell("echo $$; cut -d ' ' -f 5,6 /proc/$$/stat"))
        let lines = result.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 2, "\(result.stdout)\(result.stderr)")
        #expect(lines[1] == "\(lines[0]) \(lines[0])")
    }

    @Test func aTimeoutStopsTheChildAndItsGrandchildren() async throws {
        // The grandchild `sleep`s run in the background; bash waits for them. How far bash got before the
        // timeout depends on the machine's speed, so the check is that none of its sleeps exists afterwards.
        let marker = Self.marker()
        let script = "sleep \(marker) & echo $!; sleep \(marker) | cat & echo $!; wait"
        let options = ProcessOptions(timeout: .milliseconds(300), gracePeriod: .seconds(2))
        let result = try await runner.run(TestSupport.shell(script), options: options)
        #expect(result.timedOut)
        #expect(!result.succeeded)
        #expect(result.termination == .signaled(SIGTERM))
        for pid in Self.pids(in: result.stdout) { #expect(!TestSupport.isRunning(pid), "grandchild \(pid) survived") }
        #expect(Self.leftovers(marker).isEmpty, "a grandchild survived")
    }

    /// How many timed-out runs ``timeoutsWhileTheChildIsStillStartingLeaveNothingBehind()`` makes.
    ///
    /// Timeouts of 0 to 34 ms spread over every phase of the child's start: before the runner has learnt the
    /// child's pid, before bash has run, between its two background jobs, and after both have started. Twenty
    /// runs per timeout put each phase under test many times in one run of the suite.
    static let startingRuns = 180

    @Test func timeoutsWhileTheChildIsStillStartingLeaveNothingBehind() async throws {
        // Right after each run returns, no `sleep` it started may exist. The sleeps last an hour, so a run that
        // waited for them would hang (caught by the suite's time limit); no clock is read here.
        let marker = Self.marker()
        let script = "sleep \(marker) & sleep \(marker) | cat & wait"
        let timeouts = [0, 1, 2, 3, 5, 8, 13, 21, 34]
        for run in 0..<Self.startingRuns {
            let millis = timeouts[run % timeouts.count]
            let options = ProcessOptions(timeout: .milliseconds(millis), gracePeriod: .milliseconds(300))
            let result = try await runner.run(TestSupport.shell(script), options: options)
            #expect(result.timedOut, "run \(run) (timeout \(millis) ms) did not time out")
            let survivors = Self.leftovers(marker)
            #expect(survivors.isEmpty, "run \(run) (timeout \(millis) ms) left sleeps \(survivors) running")
        }
    }

    /// An hour-long `sleep` argument unique to one test, so the test can find the sleeps it started.
    static func marker() -> String {
        "3600.\(Int.random(in: 100_000...999_999))"
    }

    /// The pids of `sleep MARKER` processes still running, which this kills (so that a failed check does
    /// not leave hour-long sleeps behind).
    static func leftovers(_ marker: String) -> [String] {
        let pids = processes(runningCommandLine: "sleep\0\(marker)\0")
        for pid in pids.compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
        return pids
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
        let marker = Self.marker()
        let script = "trap '' TERM; sleep \(marker) & echo $!; wait"
        let options = ProcessOptions(timeout: .milliseconds(200), gracePeriod: .milliseconds(500))
        let result = try await runner.run(TestSupport.shell(script), options: options)
        #expect(result.timedOut)
        let pids = Self.pids(in: result.stdout)
        // The pid is printed after the trap is set; a timeout that came before (a slow machine) meets a bash
        // that still dies of SIGTERM, so the SIGKILL checks apply once bash is known to have got that far.
        if !pids.isEmpty {
            #expect(result.termination == .signaled(SIGKILL))
            // SIGKILL comes only after the grace period.
            #expect(result.duration >= .milliseconds(700))
        }
        for pid in pids { #expect(!TestSupport.isRunning(pid)) }
        #expect(Self.leftovers(marker).isEmpty)
    }

    @Test func aGrandchildIgnoringSIGTERMIsKilledAfterTheChildExits() async throws {
        // bash dies of SIGTERM at once; the subshell's sleep ignores it and must still go.
        let marker = Self.marker()
        let script = "(trap '' TERM; sleep \(marker)) & echo $!; wait"
        let options = ProcessOptions(timeout: .milliseconds(200), gracePeriod: .milliseconds(300))
        let result = try await runner.run(TestSupport.shell(script), options: options)
        #expect(result.timedOut)
        for pid in Self.pids(in: result.stdout) { #expect(!TestSupport.isRunning(pid)) }
        #expect(Self.leftovers(marker).isEmpty)
    }

    @Test func backgroundJobsLeftBehindAreStoppedWhenTheChildExits() async throws {
        let result = try await runner.run(TestSupport.shell("sleep 3600 >/dev/null 2>&1 & echo $!"))
        #expect(result.exitCode == 0)
        let pids = Self.pids(in: result.stdout)
        #expect(pids.count == 1)
        for pid in pids { #expect(!TestSupport.isRunning(pid)) }
    }

    @Test func cancellingTheCallingTaskStopsTheGroupAndThrows() async throws {
        let (pids, continuation) = AsyncStream.makeStream(of: Int32.self)
        let script = "sleep 3600 & echo $!; wait"
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
        let marker = Self.marker()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await runner.run(TestSupport.shell("sleep \(marker) & echo $!; wait"))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(Self.leftovers(marker).isEmpty, "a sleep outlived the cancelled run")
    }
}

extension TestSupport {
    static func pidsFromChunk(_ text: String) -> [Int32] {
        text.split(separator: "\n").compactMap { Int32($0) }
    }
}
