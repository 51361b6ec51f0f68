import RunbookCore

extension StepFailure {
    /// An executor error as a step failure, redacted, its message prefixed with where it happened.
    init(_ error: ExecutorError, at place: String, redactor: Redactor) {
        self.init("\(place): " + redactor.redact(error.message), detail: error.detail.map { redactor.redact($0) })
        timedOut = error.code == .timeout
    }
}
