import RunbookCore
import Testing

/// `secrets:` from Kubernetes and commands, runbook-level `defaults:` and `transfer.stall`, as the loader reads them.
@Suite struct SecretSourcesAndDefaultsTests {
    static let text = """
        runbook: sources
        kubernetes: { context: staging, namespace: ops }
        defaults: { timeout: 90s, retry: { attempts: 3, delay: 2s, backoff: fixed } }
        secrets:
          PW: { kubernetes: { secret: neo4j-auth, key: NEO4J_PASSWORD } }
          TOKEN: { command: [vault, kv, get, "-field=token", secret/app] }
        connections:
          pg: { postgres: "postgres://localhost/db" }
          graph: { neo4j: "bolt://127.0.0.1:7687", user: neo4j, password: "${{ secrets.PW }}" }
        guards:
          - id: ctx
            kubectl: { args: [config, current-context] }
        phases:
          - id: p
            steps:
              - id: own
                sql: { on: pg, query: "SELECT 1" }
                timeout: 5s
                retry: 1
              - id: inherits
                cypher: { on: graph, query: "RETURN 1" }
              - id: ask
                gate: { prompt: "ok?", timeout: 1h }
              - id: pause
                wait: 1s
              - id: move
                transfer:
                  from: { on: pg, query: "SELECT id FROM t" }
                  to: { on: graph, query: "UNWIND $rows AS r MERGE (n {id: r.id})" }
                  key: id
                  stall: 45s
        rollbacks:
          - id: undo
            manual: true
            steps:
              - id: undo-it
                shell: "true"
        """

    @Test func sourcesDefaultsAndStallAreRead() throws {
        let result = RunbookLoader.load(text: Self.text)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let runbook = try #require(result.runbook)
        #expect(
            runbook.secrets.map(\.source) == [
                .kubernetes(secret: "neo4j-auth", key: "NEO4J_PASSWORD"),
                .command(["vault", "kv", "get", "-field=token", "secret/app"]),
            ]
        )
        #expect(runbook.defaults.timeout == DurationSpec(seconds: 90))
        #expect(runbook.defaults.retry?.attempts == 3)
        let steps = Dictionary(
            (runbook.guards + runbook.mainSteps + runbook.rollbacks.flatMap(\.steps)).map { ($0.id, $0) }
        ) { a, _ in a }
        #expect(steps["own"]?.timeout == DurationSpec(seconds: 5))
        #expect(steps["own"]?.retry?.attempts == 1)
        for id in ["ctx", "inherits", "move", "undo-it"] {
            #expect(steps[id]?.timeout == DurationSpec(seconds: 90), "\(id)")
            #expect(steps[id]?.retry?.attempts == 3, "\(id)")
        }
        // Gates and waits keep their own limits; a gate is never retried.
        #expect(steps["ask"]?.timeout == nil && steps["ask"]?.retry == nil)
        #expect(steps["pause"]?.timeout == nil && steps["pause"]?.retry?.attempts == 3)
        guard case .transfer(let transfer)? = steps["move"]?.body else { throw Failure("not a transfer") }
        #expect(transfer.stall == DurationSpec(seconds: 45))
    }

    @Test func builtInTimeoutsCoverQueriesAndHTTPOnly() throws {
        let runbook = try #require(RunbookLoader.load(text: Self.text).runbook)
        let steps = runbook.mainSteps
        #expect(StepDefaults.builtInTimeout(for: steps[1].body) == DurationSpec(seconds: 600))
        #expect(StepDefaults.builtInTimeout(for: steps[4].body) == nil)
        #expect(StepDefaults.transferStall == DurationSpec(seconds: 120))
    }

    @Test(arguments: [
        ("S: { command: \"vault read x\" }", "3:17: error: the command of secret 'S' is an argument list"),
        ("S: { kubernetes: { secret: x } }", "3:20: error: the kubernetes source of secret 'S' needs both"),
        ("S: { kubernetes: { secret: x, key: y, namespace: z } }", "3:41: error: unknown key 'namespace'"),
        ("S: { env: A, command: [b] }", "3:6: error: secret 'S' has both 'env' and 'command'"),
        ("S: { comand: [b] }", "3:8: error: unknown key 'comand'"),
    ])
    func malformedSourcesAreReportedWithPositions(_ entry: String, _ expected: String) {
        let text = "runbook: bad\nsecrets:\n  \(entry)\nphases: [{ id: p, steps: [{ id: s, shell: \"true\" }] }]\n"
        let result = RunbookLoader.load(text: text)
        #expect(result.runbook == nil)
        let rendered = result.diagnostics.map(\.description)
        #expect(rendered.contains { $0.hasPrefix(expected) }, "\(rendered)")
    }

    @Test func malformedDefaultsAreReportedWithPositions() {
        let text =
            "runbook: bad\ndefaults: { timeout: soon, retries: 2 }\nphases: [{ id: p, steps: [{ id: s, shell: \"true\" }] }]\n"
        let rendered = RunbookLoader.load(text: text).diagnostics.map(\.description)
        #expect(rendered.contains { $0.hasPrefix("2:28: error: unknown key 'retries'") }, "\(rendered)")
        #expect(rendered.contains { $0.hasPrefix("2:22: error:") && $0.contains("timeout") }, "\(rendered)")
    }
}
