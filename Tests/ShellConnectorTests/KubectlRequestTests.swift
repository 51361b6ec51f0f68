import Foundation
import ShellConnector
import Testing

@Suite struct KubectlRequestTests {
    @Test func contextAndNamespaceComeFirst() throws {
        let request = try ProcessRequest.kubectl(args: ["get", "pods"], context: "staging", namespace: "nova")
        #expect(request.executable == .name("kubectl"))
        #expect(request.arguments == ["--context", "staging", "--namespace", "nova", "get", "pods"])
    }

    @Test func missingContextOrNamespaceIsLeftToKubectl() throws {
        let request = try ProcessRequest.kubectl(args: ["version"], context: nil, namespace: nil)
        #expect(request.arguments == ["version"])
    }

    @Test(arguments: [
        (["get", "pods", "--context", "prod"], "--context"),
        (["get", "pods", "--context=prod"], "--context"),
        (["get", "pods", "--namespace", "x"], "--namespace"),
        (["get", "pods", "--namespace=x"], "--namespace"),
        (["get", "pods", "-n", "x"], "-n"),
        (["get", "pods", "-nfoo"], "-n"),
        (["get", "pods", "-n=foo"], "-n"),
        (["get", "pods", "--kubeconfig=/tmp/k"], "--kubeconfig"),
        (["get", "pods", "--all-namespaces"], "--all-namespaces"),
        (["get", "pods", "--all-namespaces=true"], "--all-namespaces"),
        (["get", "pods", "-A"], "-A"),
        (["get", "pods", "-wA"], "-A"),
        (["get", "pods", "-An"], "-A"),
        (["get", "pods", "--cluster", "other"], "--cluster"),
        (["get", "pods", "--server=https://x"], "--server"),
    ])
    func conflictingFlagsAreRefused(args: [String], flag: String) throws {
        let error = #expect(throws: ProcessError.self) {
            try ProcessRequest.kubectl(args: args, context: "staging", namespace: "nova")
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.description.contains("'\(flag)'") == true)
    }

    @Test(arguments: [
        ["get", "pods", "-lapp=nginx"],
        ["get", "pods", "-l", "app=nginx", "-o", "name"],
        ["get", "pods", "-ojsonpath={.items[*].metadata.namespace}"],
        ["exec", "deploy/db", "--", "psql", "-n", "-A"],
        ["logs", "deploy/x", "--since=5m", "-f"],
        ["scale", "deploy/x", "--replicas=3"],
    ])
    func ordinaryArgumentsAreAccepted(args: [String]) throws {
        let request = try ProcessRequest.kubectl(args: args, context: "staging", namespace: "nova")
        #expect(Array(request.arguments.dropFirst(4)) == args)
    }

    /// No cluster exists here: a stand-in script named `kubectl`, first on PATH, records its argv.
    @Test func kubectlStandInReceivesTheEnforcedArguments() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("argv.log")
        let standIn = directory.appendingPathComponent("kubectl")
        try """
        #!/bin/sh
        for a in "$@"; do printf '%s\\n' "$a"; done > '\(log.path)'
        echo staging
        """.write(to: standIn, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: standIn.path)

        var request = try ProcessRequest.kubectl(
            args: ["config", "current-context", "value with spaces; $(x)"],
            context: "staging",
            namespace: "nova"
        )
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        request.environment.append(("PATH", "\(directory.path):\(path)"))
        let result = try await ProcessRunner().run(request)
        #expect(result.exitCode == 0)
        #expect(result.stdout == "staging\n")
        let argv = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(
            argv == [
                "--context", "staging", "--namespace", "nova", "config", "current-context", "value with spaces; $(x)",
            ]
        )
    }
}
