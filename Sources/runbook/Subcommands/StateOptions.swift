import ArgumentParser
import RunbookCore
import RunbookEngine

/// `--state DIR|postgres://…`, shared by every command that reads or writes runs.
struct StateOptions: ParsableArguments {
    @Option(
        name: .customLong("state"),
        help:
            "Where runs and locks live: a state directory, or a postgres:// URL shared by a team (default: .runbook, or $RUNBOOK_STATE)."
    )
    var path: String?

    /// The `--state` value, `$RUNBOOK_STATE`, or `.runbook`.
    var location: String { path ?? Environment.variables["RUNBOOK_STATE"] ?? ".runbook" }

    /// The run store the location names; exits with the store's code and a message when it cannot be opened.
    func store() async throws -> any RunStore {
        try await Launch.reporting { try await StoreSelection.store(for: location, environment: Environment.variables) }
    }

    /// Resolves a run argument (id, unique prefix) or the newest run; exits 2 with a message when it cannot.
    func resolveRun(_ run: String?, in store: any RunStore) async throws -> String {
        if let run {
            guard let id = try await Launch.reporting({ try await store.resolve(run) }) else {
                FileHandleOutput.stderr("error: no run '\(run)' in \(store.location) (runbook runs lists them)\n")
                throw ExitCodes.invalidInput
            }
            return id
        }
        guard let last = try await Launch.reporting({ try await store.runIDs() }).last else {
            FileHandleOutput.stderr("error: no runs in \(store.location)\n")
            throw ExitCodes.invalidInput
        }
        return last
    }

    /// The folded state of a run, if its journal is readable.
    static func runState(_ store: any RunStore, _ runID: String) async -> RunState? {
        guard let result = try? await store.readJournal(runID), !result.events.isEmpty else { return nil }
        return RunState(events: result.events)
    }
}
