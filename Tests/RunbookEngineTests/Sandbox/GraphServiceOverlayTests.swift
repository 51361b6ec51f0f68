import Foundation
import Testing

/// The dual-write rollout's kustomize overlay (`deploy/graph-service/overlays/dual-write`), rendered by the real
/// `kubectl kustomize` (offline), and applied by the sandbox's kubectl stand-in, which renders it with that same
/// real kubectl and replaces its model of graph-service's pod template with what the overlay declares.
@Suite(.enabled(if: RepositoryTool(name: "kubectl").available, "needs kubectl (Debian's kubernetes-client)"))
struct GraphServiceOverlayTests {
    static let overlay = "deploy/graph-service/overlays/dual-write"
    static let imagePath = #"jsonpath={.spec.template.spec.containers[?(@.name=="graph-service")].image}"#
    static func envPath(_ name: String) -> String {
        #"jsonpath={.spec.template.spec.containers[?(@.name=="graph-service")].env[?(@.name==""# + name
            + #"")].value}"#
    }

    /// The rendering with every run of whitespace made one space (kustomize versions indent lists differently).
    static func render(_ directory: String) async throws -> String {
        let out = try await RepositoryTool(name: "kubectl").run(["kustomize", directory])
        #expect(out.status == 0, "\(out.stderrText)")
        return out.stdoutText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func realKubectlRendersDualWriteNonStrictAndTheImage() async throws {
        let text = try await Self.render(Self.overlay)
        #expect(text.contains("image: sandbox/nova-graph-service:dual-write"), "\(text)")
        #expect(text.contains(#"- name: NEO4J_ENABLED value: "true""#), "\(text)")
        #expect(text.contains(#"- name: NEO4J_STRICT_MODE value: "false""#), "\(text)")
        #expect(text.contains("secretKeyRef: key: NEO4J_PASSWORD name: neo4j-auth"), "\(text)")
        #expect(text.contains("namespace: nova-staging"), "\(text)")
        // The base it patches: the pre-migration deployment, PostgreSQL only.
        let base = try await Self.render("deploy/graph-service/base")
        #expect(base.contains("image: nova-graph-service:postgres-only"), "\(base)")
        #expect(base.contains(#"- name: NEO4J_ENABLED value: "false""#), "\(base)")
    }

    /// `apply -k` through the stand-in: one new revision carrying the overlay's image and env (the password as the
    /// secret reference), graph-service's configuration file switched to dual-write, and a second apply of the
    /// unchanged overlay changes nothing (no revision, as a real Deployment).
    @Test func standInAppliesTheRenderedOverlayDeclaratively() async throws {
        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("overlay-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let root = RepositoryTool.root.path
        let env = [
            "RUNBOOK_SANDBOX_DIR": sandbox.path,
            "PATH": "\(root)/sandbox/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        ]
        let kubectl = RepositoryTool(name: "kubectl")
        func standIn(_ args: [String]) async throws -> String {
            let pinned = ["--context", "staging", "--namespace", "nova-staging"]
            let out = try await kubectl.run(pinned + args, environment: env)
            #expect(out.status == 0, "kubectl \(args): \(out.stderrText)")
            return out.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func get(_ jsonpath: String) async throws -> String {
            try await standIn(["get", "deployment/graph-service", "-o", jsonpath])
        }
        #expect(try await get(Self.imagePath) == "nova-graph-service:postgres-only")
        #expect(try await standIn(["apply", "-k", Self.overlay]) == "deployment.apps/graph-service configured")
        let revision = #"jsonpath={.metadata.annotations.deployment\.kubernetes\.io/revision}"#
        #expect(try await get(revision) == "2")
        #expect(try await get(Self.imagePath) == "sandbox/nova-graph-service:dual-write")
        #expect(try await get(Self.envPath("NEO4J_ENABLED")) == "true")
        #expect(try await get(Self.envPath("NEO4J_STRICT_MODE")) == "false")
        #expect(
            try await get(Self.envPath("NEO4J_PASSWORD"))
                == "(from secret neo4j-auth)"
        )
        let config = try String(contentsOf: sandbox.appendingPathComponent("graph-service.env"), encoding: .utf8)
        #expect(config.contains("NEO4J_ENABLED=true\n"), "\(config)")
        #expect(try await standIn(["apply", "-k", Self.overlay]) == "deployment.apps/graph-service unchanged")
        #expect(try await get(revision) == "2")
    }
}
