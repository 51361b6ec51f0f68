/// The outcome of a process run.
public struct ProcessResult: Sendable, Hashable {
    /// How the process ended.
    public var termination: ProcessTermination
    /// The exit status, or `nil` when a signal ended the process.
    public var exitCode: Int32? {
        if case .exited(let code) = termination { return code }
        return nil
    }
    /// The terminating signal, or `nil` when the process exited.
    public var signal: Int32? {
        if case .signaled(let signal) = termination { return signal }
        return nil
    }
    /// Standard output: its last `outputLimit` bytes, decoded as UTF-8 with replacement.
    public var stdout: String
    /// Standard error: its last `outputLimit` bytes, decoded as UTF-8 with replacement.
    public var stderr: String
    /// Bytes of standard output left out at the start of ``stdout``.
    public var stdoutDroppedBytes: Int
    /// Bytes of standard error left out at the start of ``stderr``.
    public var stderrDroppedBytes: Int
    /// Whether the run was stopped because its timeout expired.
    public var timedOut: Bool
    /// Time from start until the process and its group were gone.
    public var duration: Duration

    /// Whether the process exited with status 0 and did not time out.
    public var succeeded: Bool { termination == .exited(0) && !timedOut }

    /// Creates a result.
    public init(
        termination: ProcessTermination,
        stdout: String,
        stderr: String,
        stdoutDroppedBytes: Int = 0,
        stderrDroppedBytes: Int = 0,
        timedOut: Bool = false,
        duration: Duration = .zero
    ) {
        self.termination = termination
        self.stdout = stdout
        self.stderr = stderr
        self.stdoutDroppedBytes = stdoutDroppedBytes
        self.stderrDroppedBytes = stderrDroppedBytes
        self.timedOut = timedOut
        self.duration = duration
    }
}
