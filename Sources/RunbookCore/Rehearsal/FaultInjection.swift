/// A failure forced on a step by `runbook run --inject STEP=MODE`: the attempt fails without running its action,
/// so the retry, `on_failure` and rollback paths run for real.
public struct FaultInjection: Sendable, Hashable {
    /// How the injected step fails.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// The step's first attempt fails; a retry runs it for real.
        case fail
        /// Like `fail`, reported as a timeout.
        case timeout
        /// Every attempt fails, also after a rollback resumed the run.
        case failAlways = "fail-always"
        /// Every attempt fails until one failure is final (retries exhausted); after that the step runs for real.
        /// `runbook rehearse` uses it so a step with `retry` still starts its rollback scenario once.
        case failUntilRollback = "fail-until-rollback"
    }

    /// Why an `--inject` argument was refused.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The message, naming the argument.
        public var description: String
    }

    /// The step id.
    public var step: String
    /// The mode.
    public var mode: Mode

    /// Creates an injection.
    public init(step: String, mode: Mode) {
        self.step = step
        self.mode = mode
    }

    /// Parses `STEP=MODE` against the runbook: the step must exist and must not be a gate.
    public static func parse(_ argument: String, in runbook: Runbook) -> Result<FaultInjection, ParseError> {
        let modes = Mode.allCases.map(\.rawValue)
        guard let equals = argument.firstIndex(of: "=") else {
            return .failure(
                ParseError(
                    description: "--inject \(argument): expected STEP=MODE (MODE: \(modes.joined(separator: ", ")))"
                )
            )
        }
        let stepID = String(argument[..<equals])
        let modeText = String(argument[argument.index(after: equals)...])
        let steps = runbook.guards + runbook.mainSteps + runbook.rollbacks.flatMap(\.steps)
        guard let step = steps.first(where: { $0.id == stepID }) else {
            return .failure(
                ParseError(
                    description:
                        "--inject \(argument): no such step '\(stepID)'\(Suggestion.hint(for: stepID, in: steps.map(\.id)))"
                )
            )
        }
        guard let mode = Mode(rawValue: modeText) else {
            return .failure(
                ParseError(
                    description:
                        "--inject \(argument): unknown mode '\(modeText)' (one of \(modes.joined(separator: ", ")))\(Suggestion.hint(for: modeText, in: modes))"
                )
            )
        }
        if case .gate = step.body {
            return .failure(
                ParseError(description: "--inject \(argument): '\(stepID)' is a gate; gates cannot be injected")
            )
        }
        return .success(FaultInjection(step: stepID, mode: mode))
    }

    /// `{step, mode}` as journaled in `run.started`.
    public var value: Value {
        .map([("step", .string(step)), ("mode", .string(mode.rawValue))])
    }

    /// Reads a journaled injection.
    public init?(value: Value) {
        guard let step = value["step"]?.text, let mode = value["mode"].flatMap({ Mode(rawValue: $0.text) }) else {
            return nil
        }
        self.init(step: step, mode: mode)
    }

    /// `STEP=MODE`, as typed.
    public var argument: String { "\(step)=\(mode.rawValue)" }

    /// The error an injected attempt records.
    public func errorMessage(timeout: DurationSpec?) -> String {
        let what =
            mode == .timeout
            ? "timed out after \(timeout?.description ?? "its timeout")" : "failed"
        return "injected: \(what) (--inject \(argument)); the action did not run"
    }
}
