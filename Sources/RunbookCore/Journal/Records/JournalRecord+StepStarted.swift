extension JournalRecord {
    /// `step.started` / `guard.started`: one attempt of a step began.
    public struct StepStarted: JournalPayload {
        /// Step id.
        public var step: String
        /// `main`, `guard` or `rollback`.
        public var role: String
        /// The phase of the step (none for guards and rollback steps).
        public var phase: String?
        /// The step's kind (`sql`, `shell`, …).
        public var kind: String
        /// The attempt, from 1; a journal without one means the first.
        public var attempt: Int
        /// Whether the step mutates.
        public var mutates: Bool
        /// The command as shown (redacted).
        public var command: [String]
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `step.started` payload.
        public init(
            step: String,
            role: String,
            phase: String?,
            kind: String,
            attempt: Int,
            mutates: Bool,
            command: [String]
        ) {
            self.step = step
            self.role = role
            self.phase = phase
            self.kind = kind
            self.attempt = attempt
            self.mutates = mutates
            self.command = command
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            step = f.string("step") ?? ""
            role = f.string("role") ?? ""
            phase = f.nullableString("phase") ?? nil
            kind = f.string("kind") ?? ""
            attempt = JournalRecord.attempt(f.int("attempt"))
            mutates = f.bool("mutates") ?? false
            command = f.strings("command") ?? []
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [
                ("step", .string(step)), ("role", .string(role)), ("phase", phase.journalValue),
                ("kind", .string(kind)), ("attempt", .int(Int64(attempt))), ("mutates", .bool(mutates)),
                ("command", command.journalValue),
            ]
        }
    }
}
