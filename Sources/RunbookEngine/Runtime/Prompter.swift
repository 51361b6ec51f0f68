/// Where a run reads the operator's answers: at gates, `--step` prompts and in-doubt questions.
public protocol Prompter: Sendable {
    /// The next line typed (without its newline), or nil at end of input.
    func readLine() async throws -> String?
}

/// Reads standard input without blocking the cooperative pool (a dedicated thread waits on the read).
public struct StandardInputPrompter: Prompter {
    /// The standard-input prompter.
    public init() {}

    public func readLine() async throws -> String? {
        try await LineReader.readLine()
    }
}
