import RunbookCore
import Testing

@Suite struct DurationSpecTests {
    @Test(arguments: [
        ("30s", Int64(30_000)), ("10m", 600_000), ("2h", 7_200_000), ("1h30m", 5_400_000), ("3h30m", 12_600_000),
        ("500ms", 500), ("1d", 86_400_000), ("1.5h", 5_400_000), ("0s", 0), (" 45s ", 45_000), ("1m30s", 90_000),
        ("2h0m5s", 7_205_000), ("0.25s", 250),
    ])
    func parses(_ text: String, _ milliseconds: Int64) {
        #expect(DurationSpec.parse(text)?.milliseconds == milliseconds)
    }

    @Test(arguments: [
        "10 parsecs", "", "   ", "10", "s", "10x", "-5s", "1h 30m", "10S", "1e3s", "ten minutes", "1..5s",
        "99999999999999d",
    ])
    func rejects(_ text: String) {
        #expect(DurationSpec.parse(text) == nil)
    }

    static let canonical: [(Int64, String)] = [
        (0, "0s"), (500, "500ms"), (90_000, "1m30s"), (12_600_000, "3h30m"), (86_400_000 + 1_000, "1d1s"),
        (3_600_000, "1h"),
    ]

    @Test(arguments: canonical)
    func describesLargestUnitsFirst(_ milliseconds: Int64, _ text: String) {
        let d = DurationSpec(milliseconds: milliseconds)
        #expect(d.description == text)
        #expect(DurationSpec.parse(text) == d)
    }

    @Test func loaderAcceptsBareSecondsButNotUnitsItDoesNotKnow() {
        let ok = RunbookLoader.load(
            text: LoaderTestSupport.runbook(steps: "      - id: a\n        shell: \"true\"\n        timeout: 90")
        )
        #expect(ok.runbook?.mainSteps.first?.timeout == DurationSpec(seconds: 90))
        let bad = LoaderTestSupport.runbook(
            steps: "      - id: a\n        shell: \"true\"\n        estimate: 3 fortnights"
        )
        #expect(
            LoaderTestSupport.diagnostics(bad) == [
                "11:19: error: estimate must be a duration such as 30s, 10m, 2h or 1h30m, found '3 fortnights'"
            ]
        )
    }
}
