/// Runs `shell` and `kubectl` steps as child processes.
///
/// Implemented by the shell connector.
public protocol ProcessExecutor: Sendable {
    /// Runs a process to completion, streaming its output.
    ///
    /// - Parameters:
    ///   - process: What to run; values reach the child only through its environment or argv.
    ///   - timeout: Kill the whole process group (SIGTERM, grace, SIGKILL) after this long.
    ///   - onOutput: Called with each chunk of stdout or stderr as it arrives.
    /// - Returns: Exit status and the (tail-capped) output.
    /// - Throws: `ExecutorError` when the process cannot start; `CancellationError` after teardown on cancel.
    func run(
        _ process: ResolvedProcess,
        timeout: Duration?,
        onOutput: @escaping @Sendable (OutputChunk) -> Void
    ) async throws -> ProcessOutcome
}

/// A process step with every template rendered.
public enum ResolvedProcess: Sendable, Hashable {
    /// `bash -euo pipefail -c SCRIPT`, with the script's value variables and `env:` added to the environment.
    case shell(script: ShellScript, environment: [String: String], cwd: String?)
    /// `kubectl --context C --namespace N ARGS…`.
    case kubectl(arguments: [String], context: String?, namespace: String?)
}

/// A chunk of a child's output.
public struct OutputChunk: Sendable, Hashable {
    /// Which stream.
    public enum Stream: String, Sendable, Hashable {
        /// Standard output.
        case stdout
        /// Standard error.
        case stderr
    }

    /// Which stream it came from.
    public var stream: Stream
    /// The text (invalid UTF-8 replaced).
    public var text: String

    /// Creates a chunk.
    public init(stream: Stream, text: String) {
        self.stream = stream
        self.text = text
    }
}

/// How a process ended and what it printed.
public struct ProcessOutcome: Sendable, Hashable {
    /// The exit code, or `128 + signal` when killed by a signal.
    public var exitCode: Int32
    /// Standard output (the tail, if it exceeded the limit).
    public var stdout: String
    /// Standard error (the tail, if it exceeded the limit).
    public var stderr: String
    /// Whether the timeout killed it.
    public var timedOut: Bool
    /// Bytes dropped from the head of stdout and stderr because of the output limit.
    public var droppedBytes: Int

    /// Creates an outcome.
    public init(exitCode: Int32, stdout: String, stderr: String, timedOut: Bool = false, droppedBytes: Int = 0) {
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
        self.timedOut = timedOut
        self.droppedBytes = droppedBytes
    }
}
