extension JournalRecord {
    /// `step.output`: one redacted chunk (at most 16 KiB) of a step's stdout or stderr.
    public struct StepOutput: JournalKeyedPayload {
        /// Step id.
        public var step: String = ""
        /// `stdout` or `stderr`.
        public var stream: String = ""
        /// The chunk's index within its stream, from 0.
        public var chunk: Int64 = 0
        /// The text.
        public var text: String = ""
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `step.output` payload.
        public init(step: String, stream: String, chunk: Int64, text: String) {
            self.step = step
            self.stream = stream
            self.chunk = chunk
            self.text = text
        }

        /// A payload with every key at its default.
        public init() {}

        /// The keys, in the writers' order.
        public static let keys: [JournalKey<Self>] = [
            .string("step", \.step),
            .string("stream", \.stream),
            .int("chunk", \.chunk),
            .string("text", \.text),
        ]
    }
}
