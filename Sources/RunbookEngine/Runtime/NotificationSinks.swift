import RunbookCore

/// Builds the notifier of a run from the runbook's `notify:`, the command line's `--notify` and `RUNBOOK_NOTIFY`.
enum NotificationSinks {
    /// The environment variable that adds sinks: URLs (or `slack:URL`) separated by spaces or commas.
    static let variable = "RUNBOOK_NOTIFY"

    /// The sinks `RUNBOOK_NOTIFY` names, and the entries that are not sinks.
    static func fromEnvironment(_ environment: [String: String]) -> (sinks: [NotifySink], invalid: [String]) {
        let entries = (environment[variable] ?? "").split { $0 == " " || $0 == "," || $0 == "\n" }.map(String.init)
        var sinks: [NotifySink] = []
        var invalid: [String] = []
        for entry in entries {
            if let sink = NotifySink.parse(entry) { sinks.append(sink) } else { invalid.append(entry) }
        }
        return (sinks, invalid)
    }

    /// The run's notifier (nil without sinks); a URL that does not render is reported on the terminal and left out.
    ///
    /// `configured` false leaves out the runbook's `notify:` and `RUNBOOK_NOTIFY`: only `extra` is notified.
    static func notifier(
        runbook: Runbook,
        extra: [NotifySink],
        configured: Bool = true,
        events: [JournalEvent],
        secrets: SecretStore,
        environment: [String: String],
        terminal: Terminal
    ) -> Notifier? {
        let fromEnvironment = configured ? fromEnvironment(environment) : (sinks: [], invalid: [])
        for entry in fromEnvironment.invalid {
            terminal.line("warning: \(variable): '\(entry)' is not an http(s) URL (or slack:URL); ignored")
        }
        let sinks = (configured ? runbook.notify : []) + extra + fromEnvironment.sinks
        guard !sinks.isEmpty else { return nil }
        let machine = RunStateMachine(
            runbook: runbook,
            state: RunState(events: events),
            external: secrets.external(environment: environment)
        )
        let context = machine.evaluationContext
        var targets: [Notifier.Target] = []
        for sink in sinks {
            let url: String
            do {
                url = try sink.url.render(in: context).text
            } catch {
                terminal.line(
                    "warning: notify: cannot render a sink's URL (\(error.message)); it gets no notifications"
                )
                continue
            }
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                terminal.line("warning: notify: a sink's URL is not http(s) (\(Notifier.Target.display(url))); ignored")
                continue
            }
            targets.append(
                Notifier.Target(
                    kind: sink.kind,
                    url: url,
                    events: sink.events,
                    timeout: sink.timeout?.duration ?? .seconds(10)
                )
            )
        }
        return targets.isEmpty ? nil : Notifier(targets: targets)
    }
}
