/// Cross-checks a parsed runbook: unique ids, connections, references, expression types, rollback wiring.
struct RunbookValidator {
    let runbook: Runbook
    let reader: YAMLReader

    func validate() {
        checkUniqueIDs()
        var scope = ReferenceScope(runbook: runbook)
        checkHeaderTemplates(scope: scope)
        for step in runbook.guards {
            check(step, scope: scope)
            scope.declare(step)
        }
        for step in runbook.mainSteps {
            check(step, scope: scope)
            scope.declare(step)
        }
        let mainScope = scope
        let phaseIDs = Set(runbook.phases.map(\.id))
        let mainStepIDs = Set(runbook.mainSteps.map(\.id))
        let guardIDs = Set(runbook.guards.map(\.id))
        for scenario in runbook.rollbacks {
            var scenarioScope = mainScope
            for step in scenario.steps {
                check(step, scope: scenarioScope)
                scenarioScope.declare(step)
            }
            checkRollbackWiring(scenario, phaseIDs: phaseIDs, mainStepIDs: mainStepIDs, guardIDs: guardIDs)
        }
        checkParamChoices()
        checkWarnSteps()
    }

    // MARK: - Ids

    private func checkUniqueIDs() {
        var seen: [String: (SourceLocation, String)] = [:]
        func claim(_ id: String, at location: SourceLocation, as what: String) {
            if let (first, kind) = seen[id] {
                reader.error(
                    location,
                    "duplicate id '\(id)': already used by a \(kind) at \(first); ids must be unique across steps, phases and rollbacks"
                )
            } else {
                seen[id] = (location, what)
            }
        }
        for phase in runbook.phases { claim(phase.id, at: phase.location, as: "phase") }
        for scenario in runbook.rollbacks { claim(scenario.id, at: scenario.location, as: "rollback") }
        let allSteps = runbook.guards + runbook.mainSteps + runbook.rollbacks.flatMap(\.steps)
        for step in allSteps { claim(step.id, at: step.location, as: "step") }
    }

    // MARK: - Templates

    private func checkHeaderTemplates(scope: ReferenceScope) {
        var templates: [Template] = []
        for connection in runbook.connections {
            switch connection.kind {
            case .postgres(let dsn): templates.append(dsn)
            case .neo4j(let url, let user, let password, let database):
                templates += [url] + [user, password, database].compactMap { $0 }
            }
        }
        if let k = runbook.kubernetes { templates += [k.context, k.namespace].compactMap { $0 } }
        templates += runbook.notify.map(\.url)
        for a in [runbook.abortIf] + runbook.phases.map(\.abortIf) {
            templates += a.map { [$0.prometheus, $0.query] } ?? []
        }
        for template in templates { typeCheck(template, scope: scope) }
    }

    @discardableResult
    private func typeCheck(_ template: Template, scope: ReferenceScope) -> ValueType? {
        var result: ValueType?
        for part in template.parts {
            guard case .expression(let expression, _, _) = part else { continue }
            let (type, diagnostics) = ExpressionTypeChecker.check(expression, in: scope.typeEnvironment(reader: reader))
            reader.diagnostics += diagnostics
            result = type
        }
        return template.isSingleExpression ? result : .string
    }

    private func check(_ step: Step, scope: ReferenceScope) {
        // `step.templates` starts with `when`; check it once, for its type too.
        for template in step.templates.dropFirst(step.when == nil ? 0 : 1) { typeCheck(template, scope: scope) }
        if let when = step.when, let type = typeCheck(when, scope: scope), ![.bool, .any].contains(type) {
            reader.error(
                step.when?.references.first?.location ?? step.location,
                "when must be a true/false condition; this expression is \(type)"
            )
        }
        checkConnections(step.body)
        if let probe = step.reconcile { checkConnections(probe.body) }
        checkCaptures(step)
        checkExpectFields(step.expect, body: step.body)
        if let probe = step.reconcile { checkExpectFields(probe.expect, body: probe.body) }
        checkWait(step, scope: scope)
        if case .rollback(let id) = step.onFailure { checkRollbackReference(id, manualAllowed: false) }
    }

    private func checkConnections(_ body: StepBody) {
        func expect(_ on: Located<String>, kind: String, for what: String) {
            guard let connection = runbook.connection(on.value) else {
                let names = runbook.connections.map(\.name)
                let list =
                    names.isEmpty
                    ? "this runbook declares no connections" : "declared: \(names.joined(separator: ", "))"
                reader.error(
                    on.location,
                    "unknown connection '\(on.value)'\(Suggestion.hint(for: on.value, in: names)); \(list)"
                )
                return
            }
            if connection.kindName != kind {
                reader.error(
                    on.location,
                    "\(what) needs a \(kind) connection, but '\(on.value)' is \(connection.kindName)"
                )
            }
        }
        switch body {
        case .sql(let a): expect(a.on, kind: "postgres", for: "sql")
        case .cypher(let a): expect(a.on, kind: "neo4j", for: "cypher")
        case .compare(let a):
            for side in [a.left, a.right] + (a.sample.map { [$0.keys] } ?? []) {
                expect(side.on, kind: side.language == .sql ? "postgres" : "neo4j", for: side.language.rawValue)
            }
        case .transfer(let a):
            expect(a.from.on, kind: "postgres", for: "transfer.from")
            expect(a.to.on, kind: "neo4j", for: "transfer.to")
        case .sync(let a):
            expect(a.from.on, kind: "postgres", for: "sync.from")
            expect(a.on, kind: "neo4j", for: "sync.to")
        case .shell, .kubectl, .gate, .http, .wait: break
        }
    }

