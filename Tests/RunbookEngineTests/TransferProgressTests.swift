import Testing

@testable import RunbookEngine

/// The text of a transfer's progress: the TTY bar and the plain line.
@Suite struct TransferProgressTests {
    @Test func barWithAKnownTotalShowsPercentRowsRateAndETA() {
        let text = TransferProgress.render(
            stepID: "backfill_follows",
            rows: 30_500,
            batches: 31,
            total: 50_000,
            rate: 12_300,
            bar: true
        )
        #expect(text == "    backfill_follows  [██████░░░░]   61%  30,500/50,000 rows  12,300 rows/s  ETA 2s")
    }

    @Test func barWithoutATotalShowsRowsAndRateOnly() {
        let text = TransferProgress.render(
            stepID: "move",
            rows: 1_234_567,
            batches: 124,
            total: nil,
            rate: 999.6,
            bar: true
        )
        #expect(text == "    move  1,234,567 rows  1,000 rows/s")
    }

    @Test func plainLineCarriesBatchesAndETA() {
        let text = TransferProgress.render(
            stepID: "move",
            rows: 2_000,
            batches: 2,
            total: 10_000,
            rate: 100,
            bar: false
        )
        #expect(text == "    move: 2,000/10,000 rows (20%) in 2 batches, 100 rows/s, ETA 1m20s")
    }

    @Test func liveLineIsRedrawnOnATTYAndClearedAtTheEnd() {
        final class Sink {
            var live: [String] = []
            var lines: [String] = []
        }
        let sink = Sink()
        let progress = TransferProgress(
            stepID: "move",
            output: .init(isTTY: true, live: { sink.live.append($0) }, line: { sink.lines.append($0) })
        )
        progress.total = 100
        progress.update(rows: 50, batches: 1)
        progress.update(rows: 60, batches: 2)  // within 100 ms of the last draw: skipped
        progress.clear()
        #expect(sink.live.count == 2)
        #expect(sink.live.first?.contains("[█████░░░░░]   50%  50/100 rows") == true)
        #expect(sink.live.last == "")
        #expect(sink.lines.isEmpty)
    }

    @Test func countQueryGetsTheParametersItMentions() {
        #expect(TransferSource.highestPlaceholder(in: "SELECT count(*) FROM t") == 0)
        #expect(TransferSource.highestPlaceholder(in: "SELECT count(*) FROM t WHERE a > $2 AND b = $1") == 2)
        #expect(TransferSource.highestPlaceholder(in: "SELECT $$x$$, $10") == 10)
    }
}
