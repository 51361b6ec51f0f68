import RunbookCore
import Subprocess
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs processes for `shell` and `kubectl` steps.
///
/// Each child starts a new session, so it leads its own process group, has no controlling
/// terminal, and everything it starts (pipelines, `&` jobs) shares that group. The session is part
/// of the spawn itself (made before the program runs), so even a timeout that fires while the child
/// is still starting finds the group in place. Stopping a run —
/// on timeout or when the calling task is cancelled — signals the whole group: `SIGTERM`, then
/// `SIGKILL` after the grace period — and keeps reading the output meanwhile, so a `TERM` trap can
/// still write and clean up. Processes the child leaves running after it exits are stopped the same
/// way, so nothing a step started outlives it (use `setsid` to detach on purpose).
public struct ProcessRunner: Sendable {
    /// Creates a runner.
    public init() {}

    /// Runs a process to completion, streaming its output.
    ///
    /// - Parameters:
    ///   - request: What to run.
    ///   - options: Timeout, grace period and output limit.
    ///   - onOutput: Called with output as it is read, one call at a time, in arrival order.
    /// - Returns: The outcome; when the timeout expired, ``ProcessResult/timedOut`` is set and the
    ///   output is what was read until the group was gone.
    /// - Throws: ``ProcessError`` when the process cannot be started; `CancellationError` when the
    ///   calling task was cancelled, after the process group has been stopped (or before anything is
    ///   started, when the task was cancelled already).
    public func run(
        _ request: ProcessRequest,
        options: ProcessOptions = ProcessOptions(),
        onOutput: @escaping @Sendable (OutputChunk) -> Void = { _ in }
    ) async throws -> ProcessResult {
        try request.validate()
        try Task.checkCancellation()
        let start = ContinuousClock.now
        let collector = OutputCollector(limit: options.outputLimit, onOutput: onOutput)
        let leader = ProcessLeader()
        let configuration = Self.configuration(for: request)

        let outcome: RaceOutcome
        do {
            outcome = try await Self.race(
                configuration,
                timeout: options.timeout,
                grace: options.gracePeriod,
                collector: collector,
                leader: leader
            )
        } catch {
            await leader.group.terminate(grace: options.gracePeriod)
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            throw Self.translate(error)
        }
        await leader.group.terminate(grace: options.gracePeriod)
        if Task.isCancelled { throw CancellationError() }

        let output = collector.finish()
        let termination: ProcessTermination
        let timedOut: Bool
        switch outcome {
        case .finished(let status):
            termination = Self.termination(status)
            timedOut = false
        case .timedOut(let status):
            termination = Self.termination(status)
            timedOut = true
        }
        return ProcessResult(
            termination: termination,
            stdout: output.stdout.text,
            stderr: output.stderr.text,
            stdoutDroppedBytes: output.stdout.dropped,
            stderrDroppedBytes: output.stderr.dropped,
            timedOut: timedOut,
            duration: ContinuousClock.now - start
        )
    }

    // MARK: - Running

    private enum RaceOutcome: Sendable {
        case finished(TerminationStatus)
        case timedOut(TerminationStatus)
    }

    /// Runs the process against the timeout and the caller's cancellation.
    ///
    /// The process runs in a task of its own that neither reaches: a timeout or a cancellation starts the
    /// sweeper, which signals the group, and the run goes on reading the output until the child has exited.
    /// A step's `TERM` trap can so still write (instead of dying of `SIGPIPE` on a closed pipe) and finish
    /// its clean-up within the grace period, and what it wrote is kept.
    private static func race(
        _ configuration: Configuration,
        timeout: Duration?,
        grace: Duration,
        collector: OutputCollector,
        leader: ProcessLeader
    ) async throws -> RaceOutcome {
        let sweeper = GroupSweeper()
        defer { sweeper.stop() }
        let process = Task { try await execute(configuration, collector: collector, leader: leader) }
        let timer = timeout.map { timeout in
            Task {
                do { try await Task.sleep(for: timeout) } catch { return false }
                sweeper.start(leader, grace: grace)
                return true
            }
        }
        defer { timer?.cancel() }
        let status = try await withTaskCancellationHandler {
            try await process.value
        } onCancel: {
            sweeper.start(leader, grace: grace)
        }
        timer?.cancel()
        return await timer?.value == true ? .timedOut(status) : .finished(status)
    }

    /// Starts the process and reads both output streams until the child has exited.
    private static func execute(
        _ configuration: Configuration,
        collector: OutputCollector,
        leader: ProcessLeader
    ) async throws -> TerminationStatus {
        let result = try await Subprocess.run(
            configuration,
            input: .none,
            output: .sequence,
            error: .sequence
        ) { execution in
            leader.started(execution.processIdentifier.value)
            await withTaskGroup(of: Void.self) { readers in
                readers.addTask { await pump(execution.standardOutput, .stdout, into: collector) }
                readers.addTask { await pump(execution.standardError, .stderr, into: collector) }
            }
        }
        return result.terminationStatus
    }

    private static func pump(
        _ sequence: SubprocessOutputSequence,
        _ stream: OutputChunk.Stream,
        into collector: OutputCollector
    ) async {
        do {
            for try await buffer in sequence {
                let bytes = buffer.withUnsafeBytes { Array($0) }
                collector.received(bytes, from: stream)
            }
        } catch {
            // A read error ends the stream; the exit status still tells the outcome.
        }
        collector.ended(stream)
    }

    // MARK: - Translation

    private static func configuration(for request: ProcessRequest) -> Configuration {
        let executable: Subprocess.Executable
        switch request.executable {
        case .path(let path): executable = .path(FilePath(path))
        case .name(let name): executable = .name(name)
        }
        var updates: [Environment.Key: String?] = [:]
        for (name, value) in request.environment {
            if let key = Environment.Key(rawValue: name) { updates[key] = value }
        }
        // The session is made in the spawn, before the program runs. Stopping the group is the sweeper's job
        // (no cancellation reaches swift-subprocess's own teardown: see `race`).
        var platformOptions = PlatformOptions()
        platformOptions.createSession = true
        return Configuration(
            executable: executable,
            arguments: Arguments(request.arguments),
            environment: Environment.inherit.updating(updates),
            workingDirectory: request.workingDirectory.map { FilePath($0) },
            platformOptions: platformOptions
        )
    }

    private static func termination(_ status: TerminationStatus) -> ProcessTermination {
        switch status {
        case .exited(let code): return .exited(code)
        case .signaled(let signal): return .signaled(signal)
        }
    }

    private static func translate(_ error: any Error) -> ProcessError {
        if let error = error as? ProcessError { return error }
        guard let error = error as? SubprocessError else {
            return ProcessError(.failed, "running the process failed")
        }
        let reason = error.underlyingError.map { ": \($0)" } ?? ""
        switch error.code {
        case .executableNotFound: return ProcessError(.executableNotFound, "executable not found" + reason)
        case .failedToChangeWorkingDirectory:
            return ProcessError(.workingDirectory, "cannot change to the working directory" + reason)
        case .spawnFailed: return ProcessError(.spawnFailed, "cannot start the process" + reason)
        default: return ProcessError(.failed, "running the process failed" + reason)
        }
    }
}
