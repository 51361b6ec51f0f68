import Foundation
import RunbookTestSupport

/// A command-line tool the sandbox tests run against the repository's files (promtool, kubectl, python3).
///
/// The tests that need one run only where it is installed, and always under CI (which installs it): there a
/// missing tool fails the test instead of skipping it.
struct RepositoryTool {
    /// The tool's name on PATH.
    let name: String

    /// The repository's root directory.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Whether the test should run: the tool is on PATH, or this is CI.
    var available: Bool {
        ProcessInfo.processInfo.environment["CI"] == "true" || path != nil
    }

    /// The tool's executable, from PATH.
    var path: String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return dirs.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs the tool with `arguments` in the repository's root, with `environment` added to this process's.
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> CollectedOutput {
        try await process(arguments, environment: environment).runCollecting()
    }

    /// The tool as a process not yet started: in the repository's root, stdin from /dev/null, and started through
    /// a trampoline that clears the signal mask (Foundation hands the test runner's blocked signals to children,
    /// and daemons they start, such as a restarted graph server, would otherwise ignore SIGTERM).
    func process(_ arguments: [String], environment: [String: String] = [:]) -> Process {
        let trampoline =
            "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execvp(sys.argv[1], sys.argv[1:])"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", trampoline, name] + arguments
        process.currentDirectoryURL = Self.root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        return process
    }
}
