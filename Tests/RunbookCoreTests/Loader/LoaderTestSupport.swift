import RunbookCore
import Testing

/// Loading helpers for loader tests.
enum LoaderTestSupport {
    /// Loads `text`, requiring that it has no errors.
    static func load(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Runbook {
        let result = RunbookLoader.load(text: text)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)", sourceLocation: sourceLocation)
        return try #require(result.runbook, sourceLocation: sourceLocation)
    }

    /// The diagnostics of `text` as `LINE:COL: severity: message`.
    static func diagnostics(_ text: String) -> [String] {
        RunbookLoader.load(text: text).diagnostics.map(\.description)
    }

    /// A runbook with one phase holding `steps` (already indented as list items under `steps:`).
    static func runbook(steps: String, header: String = "") -> String {
        """
        runbook: unit
        connections:
          pg: { postgres: "postgres://localhost/db" }
          graph: { neo4j: "bolt://127.0.0.1:7687" }
        \(header)
        phases:
          - id: p1
            steps:
        \(steps)
        """
    }
}

extension ValueTemplate {
    /// The literal value, if this is one.
    var literal: Value? {
        if case .literal(let v) = self { return v }
        return nil
    }
}
