import Foundation
import RunbookCore
import RunbookTestSupport

/// A local HTTP server standing in for a notification sink (a team's webhook receiver, or Slack's incoming
/// webhook), written in Python's standard library: it records every POST (path and body, one JSON line each)
/// and answers as its mode says.
///
/// `webhook`: 200. `slack`: like Slack's incoming webhooks, 200 `ok` for a JSON object with a `text`, else 400
/// `invalid_payload`. `hang`: reads the request, records it, and never answers. It binds an ephemeral port.
final class SinkStandInServer: @unchecked Sendable {
    enum Mode: String { case webhook, slack, hang }

    static let script = """
        import http.server, json, os, socketserver, sys, time
        mode, log, port_file = sys.argv[1], sys.argv[2], sys.argv[3]
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode("utf-8")
                with open(log, "a") as f:
                    f.write(json.dumps({"path": self.path, "body": body}) + "\\n")
                if mode == "hang":
                    time.sleep(3600)
                    return
                status, answer = 200, b"ok"
                if mode == "slack":
                    try:
                        ok = isinstance(json.loads(body).get("text"), str)
                    except Exception:
                        ok = False
                    if not ok:
                        status, answer = 400, b"invalid_payload"
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            def log_message(self, *args):
                pass
        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
        server = Server(("127.0.0.1", 0), Handler)
        with open(port_file + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        os.rename(port_file + ".tmp", port_file)
        server.serve_forever()
        """

    let process = Process()
    let dir: URL
    let port: Int

    /// Starts a stand-in and waits until it listens.
    init(_ mode: Mode) async throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("sink-stand-in-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let portFile = dir.appendingPathComponent("port").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", Self.script, mode.rawValue, dir.appendingPathComponent("log").path, portFile,
        ]
        try process.run()
        var port: Int?
        for _ in 0..<1000 where port == nil && process.isRunning {
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
            if port == nil { await OffPool.pause(seconds: 0.01) }
        }
        guard let port else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            throw StandInFailure(description: "the \(mode.rawValue) stand-in did not start")
        }
        self.port = port
    }

    struct StandInFailure: Error, CustomStringConvertible { var description: String }

    /// The URL to notify (`/hook/NAME`).
    func url(_ name: String = "hook") -> String { "http://127.0.0.1:\(port)/\(name)" }

    /// The POSTs received so far: path and parsed JSON body.
    var received: [(path: String, body: Value)] {
        let text = (try? String(contentsOf: dir.appendingPathComponent("log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let entry = try? JSONParser.parse(String(line)), let body = entry["body"]?.text else { return nil }
            return (entry["path"]?.text ?? "", (try? JSONParser.parse(body)) ?? .string(body))
        }
    }

    /// Stops the server.
    func stop() async {
        // SIGKILL: a test process may pass SIGTERM on ignored (an ignored signal stays ignored across exec)
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        _ = await process.waitForExit()
        try? FileManager.default.removeItem(at: dir)
    }

    /// A port where nothing listens: a stand-in's, after it stopped.
    static func refusingPort() async throws -> Int {
        let server = try await SinkStandInServer(.webhook)
        let port = server.port
        await server.stop()
        return port
    }
}
