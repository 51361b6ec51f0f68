import RunbookCore
import RunbookEngine
import Testing

/// Colour on a terminal, none with `NO_COLOR` or off a terminal.
@Suite struct TerminalColorTests {
    static let runbook = """
        runbook: colours
        phases:
          - id: p
            steps:
              - id: a
                shell: "true"
        """

    func printed(isTTY: Bool, noColor: Bool) async throws -> String {
        let s = try EngineScript(Self.runbook)
        let output = s.output
        let terminal: (Redactor) -> Terminal = {
            Terminal(redactor: $0, isTTY: isTTY, noColor: noColor, output: output)
        }
        let bytes = Array(Self.runbook.utf8)
        let runbook = try EngineScript.load(bytes)
        _ = try await s.launcher.start(
            file: s.file,
            bytes: bytes,
            runbook: runbook,
            bindings: [],
            from: nil,
            only: nil,
            options: RunDriver.Options(),
            terminal: terminal
        )
        return output.stdout
    }

    @Test func noColorKeepsEscapeCodesOutOfATerminalsOutput() async throws {
        #expect(try await printed(isTTY: true, noColor: false).contains("\u{1B}[32m✔ a"))
        let plain = try await printed(isTTY: true, noColor: true)
        #expect(plain.contains("✔ a"))
        // No colour (SGR) sequence; a live line may still be cleared with an erase-line code on a terminal.
        #expect(plain.firstMatch(of: /\x{1B}\[[0-9;]*m/) == nil, "\(plain)")
        #expect(!(try await printed(isTTY: false, noColor: false)).contains("\u{1B}["))
    }
}
