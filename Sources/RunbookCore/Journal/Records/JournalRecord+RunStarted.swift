extension JournalRecord {
    /// `run.started`: what runs, pinned to which file, with which parameters, by whom.
    public struct RunStarted: JournalPayload {
        /// Run id.
        public var runID: String
        /// Runbook id.
        public var runbook: String
        /// SHA-256 of the runbook file.
        public var runbookDigest: String
        /// The runbook file path as given.
        public var file: String
        /// Bound parameters, in declaration order.
        public var params: [JournalField]
        /// `user@host`.
        public var operatorName: String
        /// Host name.
        public var host: String
        /// Process id of the runner.
        public var pid: Int64
        /// The runbook version that wrote the journal (absent in journals of early versions).
        public var toolVersion: String?
        /// `--from` step.
        public var from: String?
        /// `--only` phase.
        public var only: String?
        /// `--inject` failures (written only when there are any).
        public var injections: [FaultInjection]
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// A `run.started` payload.
        public init(
            runID: String,
            runbook: String,
            runbookDigest: String,
            file: String,
            params: [JournalField],
            operatorName: String,
            host: String,
            pid: Int64,
            toolVersion: String?,
            from: String?,
            only: String?,
            injections: [FaultInjection] = []
        ) {
            self.runID = runID
            self.runbook = runbook
            self.runbookDigest = runbookDigest
            self.file = file
            self.params = params
            self.operatorName = operatorName
            self.host = host
            self.pid = pid
            self.toolVersion = toolVersion
            self.from = from
            self.only = only
            self.injections = injections
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            runID = f.string("run_id") ?? ""
            runbook = f.string("runbook") ?? ""
            runbookDigest = f.string("runbook_digest") ?? ""
            file = f.string("file") ?? ""
            params = f.map("params") ?? []
            operatorName = f.string("operator") ?? ""
            host = f.string("host") ?? ""
            pid = f.int("pid") ?? 0
            toolVersion = f.string("tool_version")
            from = f.nullableString("from") ?? nil
            only = f.nullableString("only") ?? nil
            injections =
                f.take("injections") { value -> [FaultInjection]? in
                    guard case .list(let items) = value else { return nil }
                    let read = items.compactMap(FaultInjection.init(value:))
                    return read.count == items.count ? read : nil
                } ?? []
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [
                ("run_id", .string(runID)), ("runbook", .string(runbook)), ("runbook_digest", .string(runbookDigest)),
                ("file", .string(file)), ("params", JournalField.map(params)), ("operator", .string(operatorName)),
                ("host", .string(host)), ("pid", .int(pid)),
            ]
            if let toolVersion { pairs.append(("tool_version", .string(toolVersion))) }
            pairs += [("from", from.journalValue), ("only", only.journalValue)]
            if !injections.isEmpty { pairs.append(("injections", .list(injections.map(\.value)))) }
        }
    }
}
