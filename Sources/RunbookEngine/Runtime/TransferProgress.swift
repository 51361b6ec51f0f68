import Foundation

/// What a running `transfer` shows the operator.
///
/// On a TTY a single line redrawn in place: a bar with the percentage when the total is known, rows moved,
/// rows/s and an ETA. Otherwise a plain line every few seconds. Rates count only the rows of this attempt.
final class TransferProgress {
    /// Draws the live line (TTY) or prints a line (otherwise).
    struct Output {
        /// Whether the live bar is drawn (stdout is a TTY).
        var isTTY: Bool
        /// Replaces the live line (no newline); an empty string clears it.
        var live: (String) -> Void
        /// Prints a line.
        var line: (String) -> Void
    }

    private let stepID: String
    private let output: Output
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant?
    private let interval: Duration
    private var startRows = 0
    private var shown = false
    /// The number of rows to move in total, when counted up front.
    var total: Int?

    init(stepID: String, output: Output) {
        self.stepID = stepID
        self.output = output
        self.started = clock.now
        self.interval = output.isTTY ? .milliseconds(100) : .seconds(3)
    }

    /// A one-off message (resume point), printed as its own line.
    func note(_ text: String) {
        clear()
        output.line("    \(stepID): \(text)")
    }

    /// Rows already committed by earlier attempts (not counted in the rate).
    func resumed(rows: Int) { startRows = rows }

    /// After a committed batch: redraws when due.
    func update(rows: Int, batches: Int, force: Bool = false) {
        let now = clock.now
        if !force, let lastDraw, now - lastDraw < interval { return }
        if !force, lastDraw == nil, !output.isTTY, now - started < interval { return }
        lastDraw = now
        let text = Self.render(
            stepID: stepID,
            rows: rows,
            batches: batches,
            total: total,
            rate: rate(rows: rows, at: now),
            bar: output.isTTY
        )
        if output.isTTY {
            output.live(text)
            shown = true
        } else {
            output.line(text)
        }
    }

    /// Removes the live line (before the step's result is printed).
    func clear() {
        guard shown else { return }
        output.live("")
        shown = false
    }

    private func rate(rows: Int, at now: ContinuousClock.Instant) -> Double {
        let (s, atto) = (now - started).components
        let seconds = Double(s) + Double(atto) / 1e18
        return seconds > 0 ? Double(rows - startRows) / seconds : 0
    }

    /// The progress text: `step  [██████░░░░]  61%  30,500/50,000 rows  12,300 rows/s  ETA 2s` on a TTY,
    /// `step: 30,500/50,000 rows (61%) in 31 batches, 12,300 rows/s, ETA 2s` otherwise.
    static func render(stepID: String, rows: Int, batches: Int, total: Int?, rate: Double, bar: Bool) -> String {
        let speed = "\(grouped(Int(rate.rounded()))) rows/s"
        var eta: String?
        var percent: Int?
        if let total, total > 0 {
            percent = min(100, rows * 100 / total)
            if rate > 0 { eta = "ETA " + duration(Double(max(0, total - rows)) / rate) }
        }
        let count = total.map { "\(grouped(rows))/\(grouped($0)) rows" } ?? "\(grouped(rows)) rows"
        if bar {
            var parts = ["    \(stepID)"]
            if let percent {
                let filled = percent / 10
                parts.append(
                    "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: 10 - filled) + "]"
                )
                parts.append(String(repeating: " ", count: max(0, 3 - String(percent).count)) + "\(percent)%")
            }
            parts.append(count)
            parts.append(speed)
            if let eta { parts.append(eta) }
            return parts.joined(separator: "  ")
        }
        var text = "    \(stepID): \(count)"
        if let percent { text += " (\(percent)%)" }
        text += " in \(batches) batches, \(speed)"
        if let eta { text += ", \(eta)" }
        return text
    }

    /// 30500 → `30,500`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// Seconds as `2s`, `3m05s`, `1h02m`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + String(format: "%02ds", s % 60) }
        return "\(s / 3600)h" + String(format: "%02dm", s % 3600 / 60)
    }
}
