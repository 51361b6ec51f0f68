import Foundation
import RunbookCore
import Synchronization

/// Publishes a run's metrics when the run returns (finished, stopped or interrupted): PUT to a Prometheus
/// Pushgateway (`--metrics-push URL`, group `job=runbook`, `runbook=<id>`) and/or written to a file in the
/// textfile-collector format (`--metrics-file PATH`, written beside it and renamed into place).
///
/// The metrics are folded from the journal (the resumed run's earlier events included); the push goes through a
/// `DeliveryQueue` (three tries, 0.5 s and 1 s apart, none started after `timeout`); a Pushgateway that fails or a
/// file that cannot be written is reported, never fails the run.
public final class MetricsObserver: RunObserver {
    let pushURL: URL?
    let file: String?
    let timeout: Duration
    let report: @Sendable (String) -> Void
    let metrics = Mutex(RunMetrics())

    /// An observer that pushes to `pushURL` (a Pushgateway's base URL, or a full `/metrics/job/…` group URL) and/or
    /// writes `file`.
    public init(
        pushURL: URL?,
        file: String?,
        timeout: Duration = .seconds(10),
        report: @escaping @Sendable (String) -> Void
    ) {
        self.pushURL = pushURL
        self.file = file
        self.timeout = timeout
        self.report = report
    }

    public func begin(_ events: [JournalEvent]) {
        metrics.withLock { m in for event in events { m.apply(event) } }
    }

    public func observe(_ event: JournalEvent) {
        metrics.withLock { $0.apply(event) }
    }

    public func finish() async {
        let snapshot = metrics.withLock { $0 }
        let text = snapshot.exposition()
        if let file {
            do {
                try Self.writeAtomically(text, to: file)
            } catch {
                report("cannot write metrics to \(file): \(error)")
            }
        }
        if let pushURL {
            let url = Self.groupURL(pushURL, runbook: snapshot.runbook)
            let timeout = self.timeout
            let report = self.report
            // One push through a delivery queue: retried with backoff, bounded, reported once.
            let queue = DeliveryQueue<[UInt8]>(
                policy: .init(capacity: 1, backoff: .milliseconds(500), finishGrace: timeout),
                send: { batch in
                    do {
                        try await HTTPExchange.deliver(
                            "PUT",
                            to: url,
                            body: batch.first ?? [],
                            contentType: "text/plain; version=0.0.4",
                            within: timeout
                        )
                        return nil
                    } catch {
                        return "\(error)"
                    }
                },
                firstFailure: { _, error in report("cannot push metrics: \(error)") }
            )
            queue.enqueue([Array(text.utf8)])
            await queue.finish()
        }
    }

    /// The Pushgateway group of a runbook: `BASE/metrics/job/runbook/runbook@base64/<id>` (base64url, so any id is
    /// one path segment); a URL that already names a group is used as is.
    public static func groupURL(_ base: URL, runbook: String) -> URL {
        let text = base.absoluteString
        if text.contains("/metrics/job/") { return base }
        let encoded = Data(runbook.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        let segment = encoded.isEmpty ? "=" : encoded
        return URL(string: "\(trimmed)/metrics/job/runbook/runbook@base64/\(segment)") ?? base
    }

    /// Writes `text` to `path` through a temporary file in the same directory and a rename, so a collector never
    /// reads half a file.
    static func writeAtomically(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        try Data(text.utf8).write(to: temporary)
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw HTTPExchange.Failure(description: reason)
        }
    }
}
