import ArgumentParser
import RunbookCore

/// The exit codes (the README's exit table), defined once: every status the tool exits with comes from here.
enum ExitCodes {
    /// 0: done.
    static let success = code(.success)
    /// 1: a step failed (rollback ran, or none applied).
    static let stepFailed = code(.stepFailed)
    /// 2: invalid input or usage.
    static let invalidInput = code(.invalidInput)
    /// 3: stopped (gate declined, interrupted) and resumable.
    static let stopped = code(.stopped)
    /// 4: a rollback itself failed; a human is needed.
    static let rollbackFailed = code(.rollbackFailed)
    /// 5: someone else holds the run (the lock, a taken-over lease, a stopped runner's step processes).
    static let locked = code(.locked)

    /// The process exit code for a status the engine decided (an outcome's or a failure's).
    static func code(_ exit: RunExit) -> ExitCode {
        ExitCode(exit.rawValue)
    }

    /// Throws the exit code for `exit` unless it is success.
    static func exitUnlessSuccess(_ exit: RunExit) throws {
        if exit != .success { throw code(exit) }
    }
}

/// The tool's version, recorded in journals.
enum RunbookVersion {
    static let string = "0.1.0"
}
