import Foundation
import RunbookTestSupport

/// `scripts/otlp-receiver.py` as a test's OTLP collector: a real HTTP server that decodes every request with the
/// reference protobuf definitions (`opentelemetry-proto`, pip-installed into the test venv on first use) and
/// records the decoded spans, one JSON object a line.
final class OTLPReceiver {
    let process: Process
    let dir: URL
    let port: Int

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/otlp-receiver.py")
            .path
    }

    static var python: String { IndependentReader.venv + "/bin/python" }

    /// Installs `opentelemetry-proto` into the venv when it is missing (as `.ci/run` does).
    static func ensureInstalled() async throws {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = ["-c", "import opentelemetry.proto.collector.trace.v1.trace_service_pb2"]
        if try await check.runCollecting().status == 0 { return }
        let pip = Process()
        pip.executableURL = URL(fileURLWithPath: IndependentReader.venv + "/bin/pip")
        pip.arguments = ["install", "-q", "--disable-pip-version-check", "opentelemetry-proto==1.45.2"]
        let out = try await pip.runCollecting()
        guard out.status == 0 else { throw ReceiverError(message: "pip: \(out.stderrText)") }
    }

    /// Starts a receiver on an ephemeral port of 127.0.0.1, writing to `dir`.
    init(in dir: URL) async throws {
        try await Self.ensureInstalled()
        self.dir = dir
        let portFile = dir.appendingPathComponent("otlp-port")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.python)
        p.arguments = [
            Self.script, "--port", "0", "--out", dir.appendingPathComponent("otlp-spans.jsonl").path, "--port-file",
            portFile.path,
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        var port = 0
        for _ in 0..<200 where port == 0 {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let n = Int(text) {
                port = n
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        guard port > 0 else {
            kill(p.processIdentifier, SIGKILL)
            _ = await p.waitForExit()
            throw ReceiverError(message: "the OTLP receiver did not start")
        }
        self.port = port
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// The decoded spans received so far (ids as hex), and the requests' headers.
    func received() throws -> (spans: [[String: Any]], headers: [[String: String]]) {
        let text = (try? String(contentsOf: dir.appendingPathComponent("otlp-spans.jsonl"), encoding: .utf8)) ?? ""
        var spans: [[String: Any]] = []
        var headers: [[String: String]] = []
        for line in text.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                continue
            }
            if object["request"] != nil {
                headers.append(
                    Dictionary(
                        ((object["headers"] as? [String: String]) ?? [:]).map { ($0.key.lowercased(), $0.value) },
                        uniquingKeysWith: { a, _ in a }
                    )
                )
            } else {
                spans.append(object)
            }
        }
        return (spans, headers)
    }

    /// Requests that did not decode.
    var errors: String {
        (try? String(contentsOf: dir.appendingPathComponent("otlp-spans.jsonl.errors"), encoding: .utf8)) ?? ""
    }

    /// Decodes an OTLP/JSON request file with the same reference definitions.
    static func decode(_ file: URL) async throws -> [[String: Any]] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script, "--decode", file.path]
        let out = try await p.runCollecting()
        guard out.status == 0 else { throw ReceiverError(message: "decode: \(out.stderrText)") }
        return try out.stdoutText.split(separator: "\n").map {
            guard let object = try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] else {
                throw ReceiverError(message: "not a span: \($0)")
            }
            return object
        }
    }

    /// Kills the receiver and awaits its exit.
    ///
    /// SIGKILL, not `terminate()`: a child started from a task inherits the blocked signal mask of the libdispatch
    /// worker thread that spawned it, so a SIGTERM may stay pending forever (the script unblocks signals itself, but
    /// the test must not hang on it), and the receiver has nothing to flush: every request is written before it is
    /// answered.
    func stop() async {
        kill(process.processIdentifier, SIGKILL)
        _ = await process.waitForExit()
    }

    struct ReceiverError: Error { var message: String }
}

/// A decoded span's fields as tests read them.
struct ReceivedSpan {
    let raw: [String: Any]
    var traceID: String { raw["traceId"] as? String ?? "" }
    var spanID: String { raw["spanId"] as? String ?? "" }
    var parentID: String? { raw["parentSpanId"] as? String }
    var name: String { raw["name"] as? String ?? "" }
    /// Start and end in nanoseconds since the epoch (protobuf's JSON mapping writes fixed64 as strings).
    var start: UInt64 { UInt64(raw["startTimeUnixNano"] as? String ?? "") ?? 0 }
    var end: UInt64 { UInt64(raw["endTimeUnixNano"] as? String ?? "") ?? 0 }
    var statusCode: String { (raw["status"] as? [String: Any])?["code"] as? String ?? "STATUS_CODE_UNSET" }

    /// An attribute's value as text (protobuf's JSON mapping writes int64 as strings).
    func attribute(_ key: String) -> String? {
        for item in raw["attributes"] as? [[String: Any]] ?? [] where item["key"] as? String == key {
            guard let value = (item["value"] as? [String: Any])?.values.first else { return nil }
            return "\(value)"
        }
        return nil
    }

    /// The span without the resource (which may differ between a live export and `runbook export`), as JSON text
    /// with sorted keys.
    var comparable: String {
        var copy = raw
        copy["resource"] = nil
        let data = (try? JSONSerialization.data(withJSONObject: copy, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
