extension JournalRecord {
    /// `step.started` / `guard.started`: one attempt of a step began.
    public struct StepStarted: JournalKeyedPayload {
        /// Step id.
        public var step: String = ""
        /// `main`, `guard` or `rollback`.
        public var role: String = ""
        /// The phase of the step (none for guards and rollback steps).
        public var phase: String?
        /// The step's kind (`sql`, `shell`, …).
        public var kind: String = ""
        /// The attempt, from 1; a journal without one means the first.
        public var attempt: Int = 1
        /// Whether the step mutates.
        public var mutates: Bool = false
        /// The command as shown (redacted).
        public var command: [String] = []
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

        /// A payload with every key at its default.
        public init() {}

        /// The keys, in the writers' order.
        public static let keys: [JournalKey<Self>] = [
            .string("step", \.step),
            .string("role", \.role),
            .nullableString("phase", \.phase),
            .string("kind", \.kind),
            .attempt("attempt", \.attempt),
            .bool("mutates", \.mutates),
            .strings("command", \.command),
        ]
    }
}
