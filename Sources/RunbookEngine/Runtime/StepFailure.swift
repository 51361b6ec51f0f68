import RunbookCore

/// A step that did not succeed: what to tell the operator, and whether a retry may help.
public struct StepFailure: Error, CustomStringConvertible {
    /// One line.
    public var message: String
    /// More (stderr tail, server detail, expected vs actual list).
    public var detail: String?
    /// What the step produced, when it ran but its expectation failed.
    public var result: StepResultBox?
    /// Whether the step timed out.
    public var timedOut = false

    init(_ message: String, detail: String? = nil, result: StepResultBox? = nil) {
        self.message = message
        self.detail = detail
        self.result = result
    }

    public var description: String { detail.map { "\(message)\n\($0)" } ?? message }
}

/// Boxes a `StepResult` (keeps `StepFailure` small).
public final class StepResultBox: Sendable {
    /// The result.
    public let result: StepResult
    init(_ result: StepResult) { self.result = result }
}
