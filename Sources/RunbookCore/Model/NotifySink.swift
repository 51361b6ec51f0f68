/// A destination that hears of a run's notable events: a generic JSON webhook or a Slack-compatible incoming
/// webhook (`notify:` in the runbook, `--notify`, `RUNBOOK_NOTIFY`).
public struct NotifySink: Sendable {
    /// The payload a sink receives.
    public enum Kind: String, Sendable, CaseIterable {
        /// A JSON document describing the event (`runbook-notification/1`).
        case webhook
        /// A Slack incoming-webhook message: `text` plus blocks.
        case slack
    }

    /// What the sink receives.
    public var kind: Kind
    /// Where it is posted (`http`/`https`; may use `${{ secrets.X }}` or `${{ env.X }}`).
    public var url: Template
    /// The events it wants; nil: all of them.
    public var events: [NotifyEvent]?
    /// How long one delivery attempt may take (default 10s).
    public var timeout: DurationSpec?
    /// Where the sink is declared (nil: from the command line or the environment).
    public var location: SourceLocation?

    /// Creates a sink.
    public init(kind: Kind, url: Template, events: [NotifyEvent]? = nil, location: SourceLocation? = nil) {
        self.kind = kind
        self.url = url
        self.events = events
        self.location = location
    }

    /// Whether the sink wants an event.
    public func wants(_ event: NotifyEvent) -> Bool { events?.contains(event) ?? true }

    /// Parses a command-line or environment sink: `URL` (a webhook) or `slack:URL` / `webhook:URL`.
    public static func parse(_ argument: String) -> NotifySink? {
        var kind = Kind.webhook
        var rest = Substring(argument)
        for k in Kind.allCases where rest.hasPrefix(k.rawValue + ":") && !rest.hasPrefix(k.rawValue + "://") {
            kind = k
            rest = rest.dropFirst(k.rawValue.count + 1)
        }
        guard rest.hasPrefix("http://") || rest.hasPrefix("https://") else { return nil }
        return NotifySink(kind: kind, url: Template(parts: [.literal(String(rest))]))
    }
}

/// The events a notification sink can ask for (`events:`).
public enum NotifyEvent: String, Sendable, CaseIterable {
    /// A gate waits for approval: prompt, approvers, the `runbook approve` command, the digests it binds to.
    case gateWaiting = "gate_waiting"
    /// A step failed for good (its retries are spent).
    case stepFailed = "step_failed"
    /// A rollback scenario started.
    case rollbackStarted = "rollback_started"
    /// A rollback scenario finished.
    case rollbackFinished = "rollback_finished"
    /// The run stopped and can be resumed (Ctrl-C, a declined or timed-out gate).
    case runInterrupted = "run_interrupted"
    /// The run finished (any outcome).
    case runFinished = "run_finished"
    /// A step was in flight when the run stopped and is not idempotent: a person decides.
    case inDoubt = "in_doubt"
    /// An `abort_if` alarm cancelled the running step.
    case abortTriggered = "abort_triggered"
}
