import RunbookCore
import Testing

@Suite struct RunbookLoaderTests {
    static let everyKind = """
        version: 1
        runbook: every-kind
        title: Every kind
        description: All step kinds and common fields.
        estimate: 3h30m
        params:
          namespace: { default: nova, description: Kubernetes namespace }
          user: { required: true }
          batch: { type: int, default: 100 }
          ratio: 0.5
          dry: { type: bool, default: true }
          mode: { default: a, choices: [a, b] }
        kubernetes: { context: staging, namespace: "${{ params.namespace }}" }
        secrets:
          PW: { env: GRAPH_PW }
          TOKEN: { file: /run/token }
        connections:
          pg: { postgres: "postgres://localhost/db" }
          graph: { neo4j: "bolt://127.0.0.1:7687", user: neo4j, password: "${{ secrets.PW }}", database: neo4j }
        guards:
          - id: ctx
            kubectl: { args: [config, current-context] }
            expect: { stdout: { matches: "staging" } }
        phases:
          - id: main
            title: Main
            description: The main phase.
            steps:
              - id: q
                title: Count
                description: Counts users.
                sql: { on: pg, query: "SELECT count(*) AS n FROM users WHERE id = $1", params: ["${{ params.user }}"] }
                capture: { users: n }
                expect: { n: { gte: 1 } }
                estimate: 1m
              - id: q2
                sql: { on: pg, statements: ["DELETE FROM a", "DELETE FROM b"], transaction: true }
                on_failure: { rollback: undo }
                idempotent: true
              - id: c
                cypher: { on: graph, query: "MATCH (u:User {id: $id}) RETURN count(u)", params: { id: "${{ params.user }}" } }
                when: ${{ params.dry == false }}
              - id: cmp
                compare:
                  left: { sql: { on: pg, query: "SELECT count(*) FROM users" } }
                  right: { cypher: { on: graph, query: "MATCH (u:User) RETURN count(u)" } }
                  op: { within: "0.1%" }
                  sample: { size: 5, keys: { sql: { on: pg, query: "SELECT id FROM users LIMIT $1" } } }
              - id: sh
                shell: { run: "echo $T", env: { T: "${{ secrets.TOKEN }}" }, cwd: /tmp }
                retry: { attempts: 3, delay: 5s, backoff: 1.5 }
                timeout: 10m
                mutates: false
                reconcile: { shell: "grep -q done /tmp/x", expect: { exit_code: 0 } }
              - id: k
                kubectl: { args: [rollout, status, deployment/graph-service] }
                on_failure: continue
              - id: g
                gate: { prompt: "Go?", confirm: "${{ params.namespace }}", approvers: 2, timeout: 2h }
              - id: t
                transfer:
                  from: { on: pg, query: "SELECT id FROM users ORDER BY id" }
                  to: { on: graph, query: "UNWIND $rows AS r MERGE (u:User {id: r.id})" }
                  batch: "${{ params.batch }}"
                  key: id
              - id: y
                sync:
                  from: { on: pg, query: "SELECT id FROM users ORDER BY id" }
                  to: { on: graph, read: "MATCH (u:User) RETURN u.id AS id ORDER BY id", upsert: "UNWIND $rows AS r MERGE (u:User {id: r.id})", delete: "UNWIND $rows AS r MATCH (u:User {id: r.id}) DETACH DELETE u" }
                  key: [id]
                  stall: 90s
              - id: h
                http: { method: post, url: "http://svc/v1", headers: { X-A: b }, json: { a: 1, b: "${{ params.user }}" } }
                expect: { status: 200 }
              - id: w
                wait: { duration: 30s }
              - id: w2
                wait: { until: k, every: 5s, timeout: 1m }
        rollbacks:
          - id: undo
            title: Undo
            triggers: [main]
            steps:
              - id: r1
                shell: echo undo
            after: { resume: q, max: 2 }
          - id: stop
            manual: true
            steps:
              - id: r2
                shell: echo stop
        """

