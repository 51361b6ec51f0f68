import Foundation
import RunbookCore
import ShellConnector
import Synchronization

/// Helpers shared by the ShellConnector tests.
enum TestSupport {
    /// A fresh empty directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("runbook-shell-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Whether `pid` is a running process (a zombie waiting to be reaped counts as gone).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let stat = ProcStat(text)
        else { return false }
        return !stat.hasEnded
    }

    /// A shell request for a literal script.
    static func shell(_ script: String, cwd: String? = nil) -> ProcessRequest {
        .shell(ShellScript(script: script, environment: []), cwd: cwd)
    }

    /// Renders `template` with `v` bound to `value`.
    static func render(_ template: String, v value: String) throws -> ShellScript {
        let parsed = try Template.parse(template, origin: SourceLocation(line: 1, column: 1))
        return try ShellTemplate.render(parsed, in: EvaluationContext { $0 == ["v"] ? .string(value) : nil })
    }
}

/// Collects `OutputChunk`s passed to `onOutput`.
final class ChunkRecorder: Sendable {
    private let chunks = Mutex<[OutputChunk]>([])

    var all: [OutputChunk] { chunks.withLock { $0 } }

    func record(_ chunk: OutputChunk) {
        chunks.withLock { $0.append(chunk) }
    }

    func text(of stream: OutputChunk.Stream) -> String {
        all.filter { $0.stream == stream }.map(\.text).joined()
    }
}
