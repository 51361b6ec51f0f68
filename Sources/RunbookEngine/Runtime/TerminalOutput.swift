import Foundation

/// Where `Terminal` writes: standard output and standard error, or a test's capture.
public protocol TerminalOutput: Sendable {
    /// Writes text to standard output (`error: false`) or standard error (`error: true`).
    func write(_ text: String, error: Bool)
}

/// The process's standard output and standard error.
public struct StandardStreams: TerminalOutput {
    /// The standard streams.
    public init() {}

    public func write(_ text: String, error: Bool) {
        (error ? FileHandle.standardError : FileHandle.standardOutput).write(Data(text.utf8))
    }
}
