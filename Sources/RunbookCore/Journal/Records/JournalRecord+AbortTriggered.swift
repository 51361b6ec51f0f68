extension JournalRecord {
    /// `abort.triggered`: an `abort_if` query returned a result while a step ran; the step was cancelled.
    public struct AbortTriggered: JournalPayload {
        /// The step that was cancelled.
        public var step: String
        /// Where the condition is declared: `runbook` or `phase ID`.
        public var scope: String
        /// The Prometheus base URL asked.
        public var prometheus: String
        /// The PromQL query.
        public var query: String
        /// How many series the answer held.
        public var series: Int64
        /// The answer, as JSON text (redacted).
        public var answer: String
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

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            step = f.string("step") ?? ""
            scope = f.string("scope") ?? ""
            prometheus = f.string("prometheus") ?? ""
            query = f.string("query") ?? ""
            series = f.int("series") ?? 0
            answer = f.string("answer") ?? ""
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [
                ("step", .string(step)), ("scope", .string(scope)), ("prometheus", .string(prometheus)),
                ("query", .string(query)), ("series", .int(series)), ("answer", .string(answer)),
            ]
        }
    }
}
