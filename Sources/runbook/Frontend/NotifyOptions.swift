import ArgumentParser
import RunbookCore

/// `--notify URL` (repeatable): notification sinks besides the runbook's `notify:` and `RUNBOOK_NOTIFY`.
struct NotifyOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Post the run's notable events to this sink (repeatable): a URL (generic JSON webhook) or slack:URL (Slack incoming webhook).",
            valueName: "URL"
        )
    )
    var notify: [String] = []

    /// The sinks, or exit 2 naming the argument that is not one.
    func sinks() throws -> [NotifySink] {
        try notify.map { argument in
            guard let sink = NotifySink.parse(argument) else {
                FileHandleOutput.stderr("error: --notify \(argument): expected an http(s) URL or slack:URL\n")
                throw ExitCodes.invalidInput
            }
            return sink
        }
    }
}
