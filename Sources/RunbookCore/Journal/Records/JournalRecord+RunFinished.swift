extension JournalRecord {
    /// `run.finished`: the outcome, its exit code, and the `on_failure: warn` failures.
    public struct RunFinished: JournalPayload {
        /// One final failure of an `on_failure: warn` step.
        public struct Warning: Sendable, Hashable {
            /// Step id.
            public var step: String
            /// Its error.
            public var error: String

            /// A warning.
            public init(step: String, error: String) {
                self.step = step
                self.error = error
            }
        }

        /// The outcome as journaled (a `RunOutcome` raw value, or a newer one).
        public var outcomeText: String
        /// The process exit code.
        public var exitCode: Int64
        /// The closing message.
        public var message: String
        /// `on_failure: warn` failures (written only when there are any).
        public var warnings: [Warning]
        /// Keys this version does not know.
        public var extra: [JournalField] = []

        /// The outcome; an outcome this version does not know reads as `failed`.
        public var outcome: RunOutcome { RunOutcome(rawValue: outcomeText) ?? .failed }

        /// A `run.finished` payload.
        public init(_ outcome: RunOutcome, message: String, warnings: [Warning]) {
            outcomeText = outcome.rawValue
            exitCode = Int64(outcome.exitCode.rawValue)
            self.message = message
            self.warnings = warnings
        }

        /// Reads the payload.
        public init(fields f: inout JournalFields) {
            outcomeText = f.string("outcome") ?? ""
            exitCode = f.int("exit_code") ?? 0
            message = f.string("message") ?? ""
            warnings =
                f.take("warnings") { value -> [Warning]? in
                    guard case .list(let items) = value else { return nil }
                    let read = items.compactMap { item -> Warning? in
                        guard case .string(let step)? = item["step"], case .string(let error)? = item["error"],
                            case .map(let pairs) = item, pairs.count == 2
                        else { return nil }
                        return Warning(step: step, error: error)
                    }
                    return read.count == items.count ? read : nil
                } ?? []
        }

        /// Writes the payload.
        public func write(to pairs: inout [(key: String, value: Value)]) {
            pairs += [("outcome", .string(outcomeText)), ("exit_code", .int(exitCode)), ("message", .string(message))]
            guard !warnings.isEmpty else { return }
            pairs.append(
                ("warnings", .list(warnings.map { .map([("step", .string($0.step)), ("error", .string($0.error))]) }))
            )
        }
    }
}
