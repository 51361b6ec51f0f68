import Foundation
import ShellConnector
import Testing

/// A step stopped by a timeout or a cancellation gets its grace period: its `TERM` trap runs to the end, may
/// write to its output, and what it writes is kept.
///
/// The time limit is a hang guard (the scripts wait on hour-long sleeps), not a speed check.
@Suite(.timeLimit(.minutes(5))) struct TermTrapTests {
    let runner = ProcessRunner()

    /// A script that traps `TERM` (prints `got-term`, writes `done` to `file`, exits 3), then creates
    /// `readyFile`, prints `ready` and waits on an hour-long background sleep.
    static func trappingScript(writing file: String, readyFile: String = "/dev/null") -> String {
        "trap 'echo got-term; echo done > \"\(file)\"; exit 3' TERM; : > \"\(readyFile)\"; echo ready; "
            + "sleep 3600 & wait"
    }

    @Test func aTimedOutStepsTrapRunsAndItsOutputIsKept() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("trap-ran").path
        let readyFile = directory.appendingPathComponent("trap-set").path
        let options = ProcessOptions(timeout: .milliseconds(300), gracePeriod: .seconds(5))
        let script = Self.trappingScript(writing: file, readyFile: readyFile)
        let result = try await runner.run(TestSupport.shell(script), options: options)
        #expect(result.timedOut)
        // The ready file is created after the trap is set. A timeout before that (a very slow machine) can
        // meet a bash that dies of SIGTERM, so the trap's effects are checked once the file shows it was set.
        if FileManager.default.fileExists(atPath: readyFile) {
            #expect(result.stdout == "ready\ngot-term\n")
            #expect(result.termination == .exited(3))
            #expect(FileManager.default.contents(atPath: file) == Data("done\n".utf8))
        }
    }

    @Test func aCancelledStepsTrapRunsAndItsOutputIsPassedOn() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("trap-ran").path
        let recorder = ChunkRecorder()
        let (ready, continuation) = AsyncStream.makeStream(of: Void.self)
        let script = Self.trappingScript(writing: file)
        let task = Task {
            try await runner.run(TestSupport.shell(script), options: ProcessOptions(gracePeriod: .seconds(5))) {
                recorder.record($0)
                if recorder.text(of: .stdout).hasPrefix("ready\n") { continuation.yield() }
            }
        }
        var iterator = ready.makeAsyncIterator()
        _ = await iterator.next()
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(recorder.text(of: .stdout) == "ready\ngot-term\n")
        #expect(FileManager.default.contents(atPath: file) == Data("done\n".utf8))
    }
}