    private func checkCaptures(_ step: Step) {
        guard let fields = step.body.capturableFields else { return }
        for capture in step.capture where !fields.contains(capture.field) {
            reader.error(
                capture.location,
                "\(step.body.kind) steps cannot capture '\(capture.field)'\(Suggestion.hint(for: capture.field, in: fields)); available: \(fields.joined(separator: ", "))"
            )
        }
    }

    /// Fields `expect` may name for kinds whose results have a fixed shape (SQL/Cypher columns are free).
    private func checkExpectFields(_ expect: Expectation?, body: StepBody) {
        guard let expect else { return }
        for check in expect.checks where check.field != nil || !body.isQuery {
            guard case .errorCode = check.predicate else { continue }
            let message =
                body.isQuery
                ? "error_code applies to the query's result: write expect: { error_code: … }, not on a field"
                : "error_code applies to sql and cypher steps (a server's error code); \(body.kind) has none"
            reader.error(check.location, message)
        }
        let allowed: [String]
        switch body {
        case .sql, .cypher: return
        case .http: allowed = ["value", "status", "body", "json", "headers", "duration_ms"]
        default: allowed = body.capturableFields ?? []
        }
        for check in expect.checks {
            guard let field = check.field else { continue }
            let head = String(field.split(separator: ".").first ?? "")
            if !allowed.contains(head) {
                reader.error(
                    check.location,
                    "\(body.kind) results have no field '\(field)'\(Suggestion.hint(for: head, in: allowed)); available: \(allowed.joined(separator: ", "))"
                )
            }
        }
    }

    private func checkWait(_ step: Step, scope: ReferenceScope) {
        guard case .wait(.until(let target, _, _)) = step.body else { return }
        if target.value == step.id {
            reader.error(target.location, "a wait step cannot poll itself")
        } else if let polled = scope.anyStep(target.value) {
            if polled.mutates {
                reader.warning(
                    target.location,
                    "wait polls '\(target.value)', which mutates; polling runs it repeatedly"
                )
            }
        } else {
            let ids = (runbook.guards + runbook.mainSteps + runbook.rollbacks.flatMap(\.steps)).map(\.id)
            reader.error(
                target.location,
                "wait polls unknown step '\(target.value)'\(Suggestion.hint(for: target.value, in: ids))"
            )
        }
    }

    // MARK: - Rollbacks

    private func checkRollbackReference(_ id: Located<String>, manualAllowed: Bool) {
        guard let scenario = runbook.rollback(id.value) else {
            let ids = runbook.rollbacks.map(\.id)
            reader.error(
                id.location,
                "unknown rollback scenario '\(id.value)'\(Suggestion.hint(for: id.value, in: ids))"
            )
            return
        }
        if scenario.manual, !manualAllowed {
            reader.error(
                id.location,
                "rollback '\(id.value)' is manual: it runs only via `runbook rollback RUN --scenario \(id.value)`"
            )
        }
    }

    /// Checks triggers and `after: resume`; the id sets are computed once for all scenarios.
    private func checkRollbackWiring(
        _ scenario: RollbackScenario,
        phaseIDs: Set<String>,
        mainStepIDs: Set<String>,
        guardIDs: Set<String>
    ) {
        for trigger in scenario.triggers
        where !phaseIDs.contains(trigger.value) && !mainStepIDs.contains(trigger.value)
            && !guardIDs.contains(trigger.value)
        {
            let candidates = runbook.phases.map(\.id) + runbook.mainSteps.map(\.id) + runbook.guards.map(\.id)
            reader.error(
                trigger.location,
                "rollback '\(scenario.id)' is triggered by unknown phase or step '\(trigger.value)'\(Suggestion.hint(for: trigger.value, in: candidates))"
            )
        }
        if case .resume(let target, _) = scenario.after, !mainStepIDs.contains(target.value) {
            reader.error(
                target.location,
                "rollback '\(scenario.id)' resumes at unknown step '\(target.value)'\(Suggestion.hint(for: target.value, in: runbook.mainSteps.map(\.id)))"
            )
        }
    }

    private func checkParamChoices() {
        for param in runbook.params {
            if let choices = param.choices, let d = param.defaultValue, !choices.contains(d) {
                reader.error(
                    param.location,
                    "default of parameter '\(param.name)' (\(d.text)) is not one of its choices"
                )
            }
        }
    }
}
