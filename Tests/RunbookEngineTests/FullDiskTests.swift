import Foundation
import RunbookTestSupport
import Testing

/// The state directory is a tiny tmpfs that a step fills: the journal cannot be written (ENOSPC).
///
/// Freed while the runner waits, the run finishes by itself with every effect once; left full, it stops with exit 3 naming the
/// cause, and a later `resume` does not repeat the step whose outcome was not recorded.
@Suite(.serialized) struct FullDiskTests {
    /// s2 fills the file system the state lives on, then writes 20 KB of output (journaled after it ends, so the
    /// journal needs new pages on a full disk).
    static let runbook = """
        runbook: fulldisk
        phases:
          - id: main
            steps:
              - id: s1
                shell: "echo s1 >> effects.log"
              - id: s2
                shell: "cat /dev/zero > st/filler 2>/dev/null || true; echo s2 >> effects.log; head -c 20000 /dev/zero | tr '\\\\0' x"
              - id: s3
                shell: "echo s3 >> effects.log"

        """

    /// A 1 MiB tmpfs mounted at `dir/st`, unmounted (lazily, on a thread of its own) when released.
    final class TinyFileSystem {
        let path: String
        init?(in dir: URL) async {
            path = dir.appendingPathComponent("st").path
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let mount = Process()
            mount.executableURL = URL(fileURLWithPath: "/bin/mount")
            mount.arguments = ["-t", "tmpfs", "-o", "size=1m", "tmpfs", path]
            guard (try? mount.run()) != nil, await mount.waitForExit() == 0 else { return nil }
        }
        deinit {
            let path = path
            Thread.detachNewThread {
                let umount = Process()
                umount.executableURL = URL(fileURLWithPath: "/bin/umount")
                umount.arguments = ["-l", path]
                if (try? umount.run()) != nil { umount.waitUntilExit() }
            }
        }
    }

    static func filesystem(_ h: CLIHarness) async -> TinyFileSystem? {
        let fs = await TinyFileSystem(in: h.dir)
        if fs == nil, ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("cannot mount a tmpfs (needs root / CAP_SYS_ADMIN); the full-disk tests did not run")
        }
        return fs
    }

    static func count(_ h: CLIHarness, _ line: String) -> Int {
        h.read("effects.log").split(separator: "\n").filter { $0 == line }.count
    }

    @Test func freedWhileTheRunnerWaitsTheRunFinishesByItselfWithEveryEffectOnce() async throws {
        let h = try CLIHarness()
        guard let fs = await Self.filesystem(h) else { return }
        try h.write("rb.yaml", Self.runbook)
        let runner = try h.start(["run", "rb.yaml", "--state", "st"], env: ["RUNBOOK_STORE_RETRY_SECONDS": "60"])
        let deadline = Date().addingTimeInterval(30)
        while !runner.stderrSoFar.contains("waiting up to 60 s"), runner.process.isRunning, Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(runner.stderrSoFar.contains("No space left on device"), "\(runner.stderrSoFar)")
        // The runner waits: s3 has not started.
        #expect(Self.count(h, "s3") == 0)
        try FileManager.default.removeItem(atPath: fs.path + "/filler")
        let out = await runner.finish()
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        #expect(out.stderr.contains("writable again"), "\(out.stderr)")
        for step in ["s1", "s2", "s3"] { #expect(Self.count(h, step) == 1, "\(step): \(h.read("effects.log"))") }
        // Nothing was lost: all 20 000 bytes of s2's output are in the journal, and its chain verifies.
        let journal = try String(contentsOfFile: try #require(Self.journalPath(fs.path)), encoding: .utf8)
        let xs = journal.split(separator: "\n").filter { $0.contains("\"type\":\"step.output\"") }
            .map { $0.filter { $0 == "x" }.count }.reduce(0, +)
        #expect(xs >= 20_000, "output chunks journaled: \(xs) x's")
        let verify = try await h.run(["replay", "fulldisk-", "--state", "st", "--verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func leftFullTheRunStopsWithExit3AndResumeDoesNotRepeatTheUnrecordedStep() async throws {
        let h = try CLIHarness()
        guard let fs = await Self.filesystem(h) else { return }
        try h.write("rb.yaml", Self.runbook)
        let out = try await h.run(["run", "rb.yaml", "--state", "st"], env: ["RUNBOOK_STORE_RETRY_SECONDS": "1"])
        #expect(out.status == 3, "\(out.stdout)\(out.stderr)")
        #expect(out.stderr.contains("could not write to the journal st/runs/fulldisk-"), "\(out.stderr)")
        #expect(out.stderr.contains("No space left on device"), "\(out.stderr)")
        #expect(out.stderr.contains("step 's2' ran but its outcome could not be recorded"), "\(out.stderr)")
        #expect(out.stderr.contains("runbook resume fulldisk-"), "\(out.stderr)")
        try FileManager.default.removeItem(atPath: fs.path + "/filler")
        // s2's effect may have happened and it is not idempotent: resume stops rather than repeat it.
        let resumed = try await h.run(["resume", "--state", "st"])
        #expect(resumed.status == 3, "\(resumed.stdout)\(resumed.stderr)")
        #expect(resumed.stderr.contains("--rerun-in-doubt"), "\(resumed.stderr)")
        #expect(Self.count(h, "s2") == 1)
        let skipped = try await h.run(["skip", "fulldisk-", "s2", "--state", "st", "--reason", "effects.log has s2"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        let done = try await h.run(["resume", "--state", "st"])
        #expect(done.status == 0, "\(done.stdout)\(done.stderr)")
        for step in ["s1", "s2", "s3"] { #expect(Self.count(h, step) == 1, "\(step): \(h.read("effects.log"))") }
        let verify = try await h.run(["replay", "fulldisk-", "--state", "st", "--verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    static func journalPath(_ state: String) -> String? {
        let runs = state + "/runs"
        return ((try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []).first.map {
            runs + "/" + $0 + "/journal.jsonl"
        }
    }
}