    @Test func everyStepKindAndCommonFieldLoads() throws {
        let runbook = try LoaderTestSupport.load(Self.everyKind)
        #expect(runbook.id == "every-kind")
        #expect(runbook.title == "Every kind")
        #expect(runbook.estimate == DurationSpec(seconds: 12_600))
        #expect(runbook.params.map(\.name) == ["namespace", "user", "batch", "ratio", "dry", "mode"])
        #expect(runbook.params.map(\.kind) == [.string, .string, .int, .float, .bool, .string])
        #expect(runbook.params[1].required)
        #expect(runbook.params[2].defaultValue == .int(100))
        #expect(runbook.params[5].choices == [.string("a"), .string("b")])
        #expect(runbook.secrets.map(\.source) == [.env("GRAPH_PW"), .file("/run/token")])
        #expect(runbook.connections.map(\.kindName) == ["postgres", "neo4j"])
        #expect(runbook.kubernetes?.context?.literalText == "staging")
        #expect(runbook.guards.map(\.id) == ["ctx"])
        #expect(runbook.guards[0].mutates == false)
        #expect(runbook.phases.map(\.id) == ["main"])
        #expect(runbook.phases[0].description == "The main phase.")
        let steps = runbook.mainSteps
        #expect(
            steps.map(\.body.kind)
                == StepBody.kinds.flatMap { $0 == "sql" ? ["sql", "sql"] : $0 == "wait" ? ["wait", "wait"] : [$0] }
        )

        let q = steps[0]
        #expect(q.title == "Count")
        #expect(q.description == "Counts users.")
        #expect(q.capture.map(\.name) == ["users"])
        #expect(q.capture.map(\.field) == ["n"])
        #expect(q.estimate == DurationSpec(seconds: 60))
        #expect(q.mutates == false)
        #expect(q.idempotent)
        guard case .sql(let sql) = q.body else { throw Failure("not sql") }
        #expect(sql.on.value == "pg")
        #expect(sql.params.count == 1)
        #expect(q.location == RunbookCore.SourceLocation(line: 29, column: 9))

        let q2 = steps[1]
        guard case .sql(let sql2) = q2.body else { throw Failure("not sql") }
        #expect(sql2.statements.map(\.value) == ["DELETE FROM a", "DELETE FROM b"])
        #expect(sql2.transaction)
        #expect(q2.mutates)
        #expect(q2.idempotent)
        guard case .rollback(let target) = q2.onFailure else { throw Failure("no rollback") }
        #expect(target.value == "undo")

        #expect(steps[2].when != nil)
        guard case .cypher(let cypher) = steps[2].body else { throw Failure("not cypher") }
        #expect(cypher.params.map(\.name) == ["id"])

        guard case .compare(let cmp) = steps[3].body else { throw Failure("not compare") }
        #expect(cmp.op == .withinPercent(0.1))
        #expect(cmp.sample?.size == 5)
        #expect(cmp.left.language == .sql)
        #expect(cmp.right.language == .cypher)

        let sh = steps[4]
        guard case .shell(let shell) = sh.body else { throw Failure("not shell") }
        #expect(shell.env.map(\.name) == ["T"])
        #expect(shell.cwd?.literalText == "/tmp")
        #expect(sh.retry == RetryPolicy(attempts: 3, delay: DurationSpec(seconds: 5), backoff: 1.5))
        #expect(sh.timeout == DurationSpec(seconds: 600))
        #expect(sh.mutates == false)
        #expect(sh.reconcile?.body.kind == "shell")
        #expect(sh.reconcile?.expect?.checks.first?.predicate.name == "exit_code")

        #expect(steps[5].onFailure == .continue)
        #expect(steps[5].mutates == false)

        guard case .gate(let gate) = steps[6].body else { throw Failure("not gate") }
        #expect(gate.approvers == 2)
        #expect(gate.timeout == DurationSpec(seconds: 7200))
        #expect(gate.confirm?.isSingleExpression == true)

        guard case .transfer(let transfer) = steps[7].body else { throw Failure("not transfer") }
        #expect(transfer.key.map(\.value) == ["id"])
        #expect(transfer.batch.isSingleExpression)
        #expect(steps[7].mutates)

