/// One step of a runbook: exactly one kind of action plus the common fields.
public struct Step: Sendable {
    /// Unique id across the runbook.
    public var id: String
    /// Title shown to the operator.
    public var title: String?
    /// Operator notes, shown in plans and when the step fails.
    public var description: String?
    /// What the step does.
    public var body: StepBody
    /// Run only when this condition holds.
    public var when: Template?
    /// What the result must satisfy.
    public var expect: Expectation?
    /// Step outputs taken from the result: output name → field.
    public var capture: [Capture]
    /// Retry policy on failure.
    public var retry: RetryPolicy?
    /// Time limit for one attempt.
    public var timeout: DurationSpec?
    /// What a failure leads to.
    public var onFailure: OnFailure
    /// Explicit `mutates:`; `nil` means inferred.
    public var mutatesOverride: Bool?
    /// Explicit `idempotent:`; `nil` means inferred.
    public var idempotentOverride: Bool?
    /// A read-only probe that tells whether this step's effect is already in place.
    public var reconcile: Probe?
    /// The author's estimate.
    public var estimate: DurationSpec?
    /// Where the step is declared.
    public var location: SourceLocation
    /// SHA-256 of the step's YAML (canonical JSON), to tell which steps changed between two versions of a runbook.
    public var digest: String = ""

    /// Creates a step.
    public init(
        id: String,
        title: String? = nil,
        description: String? = nil,
        body: StepBody,
        when: Template? = nil,
        expect: Expectation? = nil,
        capture: [Capture] = [],
        retry: RetryPolicy? = nil,
        timeout: DurationSpec? = nil,
        onFailure: OnFailure = .abort,
        mutatesOverride: Bool? = nil,
        idempotentOverride: Bool? = nil,
        reconcile: Probe? = nil,
        estimate: DurationSpec? = nil,
        location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.body = body
        self.when = when
        self.expect = expect
        self.capture = capture
        self.retry = retry
        self.timeout = timeout
        self.onFailure = onFailure
        self.mutatesOverride = mutatesOverride
        self.idempotentOverride = idempotentOverride
        self.reconcile = reconcile
        self.estimate = estimate
        self.location = location
    }

    /// Whether the step changes anything: the explicit `mutates:` or the inferred value.
    public var mutates: Bool { mutatesOverride ?? body.inferredMutates }

    /// Whether running the step twice is harmless: explicit, or true for read-only steps.
    public var idempotent: Bool {
        if let idempotentOverride { return idempotentOverride }
        // A sync re-reads both sides and applies only what still differs: running it again is safe.
        if case .sync = body { return true }
        return !mutates
    }
}

/// A reconcile probe: a step body (without id) and an optional expectation.
public struct Probe: Sendable {
    /// The probe's action.
    public var body: StepBody
    /// What its result must satisfy for the effect to count as present.
    public var expect: Expectation?
    /// Where the probe is declared.
    public var location: SourceLocation

    /// Creates a probe.
    public init(body: StepBody, expect: Expectation?, location: SourceLocation) {
        self.body = body
        self.expect = expect
        self.location = location
    }
}

/// What happens when a step fails.
public enum OnFailure: Sendable, Hashable {
    /// Stop the run (default). A covering rollback scenario still starts.
    case abort
    /// Record the failure and go on.
    case `continue`
    /// Record the failure as a warning and go on; the run ends `succeeded_with_warnings`.
    case warn
    /// Start this rollback scenario.
    case rollback(Located<String>)
}

/// Retry with backoff.
public struct RetryPolicy: Sendable, Hashable {
    /// Total attempts, at least 1.
    public var attempts: Int
    /// Delay before the second attempt.
    public var delay: DurationSpec
    /// Multiplier applied to the delay after each attempt (1 = fixed).
    public var backoff: Double

    /// Creates a retry policy.
    public init(attempts: Int, delay: DurationSpec = DurationSpec(seconds: 1), backoff: Double = 2) {
        self.attempts = attempts
        self.delay = delay
        self.backoff = backoff
    }

    /// The delay before attempt `n` (2-based: the first retry).
    public func delay(beforeAttempt n: Int) -> DurationSpec {
        let factor = (0..<max(0, n - 2)).reduce(1.0) { acc, _ in acc * backoff }
        return DurationSpec(milliseconds: Int64(min(Double(delay.milliseconds) * factor, 86_400_000)))
    }
}

/// One captured output: `name: field`.
public struct Capture: Sendable, Hashable {
    /// The output name (`steps.ID.outputs.NAME`).
    public var name: String
    /// The result field it is taken from (a column, `stdout`, `json.a.b`, …).
    public var field: String
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a capture.
    public init(name: String, field: String, location: SourceLocation) {
        self.name = name
        self.field = field
        self.location = location
    }
}

/// A rollback scenario (`rollbacks:`).
public struct RollbackScenario: Sendable {
    /// What the run does after the scenario's steps succeed.
    public enum After: Sendable, Hashable {
        /// End the run as "rolled back" (default).
        case abort
        /// Continue forward from this step, at most `max` times per run.
        case resume(step: Located<String>, max: Int)
    }

    /// Unique id.
    public var id: String
    /// Title.
    public var title: String?
    /// Notes.
    public var description: String?
    /// Phase or step ids whose failure starts this scenario automatically.
    public var triggers: [Located<String>]
    /// Only started by `runbook rollback RUN --scenario ID`.
    public var manual: Bool
    /// The scenario's steps.
    public var steps: [Step]
    /// What happens afterwards.
    public var after: After
    /// Where it is declared.
    public var location: SourceLocation

    /// Creates a scenario.
    public init(
        id: String,
        title: String? = nil,
        description: String? = nil,
        triggers: [Located<String>] = [],
        manual: Bool = false,
        steps: [Step],
        after: After = .abort,
        location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.triggers = triggers
        self.manual = manual
        self.steps = steps
        self.after = after
        self.location = location
    }
}
