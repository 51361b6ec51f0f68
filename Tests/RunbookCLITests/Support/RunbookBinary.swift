import Foundation
import RunbookTestSupport
import Testing

/// Runs the built `runbook` executable, as swift-argument-parser's example tests run theirs.
///
/// The binary sits in the products directory next to this test target's resource bundle, so it is found
/// whatever `--scratch-path` the build used. `RUNBOOK_BINARY` overrides it.
enum RunbookBinary {
    /// What a run produced.
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double

        /// Standard error split into lines, without the final empty line.
        var stderrLines: [String] {
            stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
        }
    }

    /// The products directory (`.build…/debug`).
    static var productsDirectory: URL {
        Bundle.module.bundleURL.deletingLastPathComponent()
    }

    /// The `runbook` executable.
    static var url: URL {
        if let override = ProcessInfo.processInfo.environment["RUNBOOK_BINARY"] {
            return URL(fileURLWithPath: override)
        }
        return productsDirectory.appendingPathComponent("runbook")
    }

    /// The fixtures copied into the test bundle.
    static var fixtures: URL {
        (Bundle.module.resourceURL ?? Bundle.module.bundleURL).appendingPathComponent("Fixtures")
    }

    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("runbook-clitests-\(safe)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `runbook ARGUMENTS` in `directory`, killing it after `limit` seconds (a hang guard); the awaiting
    /// task holds no cooperative thread while it runs.
    static func run(
        _ arguments: [String],
        in directory: URL? = nil,
        environment: [String: String] = [:],
        limit: Double = 30
    ) async throws -> Outcome {
        let scratch = try temporaryDirectory("output")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        while process.isRunning {
            if Date().timeIntervalSince(start) > limit {
                // SIGKILL: a child started from a task may inherit a worker thread's mask with SIGTERM blocked.
                kill(process.processIdentifier, SIGKILL)
                break
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        let status = await process.waitForExit()
        let seconds = Date().timeIntervalSince(start)
        try out.close()
        try err.close()
        return Outcome(
            status: status,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
            seconds: seconds
        )
    }
}
