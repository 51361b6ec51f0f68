import Foundation

/// What a child process wrote and how it ended.
public struct CollectedOutput: Sendable {
    /// The exit code, or the signal that ended it.
    public var status: Int32
    /// Everything it wrote to standard output.
    public var stdout: Data
    /// Everything it wrote to standard error.
    public var stderr: Data

    /// What a process that ended with `status` wrote.
    public init(status: Int32, stdout: Data, stderr: Data) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Standard output as UTF-8 text.
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error as UTF-8 text.
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

extension Process {
    /// Starts the configured process with its standard output and error on pipes, reads both to their end on
    /// threads of their own and awaits its exit, holding no cooperative thread meanwhile.
    public func runCollecting() async throws -> CollectedOutput {
        let out = Pipe()
        let err = Pipe()
        standardOutput = out
        standardError = err
        try run()
        let (o, e) = await Self.drain(out, err)
        return CollectedOutput(status: await waitForExit(), stdout: o, stderr: e)
    }

    /// Reads the two pipes to their end on threads of their own, then closes them.
    ///
    /// Closed here, not left to deinit: Foundation may keep the pipes alive with the Process object, and a test
    /// process that leaks a descriptor per child soon has thousands open.
    public static func drain(_ out: Pipe, _ err: Pipe) async -> (stdout: Data, stderr: Data) {
        let outHandle = out.fileHandleForReading
        let errHandle = err.fileHandleForReading
        async let stdout = OffPool.run { outHandle.readDataToEndOfFile() }
        async let stderr = OffPool.run { errHandle.readDataToEndOfFile() }
        let (o, e) = await (stdout, stderr)
        try? outHandle.close()
        try? errHandle.close()
        return (o, e)
    }
}
