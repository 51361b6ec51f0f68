import ArgumentParser

/// The exit codes (the README's exit table), defined once: every status the tool exits with comes from here.
enum ExitCodes {
    /// 0: done.
    static let success = ExitCode(0)
    /// 1: a step failed (rollback ran, or none applied).
    static let stepFailed = ExitCode(1)
    /// 2: invalid input or usage.
    static let invalidInput = ExitCode(2)
    /// 3: stopped (gate declined, interrupted) and resumable.
    static let stopped = ExitCode(3)
    /// 4: a rollback itself failed; a human is needed.
    static let rollbackFailed = ExitCode(4)
    /// 5: another run holds the lock.
    static let locked = ExitCode(5)

    /// The exit code for a number the engine decided (an outcome's or a failure's); anything outside 0–5 is 2.
    static func code(_ raw: Int32) -> ExitCode {
        [success, stepFailed, invalidInput, stopped, rollbackFailed, locked].first { $0.rawValue == raw }
            ?? invalidInput
    }

    /// Throws the exit code for `raw` unless it is success.
    static func exitUnlessSuccess(_ raw: Int32) throws {
        let exit = code(raw)
        if exit != success { throw exit }
    }
}

/// The tool's version, recorded in journals.
enum RunbookVersion {
    static let string = "0.1.0"
}