        guard case .sync(let sync) = steps[8].body else { throw Failure("not sync") }
        #expect(sync.key.map(\.value) == ["id"])
        #expect(sync.on.value == "graph")
        #expect(sync.stall == DurationSpec(seconds: 90))
        #expect(steps[8].mutates)
        #expect(steps[8].idempotent)

        guard case .http(let http) = steps[9].body else { throw Failure("not http") }
        #expect(http.method == "POST")
        #expect(http.headers.map(\.name) == ["X-A"])
        #expect(http.json != nil)

        guard case .wait(.duration(let d)) = steps[10].body else { throw Failure("not a sleep") }
        #expect(d == DurationSpec(seconds: 30))
        guard case .wait(.until(let polled, let every, let timeout)) = steps[11].body else {
            throw Failure("not a poll")
        }
        #expect(polled.value == "k")
        #expect(every == DurationSpec(seconds: 5))
        #expect(timeout == DurationSpec(seconds: 60))

        #expect(runbook.rollbacks.map(\.id) == ["undo", "stop"])
        #expect(runbook.rollbacks[0].triggers.map(\.value) == ["main"])
        guard case .resume(let resume, let max) = runbook.rollbacks[0].after else { throw Failure("no resume") }
        #expect(resume.value == "q")
        #expect(max == 2)
        #expect(runbook.rollbacks[1].manual)
        #expect(runbook.rollbacks[1].after == .abort)
    }

    @Test func expectForms() throws {
        let runbook = try LoaderTestSupport.load(
            LoaderTestSupport.runbook(
                steps: """
                          - id: a
                            sql: { on: pg, query: "SELECT 1" }
                            expect: 5
                          - id: b
                            sql: { on: pg, query: "SELECT 1" }
                            expect: { equals: 1, not_equals: 2, gt: 0, gte: 1, lt: 9, lte: 8, between: [0, 10] }
                          - id: c
                            shell: echo ok
                            expect: { stdout: { contains: ok, matches: "^o" }, exit_code: 0 }
                          - id: d
                            sql: { on: pg, query: "SELECT 1 AS users" }
                            expect: { rows: 1, empty: false, users: { equals: 50 } }
                          - id: e
                            http: http://svc/health
                            expect: { status: 200 }
                    """
            )
        )
        let checks = runbook.mainSteps.map { $0.expect?.checks ?? [] }
        #expect(checks[0].map(\.predicate.name) == ["equals"])
        #expect(checks[0].first?.field == nil)
        #expect(
            checks[1].map(\.predicate.name) == ["equals", "not_equals", "gt", "gte", "lt", "lte", "between"]
        )
        #expect(checks[2].map(\.field) == ["stdout", "stdout", nil])
        #expect(checks[2].map(\.predicate.name) == ["contains", "matches", "exit_code"])
        #expect(checks[3].map(\.predicate.name) == ["rows", "empty", "equals"])
        #expect(checks[3].map(\.field) == [nil, nil, "users"])
        #expect(checks[4].map(\.field) == ["status"])
        guard case .equals(let status) = checks[4][0].predicate else { throw Failure("not equals") }
        #expect(status.literal == .int(200))
    }

    @Test func retryForms() throws {
        let runbook = try LoaderTestSupport.load(
            LoaderTestSupport.runbook(
                steps: """
                          - id: a
                            shell: "true"
                            retry: 4
                          - id: b
                            shell: "true"
                            retry: { attempts: 2 }
                          - id: c
                            shell: "true"
                            retry: { attempts: 5, delay: 2s, backoff: exponential }
                          - id: d
                            shell: "true"
                            retry: { attempts: 5, delay: 500ms, backoff: fixed }
                    """
            )
        )
        let policies = runbook.mainSteps.map(\.retry)
        #expect(policies[0] == RetryPolicy(attempts: 4))
        #expect(policies[1] == RetryPolicy(attempts: 2))
        #expect(policies[2] == RetryPolicy(attempts: 5, delay: DurationSpec(seconds: 2), backoff: 2))
        #expect(policies[3] == RetryPolicy(attempts: 5, delay: DurationSpec(milliseconds: 500), backoff: 1))
        #expect(policies[2]?.delay(beforeAttempt: 4) == DurationSpec(seconds: 8))
        #expect(policies[3]?.delay(beforeAttempt: 4) == DurationSpec(milliseconds: 500))
    }

    @Test(arguments: [
        ("retry: 0", "11:16: error: retry must be between 1 and 1000, found 0"),
        ("retry: { delay: 1s }", "11:16: error: retry needs 'attempts' (total tries, at least 1)"),
        (
            "retry: { attempts: 2, backoff: 20 }",
            "11:40: error: backoff must be between 1 (fixed delay) and 10, found 20"
        ),
        (
            "retry: { atempts: 2 }",
            "11:18: error: unknown key 'atempts' in retry (did you mean 'attempts'?); expected one of: attempts, delay, backoff"
        ),
    ])
    func badRetry(_ line: String, _ expected: String) {
        let text = LoaderTestSupport.runbook(steps: "      - id: a\n        shell: \"true\"\n        \(line)")
        #expect(LoaderTestSupport.diagnostics(text) == [expected])
    }

    @Test func literalBlockPositionsCountTheIndentation() {
        let text = LoaderTestSupport.runbook(
            steps: """
                      - id: a
                        shell: |
                          echo one
                            echo "${{ params.nope }}"
                      - id: b
                        cypher:
                          on: graph
                          query: |
                            MATCH (n)
                            WHERE n.x = ${{ params.x }}
                            RETURN n
                """
        )
        #expect(
            LoaderTestSupport.diagnostics(text) == [
                "12:23: error: unknown parameter 'nope'",
                "18:25: error: ${{ }} is not allowed in Cypher query text: pass values through 'params' so the server binds them (e.g. $1 in SQL, $name in Cypher)",
            ]
        )
    }

    @Test func misspelledKeyIsReportedOnce() {
        let text = LoaderTestSupport.runbook(steps: "      - id: a\n        gate: { promt: Go? }")
        #expect(
            LoaderTestSupport.diagnostics(text) == [
                "10:17: error: unknown key 'promt' in gate (did you mean 'prompt'?); expected one of: prompt, confirm, approvers, timeout"
            ]
        )
        let missing = LoaderTestSupport.runbook(steps: "      - id: a\n        gate: { confirm: yes }")
        #expect(LoaderTestSupport.diagnostics(missing) == ["10:15: error: gate needs 'prompt: QUESTION'"])
    }

    @Test func transferFromTakesAnOptionalCountQueryButOtherSQLStepsDoNot() throws {
        let steps = """
                  - id: t
                    transfer:
                      from: { on: pg, query: "SELECT id FROM users", count: "SELECT count(*) FROM users" }
                      to: { on: graph, query: "UNWIND $rows AS r MERGE (u:User {id: r.id})" }
                      key: id
            """
        let runbook = try LoaderTestSupport.load(LoaderTestSupport.runbook(steps: steps))
        guard case .transfer(let transfer) = runbook.mainSteps.first?.body else { throw Failure("not transfer") }
        #expect(transfer.count?.value == "SELECT count(*) FROM users")
        #expect(transfer.from.query.value == "SELECT id FROM users")
        let plain = LoaderTestSupport.runbook(
            steps: "      - id: a\n        sql: { on: pg, query: SELECT 1, count: SELECT 2 }"
        )
        #expect(LoaderTestSupport.diagnostics(plain).first?.contains("unknown key 'count' in sql") == true)
    }

    @Test func warningsDoNotBlockLoading() throws {
        let result = RunbookLoader.load(
            text: LoaderTestSupport.runbook(
                steps: "      - id: a\n        shell: \"true\"",
                header: "params:\n  u: { required: true, default: x }"
            )
        )
        #expect(result.runbook != nil)
        #expect(
            result.diagnostics.map(\.description) == [
                "6:33: warning: parameter 'u' is required and has a default; the default is never used"
            ]
        )
    }
}

/// A test failure with a message, for `guard … else { throw … }`.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
