public import RunbookCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ProcessRequest {
    /// The path of the shell used for `shell` steps.
    static let bashPath = "/bin/bash"

    /// A `shell` step: `bash -euo pipefail -c SCRIPT`, with the script's value variables in the environment.
    ///
    /// Uses `/bin/bash`, or `bash` from `PATH` when `/bin/bash` is missing. The values of the
    /// template's expressions travel only in environment variables (`RUNBOOK_V1`, …), never in
    /// the script text.
    ///
    /// - Parameters:
    ///   - script: The rendered script (see `ShellTemplate.render`).
    ///   - extraEnvironment: The step's `env:` entries; the script's own variables are set after
    ///     them, so a step cannot override a value variable.
    ///   - cwd: The step's `cwd:`, or `nil` for the runner's directory.
    /// - Returns: A request running bash with the script.
    public static func shell(
        _ script: ShellScript,
        extraEnvironment: [(name: String, value: String)] = [],
        cwd: String? = nil
    ) -> ProcessRequest {
        let executable: Executable = access(bashPath, X_OK) == 0 ? .path(bashPath) : .name("bash")
        return ProcessRequest(
            executable: executable,
            arguments: ["-euo", "pipefail", "-c", script.script],
            environment: extraEnvironment + script.environment,
            workingDirectory: cwd
        )
    }
}
