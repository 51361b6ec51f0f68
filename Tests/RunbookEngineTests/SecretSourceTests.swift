import Foundation
import RunbookTestSupport
import Testing

/// `secrets:` read from a Kubernetes secret (through a recording kubectl stand-in first on PATH: no cluster
/// exists here) and from a real command's standard output; a source that fails stops the run before any step.
@Suite(.serialized) struct SecretSourceTests {
    /// A recording kubectl stand-in: appends its argv to `kubectl.log`, answers `get secret neo4j-auth -o json`
    /// like a cluster would, and fails like a cluster that has no such secret otherwise.
    static func installKubectlStandIn(_ h: CLIHarness, password: String) throws -> String {
        let bin = h.dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let encoded = Data(password.utf8).base64EncodedString()
        let script = """
            #!/usr/bin/env bash
            # Recording kubectl stand-in for tests (no cluster here).
            printf '%s\\n' "$*" >> "\(h.dir.path)/kubectl.log"
            if [[ "$*" == *"get secret neo4j-auth -o json" ]]; then
              printf '{"apiVersion":"v1","kind":"Secret","data":{"NEO4J_PASSWORD":"%s","user":"bmVvNGo="}}\\n' '\(encoded)'
              exit 0
            fi
            echo 'Error from server (NotFound): secrets "missing" not found' >&2
            exit 1
            """
        let path = bin.appendingPathComponent("kubectl")
        try script.write(to: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path.path)
        return bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }

    @Test func kubernetesAndCommandSourcesThroughTheKubectlStandInAndARealCommand() async throws {
        let h = try CLIHarness()
        let password = #"k8s-"pw"/+&=\-"# + UUID().uuidString.prefix(6)
        let path = try Self.installKubectlStandIn(h, password: password)
        // The command's argument holds shell syntax: it must arrive as one literal word.
        let commandValue = "cmd $(touch \(h.dir.path)/pwned); `id` 'q'"
        try h.write("expected-k8s", password)
        try h.write("expected-cmd", commandValue)
        try h.write(
            "s.yaml",
            """
            runbook: secret-sources
            params:
              ns: { default: nova-staging }
            kubernetes: { context: staging, namespace: "${{ params.ns }}" }
            secrets:
              NEO4J_PASSWORD: { kubernetes: { secret: neo4j-auth, key: NEO4J_PASSWORD } }
              VAULT_TOKEN: { command: [printf, "%s\\n", "\(commandValue.replacingOccurrences(of: "\"", with: "\\\""))"] }
            phases:
              - id: p
                steps:
                  - id: k8s-value
                    shell: { run: "test \\"$V\\" = \\"$(cat expected-k8s)\\" && echo got $V", env: { V: "${{ secrets.NEO4J_PASSWORD }}" } }
                  - id: cmd-value
                    shell: { run: "test \\"$V\\" = \\"$(cat expected-cmd)\\" && echo got $V", env: { V: "${{ secrets.VAULT_TOKEN }}" } }
            """
        )
        let run = try await h.run(["run", "s.yaml", "--state", "st", "-p", "ns=team-a"], env: ["PATH": path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains(password) && !run.stdout.contains(commandValue))
        #expect(!h.exists("pwned"), "the command's argument was parsed by a shell")
        let log = h.read("kubectl.log")
        #expect(log == "--context staging --namespace team-a get secret neo4j-auth -o json\n")
        let journal = try String(
            contentsOf: try #require(
                FileManager.default.enumerator(at: h.dir.appendingPathComponent("st"), includingPropertiesForKeys: nil)?
                    .compactMap { $0 as? URL }.first { $0.lastPathComponent == "journal.jsonl" }
            ),
            encoding: .utf8
        )
        #expect(!journal.contains(password) && !journal.contains(commandValue))
        #expect(journal.contains("got ***"), "both values reached their steps (and were redacted)")
    }

    @Test func aFailingSourceIsExitTwoBeforeAnyStepRuns() async throws {
        let h = try CLIHarness()
        let path = try Self.installKubectlStandIn(h, password: "unused-password")
        let cases: [(source: String, message: String)] = [
            (
                "{ kubernetes: { secret: missing, key: K } }",
                "secret 'S': kubectl get secret missing --context staging --namespace ops failed with exit code 1: Error from server (NotFound): secrets \"missing\" not found"
            ),
            (
                "{ kubernetes: { secret: neo4j-auth, key: NEO4J_PASSWORT } }",
                "secret 'S': kubectl get secret neo4j-auth --context staging --namespace ops: no key 'NEO4J_PASSWORT' (did you mean 'NEO4J_PASSWORD'?) (keys: NEO4J_PASSWORD, user)"
            ),
            (
                "{ command: [sh, -c, \"echo vault: permission denied >&2; exit 7\"] }",
                "secret 'S': command sh -c 'echo vault: permission denied >&2; exit 7' failed with exit code 7: vault: permission denied"
            ),
            (
                "{ command: [/nonexistent/vault, read] }",
                "secret 'S': command /nonexistent/vault read failed with exit code 127"
            ),
        ]
        for (index, c) in cases.enumerated() {
            try h.write(
                "f\(index).yaml",
                """
                runbook: failing-source-\(index)
                kubernetes: { context: staging, namespace: ops }
                secrets:
                  S: \(c.source)
                phases:
                  - id: p
                    steps:
                      - id: must-not-run
                        shell: "touch ran-\(index)"
                """
            )
            let run = try await h.run(["run", "f\(index).yaml", "--state", "st"], env: ["PATH": path])
            #expect(run.status == 2, "\(c.source): \(run.stdout)\(run.stderr)")
            #expect(run.stderr.contains(c.message), "\(run.stderr)")
            #expect(run.stderr.contains("(declared at 4:3)"), "\(run.stderr)")
            #expect(!h.exists("ran-\(index)"))
        }
        #expect(!h.exists("st/runs"), "no run was created")
    }
}
