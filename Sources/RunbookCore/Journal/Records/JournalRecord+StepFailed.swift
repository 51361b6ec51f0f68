extension JournalRecord {
    /// `step.failed` / `guard.failed`: an attempt failed; `final` unless a retry follows.
    public struct StepFailed: JournalPayload {
        /// What a step that ran (and then failed its expectation or diff) produced.
        public struct Produced: Sendable, Hashable {
            /// The step's value.
            public var value: Value
            /// One-line summary.
            public var summary: String
            /// Outputs a keyed diff publishes even when it fails (nil: none journaled).
            public var outputs: [JournalField]?

            /// What a step produced.
            public init(value: Value, summary: String, outputs: [JournalField]? = nil) {
                self.value = value
                self.summary = summary
                self.outputs = outputs
            }
        }

        /// Step id.
        public var step: String
        /// The attempt, from 1 (0 when the step could not start).
        public var attempt: Int
        /// How long it took.
        public var durationMs: Int64
        /// The error message.
        public var error: String
        /// More detail (server error fields, stderr tail).
        public var detail: String?
        /// Whether no retry follows; a journal without it means final.
        public var final: Bool
        /// The step's `on_failure` as written by `Planner.describe`.
        public var onFailure: String
        /// The delay before the next attempt, when one follows.
        public var retryInMs: Int64?
        /// The `--inject` mode, when the failure was forced (kept as text, so a newer mode still reads).
        public var injected: String?
        /// What the step produced, when it ran.
        public var produced: Produced?
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// The `--inject` mode this version knows, if any.
        public var injectedMode: FaultInjection.Mode? { injected.flatMap(FaultInjection.Mode.init(rawValue:)) }

        /// A `step.failed` payload; `final` is whether `retryInMs` is nil.
        public init(
            step: String,
            attempt: Int,
            durationMs: Int64,
            error: String,
            detail: String?,
            onFailure: String,
            retryInMs: Int64?,
            injected: FaultInjection.Mode?,
            produced: Produced?
        ) {
            self.step = step
            self.attempt = attempt
            self.durationMs = durationMs
            self.error = error
            self.detail = detail
            self.final = retryInMs == nil
            self.onFailure = onFailure
            self.retryInMs = retryInMs
            self.injected = injected?.rawValue
            self.produced = produced
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            step = f.string("step") ?? ""
            attempt = JournalRecord.attempt(f.int("attempt"))
            durationMs = f.int("duration_ms") ?? 0
            error = f.string("error") ?? "failed"
            detail = f.nullableString("detail") ?? nil
            final = f.bool("final") ?? true
            onFailure = f.string("on_failure") ?? ""
            retryInMs = f.int("retry_in_ms")
            injected = f.string("injected")
            if let value = f.value("value") {
                produced = Produced(value: value, summary: f.string("summary") ?? "", outputs: f.map("outputs"))
            }
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [
                ("step", .string(step)), ("attempt", .int(Int64(attempt))), ("duration_ms", .int(durationMs)),
                ("error", .string(error)), ("detail", detail.journalValue), ("final", .bool(final)),
                ("on_failure", .string(onFailure)),
            ]
            if let retryInMs { pairs.append(("retry_in_ms", .int(retryInMs))) }
            if let injected { pairs.append(("injected", .string(injected))) }
            guard let produced else { return }
            pairs += [("value", produced.value), ("summary", .string(produced.summary))]
            if let outputs = produced.outputs { pairs.append(("outputs", JournalField.map(outputs))) }
        }
    }
}
