import ArgumentParser
import RunbookEngine

/// `--state DIR`, shared by every command that reads or writes runs.
struct StateOptions: ParsableArguments {
    @Option(
        name: .customLong("state"),
        help: "State directory holding runs and locks (default: .runbook, or $RUNBOOK_STATE)."
    )
    var path: String?

    var directory: StateDirectory {
        StateDirectory(root: path ?? Environment.variables["RUNBOOK_STATE"] ?? ".runbook")
    }

    /// Resolves a run argument (id, unique prefix) or the newest run; exits 2 with a message when it cannot.
    func resolveRun(_ run: String?) throws -> String {
        let dir = directory
        if let run {
            guard let id = dir.resolve(run) else {
                FileHandleOutput.stderr("error: no run '\(run)' in \(dir.root) (runbook runs lists them)\n")
                throw ExitCodes.invalidInput
            }
            return id
        }
        guard let last = dir.runIDs().last else {
            FileHandleOutput.stderr("error: no runs in \(dir.root)\n")
            throw ExitCodes.invalidInput
        }
        return last
    }
}
