/// The notification of one journal event, as a generic webhook receives it (`runbook-notification/1`) and as a
/// Slack incoming webhook does (`text` plus blocks).
///
/// Built only from journaled events, which are redacted as written, so a payload never holds a secret the journal
/// does not; what a gate's approval binds to (the runbook and params digests) comes from the run's own events.
public struct NotificationMessage: Sendable, Equatable {
    /// What happened.
    public var event: NotifyEvent
    /// One line for people.
    public var text: String
    /// The generic webhook's JSON document.
    public var webhook: Value
    /// The Slack message.
    public var slack: Value

    /// What a message needs to know about the run besides the event.
    public struct RunFacts: Sendable {
        /// The run id.
        public var runID: String
        /// The runbook id.
        public var runbook: String
        /// SHA-256 of the runbook the run is pinned to (what an approval binds to).
        public var runbookDigest: String
        /// SHA-256 of the run's params (what an approval binds to).
        public var paramsDigest: String
        /// Approvers so far, per gate.
        public var approvedBy: [String: [String]] = [:]

        /// Facts from a run's journal so far.
        public init(events: [JournalEvent]) {
            let state = RunState(events: events)
            runID = state.runID
            runbook = state.runbookID
            runbookDigest = state.runbookDigest
            paramsDigest = Self.paramsDigest(state.params)
            for event in events { note(event) }
        }

        /// Keeps what later messages need (approvals, a resumed run's runbook digest).
        public mutating func note(_ event: JournalEvent) {
            switch event.type {
            case JournalEventType.gateApproved:
                approvedBy[event.data["step"]?.text ?? "", default: []].append(event.data["approver"]?.text ?? "")
            case JournalEventType.gateWaiting:
                approvedBy[event.data["step"]?.text ?? ""] = []
            case JournalEventType.runResumed:
                if let digest = event.data["runbook_digest"]?.text, !digest.isEmpty { runbookDigest = digest }
            default:
                break
            }
        }

        /// SHA-256 of the params as `gate.approved` records it: the JSON map of the params sorted by name.
        public static func paramsDigest(_ params: [String: Value]) -> String {
            let pairs = params.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
            return SHA256.hex(of: JSONWriter.string(.map(pairs)))
        }
    }

