import BoltClient
import Foundation
import RunbookCore
import Testing

@testable import CypherConnector

/// A `cypher` step's YAML parameters keep their types all the way to the real Bolt server (FalkorDB at
/// RUNBOOK_NEO4J_URL): loaded from YAML, rendered, written through the executor, then read back through a plain
/// Bolt connection (not the executor) and checked by PackStream type.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["RUNBOOK_NEO4J_URL"] != nil), .serialized)
struct TypedParametersFalkorDBTests {
    @Test func yamlParametersArriveTypedAndMatchNumericProperties() async throws {
        let label = "typed_\(UInt32.random(in: 0...UInt32.max))"
        let yaml = """
            runbook: typed
            connections:
              graph: { neo4j: "bolt://127.0.0.1:7687" }
            phases:
              - id: p
                steps:
                  - id: write
                    cypher:
                      on: graph
                      query: "CREATE (:\(label) {id: $id, min: $min, active: $active, label: $label, tags: $tags}) RETURN $who"
                      params: { id: 42, min: 0.5, active: true, label: "42", tags: [a, 1], who: "${{ 40 + 2 }}" }
            """
        let loaded = RunbookLoader.load(text: yaml)
        #expect(!loaded.diagnostics.hasErrors, "\(loaded.diagnostics)")
        guard case .cypher(let action)? = loaded.runbook?.mainSteps.first?.body else {
            Issue.record("no cypher step")
            return
        }
        let context = EvaluationContext { _ in nil }
        var params: [String: Value] = [:]
        for (name, value) in action.params { params[name] = try value.render(in: context) }
        let executor = try BoltQueryExecutorFalkorDBTests.executor()
        let written = try await executor.execute(
            ResolvedQuery(statements: [action.query.value], parameters: .named(params)),
            options: ExecutionOptions()
        )
        #expect(written.counters["nodes_created"] == .int(1))
        #expect(written.scalar == .int(42))
        await executor.close()

        let env = ProcessInfo.processInfo.environment
        var configuration = try BoltConfiguration(
            url: env["RUNBOOK_NEO4J_URL"] ?? "",
            auth: .basic(user: env["RUNBOOK_NEO4J_USER"] ?? "falkordb", password: env["RUNBOOK_NEO4J_PASSWORD"] ?? "")
        )
        configuration.connectTimeout = .seconds(60)
        let reader = try await BoltConnection.connect(to: configuration)
        // A numeric match finds the node only if id was stored as an integer.
        let read = try await reader.run(
            "MATCH (n:\(label)) WHERE n.id = 42 AND n.min = 0.5 AND n.active = true RETURN n.id, n.min, n.active, n.label, n.tags"
        )
        #expect(read.records == [[.int(42), .float(0.5), .bool(true), .string("42"), .list([.string("a"), .int(1)])]])
        _ = try await reader.run("MATCH (n:\(label)) DELETE n")
        await reader.close()
    }
}
