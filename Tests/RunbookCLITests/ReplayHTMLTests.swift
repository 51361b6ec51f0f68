import Foundation
import Testing

/// `runbook replay --format html` on journals written by real runs, compared with golden files, and the
/// promise that secrets never reach the page.
@Suite struct ReplayHTMLTests {
    static let directory = RunbookBinary.fixtures.appendingPathComponent("replay")

    static func journal(_ name: String) -> String { directory.appendingPathComponent(name + ".jsonl").path }

    @Test(arguments: ["green", "rollback", "resumed"])
    func htmlReportMatchesSnapshot(_ name: String) async throws {
        let outcome = try await RunbookBinary.run(["replay", Self.journal(name), "--format", "html"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        #expect(outcome.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(outcome.stdout.contains("data-verified=\"true\""))
        try Snapshot.assert(outcome.stdout, matches: "replay-\(name).html")
    }

    @Test func outputFileHoldsTheSamePage() async throws {
        let dir = try RunbookBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("report.html")
        let written = try await RunbookBinary.run([
            "replay", Self.journal("rollback"), "--format", "html", "-o", file.path,
        ])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.isEmpty)
        let printed = try await RunbookBinary.run(["replay", Self.journal("rollback"), "--format", "html"])
        #expect(try String(contentsOf: file, encoding: .utf8) == printed.stdout)
    }

    @Test func reportsShowWhatHappened() async throws {
        let green = try await RunbookBinary.run(["replay", Self.journal("green"), "--format", "html"]).stdout
        #expect(green.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"))
        #expect(!green.contains("<script>alert"))
        #expect(green.components(separatedBy: "<script>").count - 1 == 2)
        #expect(green.contains("<code>region</code>"))
        let rollback = try await RunbookBinary.run(["replay", Self.journal("rollback"), "--format", "html"]).stdout
        #expect(rollback.contains("Triggered by the failure of"))
        #expect(rollback.contains("restore-snapshot"))
        #expect(rollback.contains("tl-bar b-retried"))
        #expect(rollback.contains("class=\"tl-rollback\""))
        let resumed = try await RunbookBinary.run(["replay", Self.journal("resumed"), "--format", "html"]).stdout
        #expect(resumed.contains("<code>nova-staging</code>"))
        #expect(resumed.contains("timed out"))
        #expect(resumed.contains("approved"))
        #expect(resumed.contains("tl-mark interrupted"))
        #expect(resumed.contains("tl-mark resumed"))
    }

    @Test func tamperedJournalIsReportedBroken() async throws {
        let dir = try RunbookBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines = try String(contentsOfFile: Self.journal("green"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        // Line 5 is `step.started` of count-files: altering it breaks the chain at line 6.
        #expect(lines[4].contains("\"step\":\"count-files\""))
        lines[4] = lines[4].replacingOccurrences(of: "count-files", with: "count-filez")
        let path = dir.appendingPathComponent("journal.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: path, atomically: true, encoding: .utf8)
        let outcome = try await RunbookBinary.run(["replay", path.path, "--format", "html"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("data-verified=\"false\""))
        #expect(outcome.stdout.contains("hash chain broken at line 6"))
        let verify = try await RunbookBinary.run(["replay", path.path, "--format", "html", "--verify"])
        #expect(verify.status == 1)
    }

    @Test func secretsNeverPresentInTheHTML() async throws {
        let dir = try RunbookBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let secret = "pw-\(UUID().uuidString.prefix(12))"
        try """
        runbook: report-secret
        secrets:
          TOKEN: { env: REPORT_TEST_TOKEN }
        phases:
          - id: p
            steps:
              - id: echo-it
                shell: { run: "echo the token is $T; echo stderr $T >&2", env: { T: "${{ secrets.TOKEN }}" } }
                capture: { said: stdout }
              - id: expect-names-it
                shell: { run: "echo $T", env: { T: "${{ secrets.TOKEN }}" } }
                expect: { stdout: { equals: "something else" } }
                on_failure: continue
              - id: fail-with-it
                shell: { run: "echo failing with $T >&2; exit 3", env: { T: "${{ secrets.TOKEN }}" } }
        """.write(to: dir.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let env = ["REPORT_TEST_TOKEN": secret]
        let run = try await RunbookBinary.run(["run", "s.yaml", "--state", "st"], in: dir, environment: env)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        for environment in [env, [:]] {
            let report = try await RunbookBinary.run(
                ["replay", "report-secret", "--state", "st", "--format", "html", "-o", "r.html"],
                in: dir,
                environment: environment
            )
            #expect(report.status == 0, "\(report.stderr)")
            let html = try String(contentsOf: dir.appendingPathComponent("r.html"), encoding: .utf8)
            #expect(!html.contains(secret))
            #expect(html.contains("the token is ***"))
            #expect(html.contains("failing with ***"))
            #expect(html.contains("exit code 3"))
            #expect(html.contains("expectation failed"))
            #expect(!report.stdout.contains(secret) && !report.stderr.contains(secret))
        }
        // The report redacts the pinned runbook's secrets again with the values readable now: with the
        // variable set to text the journal does hold, that text disappears from the page.
        let again = try await RunbookBinary.run(
            ["replay", "report-secret", "--state", "st", "--format", "html"],
            in: dir,
            environment: ["REPORT_TEST_TOKEN": "failing with"]
        )
        #expect(again.status == 0)
        #expect(!again.stdout.contains("failing with"))
        #expect(again.stdout.contains("*** ***"))
    }
}
