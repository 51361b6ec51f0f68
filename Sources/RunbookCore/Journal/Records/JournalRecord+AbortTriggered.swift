extension JournalRecord {
    /// `abort.triggered`: an `abort_if` query returned a result while a step ran; the step was cancelled.
    public struct AbortTriggered: JournalKeyedPayload {
        /// The step that was cancelled.
        public var step: String = ""
        /// Where the condition is declared: `runbook` or `phase ID`.
        public var scope: String = ""
        /// The Prometheus base URL asked.
        public var prometheus: String = ""
        /// The PromQL query.
        public var query: String = ""
        /// How many series the answer held.
        public var series: Int64 = 0
        /// The answer, as JSON text (redacted).
        public var answer: String = ""
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// An `abort.triggered` payload.
        public init(step: String, scope: String, prometheus: String, query: String, series: Int64, answer: String) {
            self.step = step
            self.scope = scope
            self.prometheus = prometheus
            self.query = query
            self.series = series
            self.answer = answer
        }

        /// A payload with every key at its default.
        public init() {}

        /// The keys, in the writers' order.
        public static let keys: [JournalKey<Self>] = [
            .string("step", \.step),
            .string("scope", \.scope),
            .string("prometheus", \.prometheus),
            .string("query", \.query),
            .int("series", \.series),
            .string("answer", \.answer),
        ]
    }
}
