import Foundation
import RunbookTestSupport
import Testing

/// A secret echoed in every form it travels in (raw, JSON-escaped once and twice, percent-encoded, base64
/// alone and inside a Basic auth header, a failing step's JSON error) never reaches any surface: terminal,
/// journal files, status, replay (text, json, html), export, diff.
@Suite(.serialized) struct EncodedSecretRedactionTests {
    static let runbook = """
        runbook: encoded
        secrets:
          TOKEN: { env: RB_ENCODED_TOKEN }
        phases:
          - id: p
            steps:
              - id: echo-forms
                shell:
                  run: |
                    printf 'raw %s\\n' "$T"
                    python3 -c 'import json,os; print(json.dumps({"password": os.environ["T"]}))'
                    python3 -c 'import json,os; print(json.dumps({"log": json.dumps({"password": os.environ["T"]})}))'
                    python3 -c 'import os,urllib.parse as u; print("postgres://app:" + u.quote(os.environ["T"], safe="") + "@db/x")'
                    python3 -c 'import os,urllib.parse as u; print("q=" + u.quote_plus(os.environ["T"]) + "&n=1")'
                    printf '%s' "$T" | base64 -w0; echo
                    printf 'Authorization: Basic %s\\n' "$(printf 'admin:%s' "$T" | base64 -w0)"
                  env: { T: "${{ secrets.TOKEN }}" }
                capture: { said: stdout }
              - id: fail-with-json-error
                shell:
                  run: |
                    python3 -c 'import json,os,sys; print(json.dumps({"error": "auth failed", "password": os.environ["T"]}), file=sys.stderr)'
                    exit 4
                  env: { T: "${{ secrets.TOKEN }}" }
        """

    /// Every spelling of `secret` the steps print, and its HTML-escaped form.
    static func forms(of secret: String) throws -> [String] {
        func json(_ s: String) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            return String(decoding: try encoder.encode(s), as: UTF8.self).dropFirst().dropLast().description
        }
        let basic = Data(("admin:" + secret).utf8).base64EncodedString()
        return [
            secret,
            try json(secret),
            try json(try json(secret)),
            try #require(secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)),
            Data(secret.utf8).base64EncodedString(),
            basic,
            String(basic.dropFirst(9).dropLast(4)),
            secret.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;"),
        ]
    }

    @Test func noFormOfTheSecretOnAnySurface() async throws {
        let h = try CLIHarness()
        let secret = #"p"a/s+s&w=o\rd-"# + UUID().uuidString.prefix(8)
        let forms = try Self.forms(of: secret)
        try h.write("e.yaml", Self.runbook)
        let env = ["RB_ENCODED_TOKEN": secret]
        func check(_ text: String, _ surface: String) {
            for form in forms { #expect(!text.contains(form), "\(surface) holds \(form)") }
        }
        let run = try await h.run(["run", "e.yaml", "--state", "st"], env: env)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("***"))
        check(run.stdout + run.stderr, "run output")
        let files = try FileManager.default.subpathsOfDirectory(atPath: h.dir.appendingPathComponent("st").path)
        var journal = ""
        for path in files {
            let url = h.dir.appendingPathComponent("st/" + path)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            check(text, path)
            if path.hasSuffix("journal.jsonl") { journal = text }
        }
        #expect(journal.contains(#"\"password\": \"***\""#), "the JSON error is journaled, redacted")
        #expect(journal.contains("postgres://app:***@db/x"))
        #expect(journal.contains("q=***&n=1"))
        #expect(journal.contains("raw ***"))
        #expect(journal.contains("Authorization: Basic YWRtaW46"))
        for format in ["text", "json", "html"] {
            let replay = try await h.run(["replay", "encoded-", "--state", "st", "--format", format], env: env)
            #expect(replay.status == 0, "\(replay.stderr)")
            #expect(replay.stdout.contains("***"))
            check(replay.stdout + replay.stderr, "replay --format \(format)")
            // Without the variable the report cannot redact again: the journal alone must be clean.
            let bare = try await h.run(["replay", "encoded-", "--state", "st", "--format", format])
            check(bare.stdout + bare.stderr, "replay --format \(format) without the secret")
        }
        let report = try await h.run(["replay", "encoded-", "--state", "st", "--format", "html", "-o", "r.html"])
        #expect(report.status == 0)
        check(h.read("r.html"), "r.html")
        let status = try await h.run(["status", "encoded-", "--state", "st"], env: env)
        check(status.stdout + status.stderr, "status")
        #expect(status.stdout.contains("fail-with-json-error"))
        let export = try await h.run(["export", "encoded-", "--state", "st", "-o", "x.jsonl"])
        #expect(export.status == 0)
        check(h.read("x.jsonl"), "export")
    }
}
