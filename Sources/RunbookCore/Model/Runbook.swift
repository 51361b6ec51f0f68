/// A parsed and validated runbook (format v1).
public struct Runbook: Sendable {
    /// The highest runbook format version this build reads.
    public static let supportedVersion = 1

    /// The runbook id (`[a-z0-9-]`), used to name runs and locks.
    public var id: String
    /// A human title.
    public var title: String?
    /// Operator notes.
    public var description: String?
    /// The author's estimate of the whole run.
    public var estimate: DurationSpec?
    /// Operator inputs, in declaration order.
    public var params: [ParamDecl]
    /// The Kubernetes context and namespace enforced on `kubectl` steps.
    public var kubernetes: KubernetesTarget?
    /// Secret declarations (names and sources, never values).
    public var secrets: [SecretDecl]
    /// Named database connections.
    public var connections: [ConnectionDecl]
    /// Preconditions checked before any step runs.
    public var guards: [Step]
    /// The phases, in order.
    public var phases: [Phase]
    /// Rollback scenarios.
    public var rollbacks: [RollbackScenario]
    /// `defaults:` (already applied by the loader to every step without its own timeout or retry).
    public var defaults = StepDefaults()
    /// `notify:` — where the run's notable events are posted.
    public var notify: [NotifySink] = []
    /// `abort_if:` at runbook level — polled while any forward step runs.
    public var abortIf: AbortCondition?

    /// Creates a runbook.
    public init(
        id: String,
        title: String? = nil,
        description: String? = nil,
        estimate: DurationSpec? = nil,
        params: [ParamDecl] = [],
        kubernetes: KubernetesTarget? = nil,
        secrets: [SecretDecl] = [],
        connections: [ConnectionDecl] = [],
        guards: [Step] = [],
        phases: [Phase] = [],
        rollbacks: [RollbackScenario] = []
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.estimate = estimate
        self.params = params
        self.kubernetes = kubernetes
        self.secrets = secrets
        self.connections = connections
        self.guards = guards
        self.phases = phases
        self.rollbacks = rollbacks
    }

    /// All forward steps (not guards, not rollbacks) in execution order.
    public var mainSteps: [Step] { phases.flatMap(\.steps) }

    /// The phase containing a forward step.
    public func phase(ofStep id: String) -> Phase? {
        phases.first { $0.steps.contains { $0.id == id } }
    }

    /// Finds any step (guard, forward or rollback) by id.
    public func step(_ id: String) -> Step? {
        if let s = guards.first(where: { $0.id == id }) { return s }
        if let s = mainSteps.first(where: { $0.id == id }) { return s }
        return rollbacks.lazy.flatMap(\.steps).first { $0.id == id }
    }

    /// Finds a rollback scenario by id.
    public func rollback(_ id: String) -> RollbackScenario? {
        rollbacks.first { $0.id == id }
    }

    /// Finds a connection by name.
    public func connection(_ name: String) -> ConnectionDecl? {
        connections.first { $0.name == name }
    }
}

/// A phase: an ordered group of steps with a title.
public struct Phase: Sendable {
    /// Unique id.
    public var id: String
    /// Title shown to the operator.
    public var title: String?
    /// Notes.
    public var description: String?
    /// Steps in order.
    public var steps: [Step]
    /// Where the phase is declared.
    public var location: SourceLocation
    /// `abort_if:` of the phase — polled while its steps run.
    public var abortIf: AbortCondition?

    /// Creates a phase.
    public init(id: String, title: String? = nil, description: String? = nil, steps: [Step], location: SourceLocation) {
        self.id = id
        self.title = title
        self.description = description
        self.steps = steps
        self.location = location
    }
}

/// The Kubernetes context and namespace that every `kubectl` step is pinned to.
public struct KubernetesTarget: Sendable {
    /// `--context`.
    public var context: Template?
    /// `--namespace`.
    public var namespace: Template?

    /// Creates a target.
    public init(context: Template?, namespace: Template?) {
        self.context = context
        self.namespace = namespace
    }
}
