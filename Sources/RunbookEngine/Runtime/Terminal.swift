import Foundation
import RunbookCore

#if canImport(Glibc)
import Glibc
#endif

/// Everything a run shows the operator.
///
/// Colour and live output on a TTY (no colour when `NO_COLOR` is set and not empty); plain line-oriented logs
/// otherwise.
///
/// All text passes through the redactor first.
public final class Terminal: @unchecked Sendable {
    /// Whether stdout is a terminal.
    public let isTTY: Bool
    private let redactor: Redactor
    private let lock = NSLock()
    private var live: [String: StreamingRedactor] = [:]
    private let quiet: Bool
    private let colored: Bool
    private let sink: any TerminalOutput

    /// Creates a terminal reporter.
    ///
    /// - Parameters:
    ///   - redactor: Redacts every text before it is written.
    ///   - isTTY: Whether standard output is a terminal (live output, colour).
    ///   - quiet: Print nothing but errors.
    ///   - noColor: No colour even on a terminal (default: `NO_COLOR` is set and not empty).
    ///   - output: Where the text goes (default: the standard streams).
    public init(
        redactor: Redactor,
        isTTY: Bool = isatty(1) == 1,
        quiet: Bool = false,
        noColor: Bool = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty,
        output: any TerminalOutput = StandardStreams()
    ) {
        self.redactor = redactor
        self.isTTY = isTTY
        self.quiet = quiet
        self.colored = isTTY && !noColor
        self.sink = output
    }

    private func color(_ code: String, _ text: String) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Prints a line (redacted) to stdout.
    public func line(_ text: String) {
        guard !quiet else { return }
        let out = redactor.redact(text) + "\n"
        lock.lock()
        sink.write(out, error: false)
        lock.unlock()
    }

    /// Replaces the live status line (TTY only): redrawn in place with `\r`, no newline; empty text clears it.
    func live(_ text: String) {
        guard isTTY, !quiet else { return }
        let out = "\r\u{1B}[2K" + redactor.redact(text)
        lock.lock()
        sink.write(out, error: false)
        lock.unlock()
    }

    /// Prints a line (redacted) to stderr.
    public func error(_ text: String) {
        let out = redactor.redact(text) + "\n"
        lock.lock()
        sink.write(out, error: true)
        lock.unlock()
    }

    func stepStarted(_ step: Step, role: StepRole, attempt: Int, command: [String]) {
        let retry = attempt > 1 ? " (attempt \(attempt))" : ""
        let tag = role == .guard ? "guard" : (role == .main ? step.body.kind : "rollback \(step.body.kind)")
        line(color("1", "▶ \(step.id)") + " [\(tag)]\(retry)" + (step.title.map { " — \($0)" } ?? ""))
        if isTTY { for c in command.prefix(6) { line(color("2", "    \(c)")) } }
    }

    /// Live output of a running step (TTY only; plain logs get output from the journal and at failures).
    func output(_ stepID: String, _ chunk: OutputChunk) {
        guard isTTY, !quiet else { return }
        lock.lock()
        var r = live[stepID] ?? StreamingRedactor(redactor)
        let text = r.feed(chunk.text)
        live[stepID] = r
        if !text.isEmpty {
            let indented = text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n    │ ")
            sink.write("    │ " + indented, error: false)
        }
        lock.unlock()
    }

    func flushOutput(_ stepID: String) {
        lock.lock()
        if var r = live.removeValue(forKey: stepID) {
            let rest = r.finish()
            sink.write(rest + (isTTY ? "\n" : ""), error: false)
        }
        lock.unlock()
    }

    func stepSucceeded(_ step: Step, summary: String, durationMs: Int64) {
        flushOutput(step.id)
        line(color("32", "✔ \(step.id)") + " \(summary) (\(Self.duration(durationMs)))")
    }

    func stepFailed(_ step: Step, message: String, detail: String?, retryIn: DurationSpec?) {
        flushOutput(step.id)
        if retryIn == nil, step.onFailure == .warn {
            line(
                color("33", "⚠ \(step.id)") + " \(message) (on_failure: warn — recorded as a warning, the run goes on)"
            )
        } else {
            line(color("31", "✘ \(step.id)") + " \(message)")
        }
        if let detail { for l in detail.split(separator: "\n").prefix(30) { line("    \(l)") } }
        if let retryIn {
            line("    retrying in \(retryIn)")
        } else if let description = step.description {
            line(
                color("33", "    note: ")
                    + description.trimmingSpaces().replacingOccurrences(of: "\n", with: "\n          ")
            )
        }
    }

    func stepSkipped(_ stepID: String, reason: String) {
        line(color("2", "↷ \(stepID) skipped: \(reason)"))
    }

    static func duration(_ ms: Int64) -> String {
        ms < 1000 ? "\(ms)ms" : String(format: "%.1fs", Double(ms) / 1000)
    }
}
