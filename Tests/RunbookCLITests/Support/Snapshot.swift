import Foundation
import Testing

/// Golden files in `Tests/RunbookCLITests/Snapshots/`, re-recorded when `RECORD_SNAPSHOTS=1`.
enum Snapshot {
    static func directory(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Snapshots")
    }

    static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" }

    /// Compares `actual` with the golden file `name`, or records it.
    static func assert(
        _ actual: String,
        matches name: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = directory().appendingPathComponent(name)
        if recording {
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing snapshot \(name); run with RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            let got = line < a.count ? String(a[line]) : "<end>"
            let want = line < e.count ? String(e[line]) : "<end>"
            let message =
                "\(name) differs at line \(line + 1):\n  expected: \(want)\n  actual:   \(got)\n"
                + "(re-record with RECORD_SNAPSHOTS=1 if the change is intended)"
            Issue.record(
                Comment(rawValue: message),
                sourceLocation: sourceLocation
            )
        }
    }
}
