extension JournalRecord {
    /// `step.output`: one redacted chunk (at most 16 KiB) of a step's stdout or stderr.
    public struct StepOutput: JournalPayload {
        /// Step id.
        public var step: String
        /// `stdout` or `stderr`.
        public var stream: String
        /// The chunk's index within its stream, from 0.
        public var chunk: Int64
        /// The text.
        public var text: String
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `step.output` payload.
        public init(step: String, stream: String, chunk: Int64, text: String) {
            self.step = step
            self.stream = stream
            self.chunk = chunk
            self.text = text
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            step = f.string("step") ?? ""
            stream = f.string("stream") ?? ""
            chunk = f.int("chunk") ?? 0
            text = f.string("text") ?? ""
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [
                ("step", .string(step)), ("stream", .string(stream)), ("chunk", .int(chunk)), ("text", .string(text)),
            ]
        }
    }
}
