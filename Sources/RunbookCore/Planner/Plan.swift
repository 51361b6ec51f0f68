/// The static plan of a runbook: what will run, in what order, against what, and what covers it.
public struct Plan: Sendable {
    /// One step as the plan shows it.
    public struct Step: Sendable {
        /// Step id.
        public var id: String
        /// Title, if any.
        public var title: String?
        /// Operator notes.
        public var description: String?
        /// The step kind (`sql`, `shell`, …).
        public var kind: String
        /// What it touches: `postgres:pg`, `neo4j:graph`, `kubectl staging/nova`, a URL, `local shell`.
        public var target: String
        /// Whether it changes anything.
        public var mutates: Bool
        /// Whether re-running it is harmless.
        public var idempotent: Bool
        /// The command or query as it will run (params bound, secrets `***`); one entry per line or statement.
        public var command: [String]
        /// The `when:` condition's source text.
        public var condition: String?
        /// Rollback scenarios that start if this step fails.
        public var coveredBy: [String]
        /// `abort`, `continue` or `rollback:ID`.
        public var onFailure: String
        /// The estimate, if the author gave one.
        public var estimate: DurationSpec?
        /// Whether a reconcile probe exists.
        public var hasReconcile: Bool
        /// Retry attempts, if retried.
        public var retryAttempts: Int?
        /// Timeout, if set.
        public var timeout: DurationSpec?
        /// For gates: the confirmation text the operator must type.
        public var gateConfirm: String?
        /// For gates: approvers required.
        public var gateApprovers: Int?
        /// The step's expectations, one line each (`stdout matches "staging"`).
        public var expectations: [String] = []
        /// Captured outputs (`name ← field`).
        public var captures: [String] = []
    }

    /// A phase and its steps.
    public struct Phase: Sendable {
        /// Phase id.
        public var id: String
        /// Title.
        public var title: String?
        /// Steps.
        public var steps: [Step]
    }

    /// A rollback scenario.
    public struct Rollback: Sendable {
        /// Scenario id.
        public var id: String
        /// Title.
        public var title: String?
        /// Manual only.
        public var manual: Bool
        /// Phase/step ids that trigger it.
        public var triggers: [String]
        /// `abort` or `resume:STEP (max N)`.
        public var after: String
        /// Steps.
        public var steps: [Step]
    }

    /// Runbook id.
    public var runbook: String
    /// Title.
    public var title: String?
    /// Parameters as bound.
    public var params: [ParamBinder.Binding]
    /// The declared Kubernetes context/namespace, rendered.
    public var kubernetes: String?
    /// Guards.
    public var guards: [Step]
    /// Phases.
    public var phases: [Phase]
    /// Rollback scenarios.
    public var rollbacks: [Rollback]
    /// Warnings for the operator (for example uncovered mutating steps).
    public var warnings: [String]
    /// The runbook's own estimate.
    public var declaredEstimate: DurationSpec?
    /// Sum of step estimates.
    public var stepEstimateTotal: DurationSpec
    /// How many forward steps carry no estimate.
    public var unestimatedSteps: Int

    /// All forward steps in order.
    public var mainSteps: [Step] { phases.flatMap(\.steps) }
}
