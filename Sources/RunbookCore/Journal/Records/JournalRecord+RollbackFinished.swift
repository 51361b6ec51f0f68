extension JournalRecord {
    /// `rollback.finished`: a scenario ended; one with `after: resume` that succeeded says where the run resumes.
    public struct RollbackFinished: JournalPayload {
        /// Where the run resumes after a scenario with `after: resume`, and the steps that run again.
        public struct Resume: Sendable, Hashable {
            /// The step the run resumes at.
            public var from: String
            /// The steps that run again.
            public var reset: [String]

            /// A resume.
            public init(from: String, reset: [String]) {
                self.from = from
                self.reset = reset
            }
        }

        /// Scenario id.
        public var scenario: String
        /// `succeeded` or `failed`.
        public var outcome: String
        /// The resume, when the scenario resumes the run forward.
        public var resume: Resume?
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// Whether the scenario succeeded.
        public var succeeded: Bool { outcome == "succeeded" }

        /// A `rollback.finished` payload.
        public init(scenario: String, succeeded: Bool, resume: Resume?) {
            self.scenario = scenario
            self.outcome = succeeded ? "succeeded" : "failed"
            self.resume = resume
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            scenario = f.string("scenario") ?? ""
            outcome = f.string("outcome") ?? ""
            if let from = f.string("resume_from") { resume = Resume(from: from, reset: f.strings("reset") ?? []) }
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [("scenario", .string(scenario)), ("outcome", .string(outcome))]
            guard let resume else { return }
            pairs += [("resume_from", .string(resume.from)), ("reset", resume.reset.journalValue)]
        }
    }
}
