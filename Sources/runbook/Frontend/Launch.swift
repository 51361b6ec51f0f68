import ArgumentParser
import Foundation
import RunbookCore
import RunbookEngine

#if canImport(Glibc)
import Glibc
#endif

/// Runs a driver task with SIGINT/SIGTERM wired to cancellation, and maps outcomes and failures to exit codes.
enum Launch {
    /// `strict`: a run that ends `succeeded_with_warnings` exits 1 instead of 0 (`run --strict`).
    static func perform(strict: Bool = false, _ body: @escaping @Sendable () async throws -> RunOutcome) async throws {
        let outcome = try await guarded(body)
        if strict, outcome == .succeededWithWarnings { throw ExitCodes.stepFailed }
        try ExitCodes.exitUnlessSuccess(outcome.exitCode)
    }

    /// Runs `body` (which drives one or more runs) with SIGINT/SIGTERM wired to cancellation; launcher and store
    /// failures print their message and become their exit code, cancellation becomes exit 3.
    static func guarded<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let task = Task { try await body() }
        let sources = [SIGINT, SIGTERM].map { sig -> any DispatchSourceSignal in
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
        }
        do {
            return try await reporting { try await task.value }
        } catch is CancellationError {
            throw ExitCodes.stopped
        }
    }

    /// Runs a launcher or store call outside `perform`, turning its failure into the message and exit code.
    static func reporting<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as RunLauncher.Failure {
            FileHandleOutput.stderr("error: \(failure.description)\n")
            throw ExitCodes.code(failure.exitCode)
        } catch let failure as RunStoreError {
            FileHandleOutput.stderr("error: \(failure.description)\n")
            throw ExitCodes.code(failure.exitCode)
        }
    }

    /// The launcher every run-driving command uses: `notify` sinks, and `observers` that hear of every journaled event.
    static func launcher(
        _ store: any RunStore,
        notify: [NotifySink] = [],
        observers: [any RunObserver] = []
    ) -> RunLauncher {
        var effects = RunEffects.system
        effects.notify = notify
        effects.observers = observers
        return RunLauncher(
            store: store,
            connectors: ConnectorWiring.connectors(),
            environment: Environment.variables,
            toolVersion: RunbookVersion.string,
            effects: effects
        )
    }

    /// Driver options: `--yes`, and interactive prompts when both stdin and stdout are terminals.
    static func options(yes: Bool) -> RunDriver.Options {
        var options = RunDriver.Options()
        options.yes = yes
        options.interactive = isatty(0) == 1 && isatty(1) == 1
        return options
    }

    static func terminal(quiet: Bool = false) -> (Redactor) -> Terminal {
        { Terminal(redactor: $0, quiet: quiet) }
    }
}
