import Foundation
import RunbookCore
import Testing

/// `RunDiff` and `runbook diff` on journals of real runs.
@Suite struct RunDiffTests {
    static func events(_ name: String) throws -> [JournalEvent] {
        let text = try String(contentsOfFile: ReplayHTMLTests.journal(name), encoding: .utf8)
        let result = JournalReader.read(text)
        #expect(result.problem == nil)
        return result.events
    }

    @Test func aRunComparedWithItselfHasNoDifferences() throws {
        let green = try Self.events("green")
        let diff = RunDiff(a: green, b: green)
        #expect(!diff.hasDifferences)
        #expect(diff.changed.isEmpty)
        #expect(diff.common.count == 5)
        #expect(RunDiffRenderer.text(diff).contains("No differences (5 steps compared)."))
    }

    @Test func aFailedStepAgainstAGreenRun() throws {
        let diff = RunDiff(a: try Self.events("green"), b: try Self.events("green-failed"))
        #expect(diff.hasDifferences)
        #expect(diff.a.outcome == "succeeded" && diff.b.outcome == "failed")
        let check = try #require(diff.changed.first { $0.step == "check" })
        #expect(check.statusChanged)
        #expect(check.a.status == "succeeded" && check.b.status == "failed")
        #expect(check.b.message.contains("expected \"42\", got \"41\""))
        #expect(check.values == [RunDiff.ValueChange(name: "value", a: .string("42"), b: .string("41"))])
        let slow = try #require(diff.changed.first { $0.step == "slow-step" })
        #expect(!slow.statusChanged)
        #expect(slow.timingChanged)
        #expect((slow.durationRatio ?? 0) > 1.5)
        #expect(diff.changed.map(\.step).sorted() == ["check", "slow-step"])
    }

    @Test func stepsOnlyInOneRunAreListed() throws {
        let diff = RunDiff(a: try Self.events("green"), b: try Self.events("rollback"))
        #expect(diff.common.isEmpty)
        #expect(diff.onlyInA.map(\.step) == ["tools-present", "count-files", "html-in-output", "slow-step", "check"])
        #expect(diff.onlyInB.map(\.step).contains("restore-snapshot"))
    }

    @Test func cliExitsZeroWhenComputedAndTwoOnBadArguments() async throws {
        let same = try await RunbookBinary.run([
            "diff", ReplayHTMLTests.journal("green"), ReplayHTMLTests.journal("green"),
        ])
        #expect(same.status == 0)
        #expect(same.stdout.contains("No differences"))
        let differ = try await RunbookBinary.run(
            ["diff", ReplayHTMLTests.journal("green"), ReplayHTMLTests.journal("green-failed")]
        )
        #expect(differ.status == 0, "\(differ.stderr)")
        #expect(differ.stdout.contains("check: succeeded → failed"))
        #expect(differ.stdout.contains("slow-step: 313ms → 911ms (×2.91)"))
        #expect(differ.stdout.contains("check.value: \"42\" → \"41\""))
        let json = try await RunbookBinary.run(
            ["diff", ReplayHTMLTests.journal("green"), ReplayHTMLTests.journal("green-failed"), "--format", "json"]
        )
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "runbook-diff/1")
        #expect(object["differs"] as? Bool == true)
        let missing = try await RunbookBinary.run(["diff", ReplayHTMLTests.journal("green"), "no-such-run"])
        #expect(missing.status == 2)
        let oneArg = try await RunbookBinary.run(["diff", ReplayHTMLTests.journal("green")])
        #expect(oneArg.status == 2)
    }
}
