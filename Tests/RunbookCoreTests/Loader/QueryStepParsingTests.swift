import RunbookCore
import Testing

/// `sql`/`cypher` steps: typed parameters, several Cypher statements in one transaction, `expect: { error_code }`.
@Suite struct QueryStepParsingTests {
    typealias S = LoaderTestSupport

    @Test func cypherParamsKeepTheirYAMLTypes() throws {
        let runbook = try S.load(
            S.runbook(
                steps: """
                          - id: find
                            cypher:
                              on: graph
                              query: "MATCH (u {id: $id}) WHERE u.min >= $min AND u.active = $active RETURN u"
                              params:
                                id: 42
                                min: 0.5
                                active: true
                                label: "42"
                                none: null
                                tags: [a, 1]
                                meta: { k: 2 }
                                who: "${{ run.operator }}"
                    """
            )
        )
        guard case .cypher(let cypher) = runbook.mainSteps[0].body else { throw Failure("not cypher") }
        let params = Dictionary(uniqueKeysWithValues: cypher.params.map { ($0.name, $0.value) })
        #expect(params["id"]?.literal == .int(42))
        #expect(params["min"]?.literal == .double(0.5))
        #expect(params["active"]?.literal == .bool(true))
        #expect(params["label"]?.literal == .string("42"))
        #expect(params["none"]?.literal == .null)
        guard case .list(let tags)? = params["tags"], case .map(let meta)? = params["meta"] else {
            throw Failure("tags/meta are not a list and a map")
        }
        #expect(tags.map(\.literal) == [.string("a"), .int(1)])
        #expect(meta.first?.value.literal == .int(2))
        guard case .template? = params["who"] else { throw Failure("who is not a template") }
    }

    @Test func sqlParamsAreScalarsWithTheirTypes() throws {
        let runbook = try S.load(
            S.runbook(
                steps: """
                          - id: q
                            sql: { on: pg, query: "SELECT $1::int + $2, $3::text IS NULL", params: [41, 1.5, null] }
                    """
            )
        )
        guard case .sql(let sql) = runbook.mainSteps[0].body else { throw Failure("not sql") }
        #expect(sql.params.map(\.literal) == [.int(41), .double(1.5), .null])
    }

    @Test func sqlListParameterIsRefusedWithItsPosition() {
        let diagnostics = S.diagnostics(
            S.runbook(
                steps: """
                          - id: q
                            sql: { on: pg, query: "SELECT $1", params: [[1, 2]] }
                    """
            )
        )
        #expect(diagnostics.contains { $0.hasPrefix("10:53: error: SQL parameter $1 must be a single value") })
    }

    @Test func cypherStatementsInOneTransaction() throws {
        let runbook = try S.load(
            S.runbook(
                steps: """
                          - id: both
                            cypher:
                              on: graph
                              statements: ["CREATE (:A {id: $id})", "CREATE (:B {id: $id})"]
                              transaction: true
                              params: { id: 7 }
                    """
            )
        )
        let step = runbook.mainSteps[0]
        guard case .cypher(let cypher) = step.body else { throw Failure("not cypher") }
        #expect(cypher.statements.map(\.value) == ["CREATE (:A {id: $id})", "CREATE (:B {id: $id})"])
        #expect(cypher.transaction)
        #expect(step.mutates)
    }

    @Test func cypherQueryAndStatementsTogetherIsAnError() {
        let diagnostics = S.diagnostics(
            S.runbook(
                steps: """
                          - id: both
                            cypher: { on: graph, query: "RETURN 1", statements: ["RETURN 2"] }
                    """
            )
        )
        #expect(diagnostics.contains { $0.contains("error: cypher has both 'query' and 'statements'; use one") })
    }

    @Test func compareSideCypherTakesNoStatements() {
        let diagnostics = S.diagnostics(
            S.runbook(
                steps: """
                          - id: cmp
                            compare:
                              left: { sql: { on: pg, query: "SELECT 1" } }
                              right: { cypher: { on: graph, statements: ["RETURN 1"] } }
                    """
            )
        )
        #expect(diagnostics.contains { $0.contains("statements") && $0.contains("error") })
    }

    @Test func errorCodeExpectation() throws {
        let runbook = try S.load(
            S.runbook(
                steps: """
                          - id: bad
                            cypher: { on: graph, query: "RETURN 1 +" }
                            expect: { error_code: Neo.ClientError.Statement.SyntaxError }
                          - id: dup
                            sql: { on: pg, query: "INSERT INTO t VALUES (1)" }
                            expect: { error_code: 23505 }
                    """
            )
        )
        let predicates = runbook.mainSteps.compactMap { $0.expect?.checks.first?.predicate }
        guard case .errorCode(let neo4j) = predicates[0], case .errorCode(let sqlstate) = predicates[1] else {
            throw Failure("not error_code checks")
        }
        #expect(neo4j == "Neo.ClientError.Statement.SyntaxError")
        #expect(sqlstate == "23505")
        #expect(runbook.mainSteps[0].expect?.checksErrorCode == true)
    }

    @Test func errorCodeOnAShellStepIsAnError() {
        let diagnostics = S.diagnostics(
            S.runbook(
                steps: """
                          - id: sh
                            shell: "true"
                            expect: { error_code: X }
                    """
            )
        )
        #expect(diagnostics.contains { $0.hasPrefix("11:19: error: error_code applies to sql and cypher steps") })
    }
}
