import RunbookCore

/// The effects a run has on the world besides its steps and journal: time and the operator's answers.
///
/// `system` is the real world; tests pass a `ManualClock` and scripted answers so that a run is an event script.
public struct RunEffects: Sendable {
    /// Retry delays, gate timeouts and polls, waits, durations.
    public var clock: any RunClock
    /// Answers at gates, `--step` prompts and in-doubt questions.
    public var prompter: any Prompter
    /// Whether the run marks this process's environment with its id (`LeftoverProcesses`); off for runs driven
    /// inside a test process, where changing the environment would race with other tests.
    public var marksProcesses = true
    /// How long a step runs before the terminal says it is still running (wall time, as the operator waits it);
    /// nil: never — runs scripted on a manual clock in a test process, whose wall time says nothing about the run.
    public var heartbeatAfter: Duration? = .seconds(5)
    /// Who hears of every journaled event besides the journal (notifications, traces, metrics); none by default.
    public var observers: [any RunObserver] = []
    /// Notification sinks besides the runbook's `notify:` (`--notify`); `RUNBOOK_NOTIFY` adds more.
    public var notify: [NotifySink] = []
    /// Whether the runbook's `notify:` and `RUNBOOK_NOTIFY` are used besides `notify`; off for rehearsals, whose
    /// injected failures must not page people.
    public var configuredNotify = true
    /// Where `abort_if` queries are asked (Prometheus over HTTP unless a test scripts the answers).
    public var alarms: any AlarmSource = PrometheusAlarmSource()

    /// Effects from a clock and a prompter.
    public init(clock: any RunClock, prompter: any Prompter) {
        self.clock = clock
        self.prompter = prompter
    }

    /// The system clock and standard input.
    public static var system: RunEffects { RunEffects(clock: SystemRunClock(), prompter: StandardInputPrompter()) }
}
