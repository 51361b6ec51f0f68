/// Environment variables that every process of the step being run gets besides its own (`TRACEPARENT`, so the
/// tools a step runs join the run's trace).
///
/// A task-local: the driver binds it around one step attempt, and the process connector adds the variables to the
/// child's environment (never to its command line); a step's own `env:` wins over them.
public enum StepEnvironment {
    /// The variables for processes started by the current task; empty outside a step.
    @TaskLocal public static var variables: [String: String] = [:]
}
