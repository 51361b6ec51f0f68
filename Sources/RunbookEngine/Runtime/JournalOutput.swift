import RunbookCore

/// Journals a process step's output: redacted, in chunks, without fsync (the result event that follows syncs it).
///
/// A chunk that cannot be written stops the run (never dropped silently): the step's outcome is then in doubt.
struct JournalOutput {
    let journal: any JournalStore
    let redactor: Redactor

    /// The most text one `step.output` event holds.
    static let chunkSize = 16_384

    /// Journals the `stdout` and `stderr` of `result`.
    func record(_ step: Step, _ result: StepResult) async throws {
        for stream in ["stdout", "stderr"] {
            guard case .string(let text)? = result.fields[stream], !text.isEmpty else { continue }
            var rest = Substring(redactor.redact(text))
            var index: Int64 = 0
            while !rest.isEmpty {
                let output = JournalRecord.StepOutput(
                    step: step.id,
                    stream: stream,
                    chunk: index,
                    text: String(rest.prefix(Self.chunkSize))
                )
                rest = rest.dropFirst(Self.chunkSize)
                index += 1
                do {
                    try await journal.appendUnsynced(JournalEventType.stepOutput, output.data)
                } catch var error as RunStoreError where error.exitCode == .stopped {
                    error.description += Self.unrecorded(JournalEventType.stepOutput, step: step.id)
                    throw error
                }
            }
        }
    }

    /// What a journal write that failed leaves undecided, for the message of the stopped run.
    static func unrecorded(_ type: String, step: String?) -> String {
        guard let step, !step.isEmpty else { return " (not recorded: \(type))" }
        switch type {
        case JournalEventType.stepStarted, JournalEventType.guardStarted:
            return " (step '\(step)' did not start: its \(type) was not recorded)"
        case JournalEventType.stepSucceeded, JournalEventType.stepFailed, JournalEventType.guardPassed,
            JournalEventType.guardFailed, JournalEventType.stepOutput:
            return
                " (step '\(step)' ran but its outcome could not be recorded: on resume it is in doubt, and its reconcile probe decides, or, when it is not idempotent, `--rerun-in-doubt` or `runbook skip`)"
        default:
            return " (not recorded: \(type) of step '\(step)')"
        }
    }
}

extension JournalStore {
    /// Appends a record redacted (durable before returning): the one way every writer of a run's journal appends —
    /// the driver, and the launcher's `run.started`, `run.resumed`, manual `rollback.started` and `runbook skip`.
    ///
    /// A store failure that stops the run names what was left unrecorded.
    @discardableResult
    func append(_ record: JournalRecord, redactor: Redactor) async throws -> JournalEvent {
        do {
            return try await append(record.type, redactor.redact(record.data))
        } catch var error as RunStoreError where error.exitCode == .stopped {
            error.description += JournalOutput.unrecorded(record.type, step: record.step)
            throw error
        }
    }
}
