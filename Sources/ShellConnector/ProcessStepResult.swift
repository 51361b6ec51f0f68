public import RunbookCore

/// Turns a process outcome into the fields `expect` and `capture` see on a `shell` or `kubectl` step.
public enum ProcessStepResult {
    /// The step result fields of `result`.
    ///
    /// - `value`: standard output with surrounding whitespace trimmed (the step's scalar result);
    /// - `stdout`, `stderr`: the kept output, untrimmed;
    /// - `exit_code`: the exit status, or 128 + the signal number when a signal ended the process;
    /// - `timed_out`: whether the timeout stopped the process.
    public static func fields(of result: ProcessResult) -> [String: Value] {
        [
            "value": .string(trimmed(result.stdout)),
            "stdout": .string(result.stdout),
            "stderr": .string(result.stderr),
            "exit_code": .int(Int64(result.termination.shellStatus)),
            "timed_out": .bool(result.timedOut),
        ]
    }

    /// `text` without leading and trailing whitespace and newlines.
    static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[first...last])
    }
}
