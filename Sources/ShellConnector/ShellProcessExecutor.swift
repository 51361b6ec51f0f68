import RunbookCore

/// The engine's `ProcessExecutor` on top of `ProcessRunner`: `shell` and `kubectl` steps.
public struct ShellProcessExecutor: ProcessExecutor {
    private let runner = ProcessRunner()
    private let gracePeriod: Duration
    private let outputLimit: Int

    /// Creates the executor.
    ///
    /// - Parameters:
    ///   - gracePeriod: Time between SIGTERM and SIGKILL to the step's process group.
    ///   - outputLimit: Bytes of each stream kept (the tail) in the result.
    public init(gracePeriod: Duration = .seconds(5), outputLimit: Int = 1 << 20) {
        self.gracePeriod = gracePeriod
        self.outputLimit = outputLimit
    }

    public func run(
        _ process: ResolvedProcess,
        timeout: Duration?,
        onOutput: @escaping @Sendable (OutputChunk) -> Void
    ) async throws -> ProcessOutcome {
        var request: ProcessRequest
        switch process {
        case .shell(let script, let environment, let cwd):
            let extra = environment.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
            request = .shell(script, extraEnvironment: extra, cwd: cwd)
        case .kubectl(let arguments, let context, let namespace):
            do {
                request = try .kubectl(args: arguments, context: context, namespace: namespace)
            } catch {
                throw ExecutorError(code: .configuration, message: error.message)
            }
        }
        let context = StepEnvironment.variables.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        request.environment = context + request.environment
        let result: ProcessResult
        do {
            result = try await runner.run(
                request,
                options: ProcessOptions(timeout: timeout, gracePeriod: gracePeriod, outputLimit: outputLimit),
                onOutput: onOutput
            )
        } catch let error as ProcessError {
            throw ExecutorError(code: .configuration, message: error.message)
        }
        return ProcessOutcome(
            exitCode: result.termination.shellStatus,
            stdout: result.stdout,
            stderr: result.stderr,
            timedOut: result.timedOut,
            droppedBytes: result.stdoutDroppedBytes + result.stderrDroppedBytes
        )
    }
}