    /// The message for a journal event, or nil when the event is not one people are told of.
    public static func make(_ event: JournalEvent, facts: RunFacts) -> NotificationMessage? {
        let d = event.data
        let run = facts.runID
        let step = d["step"]?.text ?? ""
        var extra: [(key: String, value: Value)] = []
        let kind: NotifyEvent
        let text: String
        switch event.type {
        case JournalEventType.gateWaiting:
            kind = .gateWaiting
            let confirm = d["confirm"].flatMap { $0 == .null ? nil : $0.text }
            let command = approveCommand(run: run, gate: step, confirm: confirm)
            let required = Int(d["approvers"]?.numeric ?? 1)
            let approved = facts.approvedBy[step] ?? []
            extra = [
                ("approve_command", .string(command)), ("prompt", d["prompt"] ?? .null),
                ("confirm", confirm.map(Value.string) ?? .null), ("approvers", .int(Int64(required))),
                ("approved_by", .list(approved.map(Value.string))),
                ("runbook_digest", .string(facts.runbookDigest)), ("params_digest", .string(facts.paramsDigest)),
            ]
            let who = required == 1 ? "one approver" : "\(required) distinct approvers"
            text =
                "⏸ run \(run) (\(facts.runbook)): gate '\(step)' waits for \(who): \(d["prompt"]?.text ?? "") — approve with: \(command) (binds runbook \(facts.runbookDigest.prefix(12)), params \(facts.paramsDigest.prefix(12)))"
        case JournalEventType.stepFailed, JournalEventType.guardFailed:
            guard d["final"] != .bool(false) else { return nil }
            kind = .stepFailed
            extra = [("error", d["error"] ?? .null), ("detail", d["detail"] ?? .null)]
            text = "✖ run \(run) (\(facts.runbook)): step '\(step)' failed: \(d["error"]?.text ?? "")"
        case JournalEventType.rollbackStarted:
            kind = .rollbackStarted
            let scenario = d["scenario"]?.text ?? ""
            extra = [
                ("scenario", .string(scenario)), ("trigger", d["trigger"] ?? .null), ("error", d["error"] ?? .null),
            ]
            text =
                "↺ run \(run) (\(facts.runbook)): rollback '\(scenario)' started (trigger '\(d["trigger"]?.text ?? "")': \(d["error"]?.text ?? ""))"
        case JournalEventType.rollbackFinished:
            kind = .rollbackFinished
            let scenario = d["scenario"]?.text ?? ""
            extra = [("scenario", .string(scenario)), ("outcome", d["outcome"] ?? .null)]
            text =
                "↺ run \(run) (\(facts.runbook)): rollback '\(scenario)' \(d["outcome"]?.text ?? "")"
                + (d["resume_from"].map { "; resuming at '\($0.text)'" } ?? "")
        case JournalEventType.runInterrupted:
            let reason = d["reason"]?.text ?? ""
            if reason.contains("in doubt") {
                kind = .inDoubt
                let s =
                    d["in_flight"].flatMap { v -> String? in if case .list(let l) = v { l.first?.text } else { nil } }
                    ?? "STEP"
                let commands = ["runbook resume \(run) --rerun-in-doubt", "runbook skip \(run) \(s) --reason …"]
                extra = [("reason", .string(reason)), ("commands", .list(commands.map(Value.string)))]
                text =
                    "? run \(run) (\(facts.runbook)) needs a person: \(reason); check whether its effect happened, then `\(commands[0])` or `\(commands[1])`"
            } else {
                kind = .runInterrupted
                extra = [("reason", .string(reason)), ("resume_command", .string("runbook resume \(run)"))]
                text = "■ run \(run) (\(facts.runbook)) stopped: \(reason); resume with: runbook resume \(run)"
            }
        case JournalEventType.runFinished:
            kind = .runFinished
            extra = [("outcome", d["outcome"] ?? .null), ("exit_code", d["exit_code"] ?? .null)]
            text =
                "■ run \(run) (\(facts.runbook)) finished: \(d["outcome"]?.text ?? "") — \(d["message"]?.text ?? "")"
        case JournalEventType.abortTriggered:
            kind = .abortTriggered
            extra = [("query", d["query"] ?? .null), ("answer", d["answer"] ?? .null)]
            text =
                "⚠ run \(run) (\(facts.runbook)): abort_if fired during step '\(step)': `\(d["query"]?.text ?? "")` returned \(d["series"]?.text ?? "?") series"
        default:
            return nil
        }
        var pairs: [(key: String, value: Value)] = [
            ("format", .string("runbook-notification/1")), ("event", .string(kind.rawValue)),
            ("run_id", .string(run)), ("runbook", .string(facts.runbook)),
            ("step", step.isEmpty ? .null : .string(step)),
            ("text", .string(text)),
            (
                "journal",
                .map([("seq", .int(Int64(event.seq))), ("time", .string(event.time)), ("type", .string(event.type))])
            ),
        ]
        pairs += extra
        pairs.append(("data", d))
        let slack: Value = .map([
            ("text", .string(text)),
            (
                "blocks",
                .list([
                    .map([
                        ("type", .string("section")),
                        ("text", .map([("type", .string("mrkdwn")), ("text", .string(String(text.prefix(2900))))])),
                    ])
                ])
            ),
        ])
        return NotificationMessage(event: kind, text: text, webhook: .map(pairs), slack: slack)
    }

    /// `runbook approve RUN GATE`, with `--confirm 'TEXT'` (shell-quoted) when the gate asks for a text.
    public static func approveCommand(run: String, gate: String, confirm: String?) -> String {
        "runbook approve \(run) \(gate)" + (confirm.map { " --confirm \(ShellTemplate.quote($0))" } ?? "")
    }
}
