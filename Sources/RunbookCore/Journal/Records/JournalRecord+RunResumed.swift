extension JournalRecord {
    /// `run.resumed`: who resumed a stopped run, and whether the runbook changed; a re-entry says where and why.
    public struct RunResumed: JournalPayload {
        /// An operator's re-entry into a finished or stopped run.
        public struct Reentry: Sendable, Hashable {
            /// `failed_step` or `from_step`.
            public var kind: String
            /// The step re-entered at.
            public var step: String
            /// The steps that run again (`from_step`).
            public var reset: [String]
            /// Why (`--reason`).
            public var reason: String?

            /// A re-entry.
            public init(kind: String, step: String, reset: [String], reason: String?) {
                self.kind = kind
                self.step = step
                self.reset = reset
                self.reason = reason
            }
        }

        /// `user@host`.
        public var operatorName: String
        /// Host name.
        public var host: String
        /// Process id of the runner.
        public var pid: Int64
        /// `--allow-changed`.
        public var allowChanged: Bool
        /// SHA-256 of the runbook file now.
        public var runbookDigest: String
        /// Steps whose definition changed since the run started.
        public var changedSteps: [String]
        /// The re-entry (`resume` of a failed run, or `resume --from`); nil for a plain resume.
        public var reentry: Reentry?
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `run.resumed` payload.
        public init(
            operatorName: String,
            host: String,
            pid: Int64,
            allowChanged: Bool,
            runbookDigest: String,
            changedSteps: [String],
            reentry: Reentry?
        ) {
            self.operatorName = operatorName
            self.host = host
            self.pid = pid
            self.allowChanged = allowChanged
            self.runbookDigest = runbookDigest
            self.changedSteps = changedSteps
            self.reentry = reentry
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            operatorName = f.string("operator") ?? ""
            host = f.string("host") ?? ""
            pid = f.int("pid") ?? 0
            allowChanged = f.bool("allow_changed") ?? false
            runbookDigest = f.string("runbook_digest") ?? ""
            changedSteps = f.strings("changed_steps") ?? []
            if let kind = f.string("reentry") {
                reentry = Reentry(
                    kind: kind,
                    step: f.string("step") ?? "",
                    reset: f.strings("reset") ?? [],
                    reason: f.nullableString("reason") ?? nil
                )
            }
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [
                ("operator", .string(operatorName)), ("host", .string(host)), ("pid", .int(pid)),
                ("allow_changed", .bool(allowChanged)), ("runbook_digest", .string(runbookDigest)),
                ("changed_steps", changedSteps.journalValue),
            ]
            guard let reentry else { return }
            pairs += [
                ("reentry", .string(reentry.kind)), ("step", .string(reentry.step)),
                ("reset", reentry.reset.journalValue), ("reason", reentry.reason.journalValue),
            ]
        }
    }
}
