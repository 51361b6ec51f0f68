import Foundation

/// Pieces of the runbooks the data-movement tests write.
///
/// Step builders return the lines of one or more steps indented for a phase's `steps:` list (`      - id: …`),
/// so they are interpolated at the start of a line of a runbook whose phases are written as `  - id: …`.
enum TestRunbooks {
    static var boltURL: String { ProcessInfo.processInfo.environment["RUNBOOK_NEO4J_URL"] ?? "" }
    static var boltUser: String { ProcessInfo.processInfo.environment["RUNBOOK_NEO4J_USER"] ?? "falkordb" }

    /// A table name and a graph label that no other test run uses: `table` and `label` with one random suffix.
    static func scratchNames(table: String, label: String) -> (table: String, label: String) {
        let suffix = UInt32.random(in: 0...UInt32.max)
        return ("\(table)\(suffix)", "\(label)\(suffix)")
    }

    /// `runbook:`, the PostgreSQL secret and the two connections `pg` and `graph` (by default the test servers).
    static func header(_ id: String, graph url: String = boltURL, user: String = boltUser) -> String {
        """
        runbook: \(id)
        secrets:
          DB: { env: RUNBOOK_PG_URL }
        connections:
          pg: { postgres: "${{ secrets.DB }}" }
          graph: { neo4j: "\(url)", user: "\(user)", password: "" }
        """
    }

    /// `runbook:`, the PostgreSQL secret and the one connection `pg` (the test server).
    static func postgresHeader(_ id: String) -> String {
        """
        runbook: \(id)
        secrets:
          DB: { env: RUNBOOK_PG_URL }
        connections:
          pg: { postgres: "${{ secrets.DB }}" }
        """
    }

    /// A `sql` step that runs `statements` in one transaction (typically: drop, create and fill a source table).
    static func sourceStep(_ statements: [String], id: String = "source", idempotent: Bool = false) -> String {
        let list = statements.map { "\"\($0)\"" }.joined(separator: ", ")
        return step(
            id,
            "sql: { on: pg, statements: [\(list)], transaction: true }",
            idempotent ? "idempotent: true" : nil
        )
    }

    /// A `sql` step `source` that drops `table` if it is there, creates it with `columns` and fills it with the
    /// `rows` query (`SELECT …`), in one transaction.
    static func sourceStep(
        recreating table: String,
        columns: String,
        rows: String,
        idempotent: Bool = false
    )
        -> String
    {
        sourceStep(
            ["DROP TABLE IF EXISTS \(table)", "CREATE TABLE \(table)(\(columns))", "INSERT INTO \(table) \(rows)"],
            idempotent: idempotent
        )
    }

    /// A `cypher` step `index` that creates an index on `label`'s `property` (by default failing over to the next
    /// step when the index is already there).
    static func indexStep(label: String, property: String = "id", continueOnFailure: Bool = true) -> String {
        step(
            "index",
            "cypher: { on: graph, query: \"CREATE INDEX FOR (n:\(label)) ON (n.\(property))\" }",
            continueOnFailure ? "on_failure: continue" : nil
        )
    }

    /// Steps `exact` and `distinct`: `compare` steps that the table's rows and distinct ids equal the label's
    /// nodes and distinct `id`s.
    static func countCompareSteps(table: String, label: String) -> String {
        [
            step(
                "exact",
                "compare:",
                "  left: { sql: { on: pg, query: \"SELECT count(*) FROM \(table)\" } }",
                "  right: { cypher: { on: graph, query: \"MATCH (n:\(label)) RETURN count(n)\" } }",
                "  op: equal"
            ),
            step(
                "distinct",
                "compare:",
                "  left: { sql: { on: pg, query: \"SELECT count(DISTINCT id) FROM \(table)\" } }",
                "  right: { cypher: { on: graph, query: \"MATCH (n:\(label)) RETURN count(DISTINCT n.id)\" } }",
                "  op: equal"
            ),
        ].joined(separator: "\n")
    }

    /// Steps `cleanup` (drops the table) and `cleanup-graph` (deletes the label's nodes).
    static func cleanupSteps(table: String, label: String) -> String {
        [
            step("cleanup", "sql: { on: pg, query: \"DROP TABLE \(table)\" }"),
            step("cleanup-graph", "cypher: { on: graph, query: \"MATCH (n:\(label)) DELETE n\" }"),
        ].joined(separator: "\n")
    }

    /// The `to:` block of a `sync` of users (`id`, `name`) into nodes labelled `label` (deleted ones detached).
    static func usersSyncTarget(label l: String) -> String {
        """
                  to:
                    on: graph
                    read: "MATCH (u:\(l)) RETURN u.id AS id, u.name AS name ORDER BY id"
                    upsert: "UNWIND $rows AS r MERGE (u:\(l) {id: r.id}) SET u.name = r.name"
                    delete: "UNWIND $rows AS r MATCH (u:\(l) {id: r.id}) DETACH DELETE u"
        """
    }

    /// A `transfer` step `move` of `table`'s rows (`id`, `v`) into nodes labelled `label` (`id`, `v`, merged on
    /// `id`), `batch` rows a batch keyed on `id`; `stall` is its stall budget, `fields` more fields of the step.
    static func transferStep(
        table: String,
        label: String,
        batch: Int,
        stall: String? = nil,
        fields: [String] = []
    ) -> String {
        step(
            "move",
            lines: [
                "transfer:",
                "  from: { on: pg, query: \"SELECT id, v FROM \(table)\" }",
                "  to: { on: graph, query: \"UNWIND $rows AS r MERGE (n:\(label) {id: r.id}) SET n.v = r.v\" }",
                "  batch: \(batch)",
                "  key: id",
                stall.map { "  stall: \($0)" },
            ] + fields
        )
    }

    /// One step: `- id:` and then each of `fields` (nil ones left out) on its own line below it.
    static func step(_ id: String, _ fields: String?...) -> String {
        step(id, lines: fields)
    }

    /// One step: `- id:` and then each of `fields` (nil ones left out) on its own line below it.
    static func step(_ id: String, lines fields: [String?]) -> String {
        (["      - id: \(id)"] + fields.compactMap { $0.map { "        \($0)" } }).joined(separator: "\n")
    }
}
