/// Builds a static `Plan` from a validated runbook and bound parameters.
///
/// Touches nothing.
public struct Planner {
    let runbook: Runbook
    let params: [String: Value]

    /// Creates a planner.
    ///
    /// - Parameters:
    ///   - runbook: A validated runbook.
    ///   - bindings: Parameter bindings from `ParamBinder`.
    public init(runbook: Runbook, bindings: [ParamBinder.Binding]) {
        self.runbook = runbook
        var params: [String: Value] = [:]
        for b in bindings { if let v = b.value { params[b.name] = v } }
        self.params = params
        self.bindings = bindings
    }

    private let bindings: [ParamBinder.Binding]

    /// The plan.
    public func plan() -> Plan {
        let phases = runbook.phases.map { phase in
            Plan.Phase(id: phase.id, title: phase.title, steps: phase.steps.map { planStep($0, phase: phase.id) })
        }
        let guards = runbook.guards.map { planStep($0, phase: nil) }
        let rollbacks = runbook.rollbacks.map { scenario in
            Plan.Rollback(
                id: scenario.id,
                title: scenario.title,
                manual: scenario.manual,
                triggers: scenario.triggers.map(\.value),
                after: Self.describe(scenario.after),
                steps: scenario.steps.map { planStep($0, phase: nil) }
            )
        }
        var warnings: [String] = []
        for step in phases.flatMap(\.steps)
        where step.mutates && step.coveredBy.isEmpty
            && step.onFailure != "continue" && step.onFailure != "warn"
        {
            warnings.append(
                "step '\(step.id)' mutates (\(step.kind) on \(step.target)) but no rollback scenario covers it"
            )
        }
        for binding in bindings where binding.source == .unset && binding.value == nil {
            warnings.append(
                "required parameter '\(binding.name)' is not set; `run` will refuse to start without -p \(binding.name)=…"
            )
        }
        let estimates = runbook.mainSteps.compactMap(\.estimate)
        let total = estimates.reduce(0) { $0 + $1.milliseconds }
        return Plan(
            runbook: runbook.id,
            title: runbook.title,
            params: bindings,
            kubernetes: kubernetesDescription(),
            guards: guards,
            phases: phases,
            rollbacks: rollbacks,
            warnings: warnings,
            declaredEstimate: runbook.estimate,
            stepEstimateTotal: DurationSpec(milliseconds: total),
            unestimatedSteps: runbook.mainSteps.count - estimates.count
        )
    }

    static func describe(_ after: RollbackScenario.After) -> String {
        switch after {
        case .abort: return "abort"
        case .resume(let step, let max): return "resume:\(step.value) (max \(max))"
        }
    }

    // MARK: - Steps

    func planStep(_ step: RunbookCore.Step, phase: String?) -> Plan.Step {
        var gateConfirm: String?
        var gateApprovers: Int?
        if case .gate(let g) = step.body {
            gateConfirm = g.confirm.map { display($0) }
            gateApprovers = g.approvers
        }
        return Plan.Step(
            id: step.id,
            title: step.title,
            description: step.description,
            kind: step.body.kind,
            target: target(of: step.body),
            mutates: step.mutates,
            idempotent: step.idempotent,
            command: PlanCommandRenderer(display: display, shellDisplay: shellDisplay).command(of: step.body),
            condition: step.when.map(Self.source),
            coveredBy: coverage(of: step, phase: phase),
            onFailure: Self.describe(step.onFailure),
            estimate: step.estimate,
            hasReconcile: step.reconcile != nil,
            retryAttempts: step.retry?.attempts,
            timeout: step.timeout,
            gateConfirm: gateConfirm,
            gateApprovers: gateApprovers,
            expectations: step.expect.map { describe($0) } ?? [],
            captures: step.capture.map { "\($0.name) ← \($0.field)" }
        )
    }

    /// One line per expectation check.
    func describe(_ expect: Expectation) -> [String] {
        expect.checks.map { check in
            let field = check.field ?? "result"
            let operand: String
            switch check.predicate {
            case .equals(let v), .notEquals(let v), .gt(let v), .gte(let v), .lt(let v), .lte(let v), .contains(let v),
                .notContains(let v):
                operand = render(v)
            case .between(let a, let b): operand = "[\(render(a)), \(render(b))]"
            case .matches(let p), .notMatches(let p): operand = "/\(p)/"
            case .rows(let n), .exitCode(let n): operand = String(n)
            case .empty(let b): operand = String(b)
            case .errorCode(let code): operand = code
            }
            return "\(field) \(check.predicate.name) \(operand)"
        }
    }

    func render(_ v: ValueTemplate) -> String {
        JSONWriter.string(PlanCommandRenderer(display: display, shellDisplay: shellDisplay).render(v))
    }

    /// `abort`, `continue`, `warn` or `rollback:ID`.
    public static func describe(_ onFailure: OnFailure) -> String {
        switch onFailure {
        case .abort: return "abort"
        case .continue: return "continue"
        case .warn: return "warn"
        case .rollback(let id): return "rollback:\(id.value)"
        }
    }

    /// The scenarios that start when this step fails.
    func coverage(of step: RunbookCore.Step, phase: String?) -> [String] {
        var ids: [String] = []
        if case .rollback(let id) = step.onFailure { ids.append(id.value) }
        for scenario in runbook.rollbacks where !scenario.manual {
            if scenario.triggers.contains(where: { $0.value == step.id || $0.value == phase }),
                !ids.contains(scenario.id)
            {
                ids.append(scenario.id)
            }
        }
        return ids
    }

    func target(of body: StepBody) -> String {
        func conn(_ name: String) -> String {
            guard let c = runbook.connection(name) else { return name }
            return "\(c.kindName):\(name)"
        }
        switch body {
        case .sql(let a): return conn(a.on.value)
        case .cypher(let a): return conn(a.on.value)
        case .compare(let a): return "\(conn(a.left.on.value)) vs \(conn(a.right.on.value))"
        case .transfer(let a): return "\(conn(a.from.on.value)) → \(conn(a.to.on.value))"
        case .sync(let a): return "\(conn(a.from.on.value)) → \(conn(a.on.value))"
        case .shell: return "local shell"
        case .kubectl: return "kubectl " + (kubernetesDescription() ?? "(current context)")
        case .gate: return "operator"
        case .http(let a): return "\(a.method) \(display(a.url))"
        case .wait: return "clock"
        }
    }

    func kubernetesDescription() -> String? {
        guard let k = runbook.kubernetes else { return nil }
        let context = k.context.map { display($0) } ?? "(current)"
        let namespace = k.namespace.map { display($0) } ?? "(default)"
        return "context=\(context) namespace=\(namespace)"
    }

    // MARK: - Rendering

    /// Renders a template for display: params bound, secrets `***`, run-time values symbolic.
    func display(_ template: Template) -> String {
        do {
            return try template.render(in: PlanValues(params: params).context).text
        } catch {
            return Self.source(template)
        }
    }

    /// Renders a shell template for display, values shown as quoted shell words.
    func shellDisplay(_ template: Template) -> String {
        do {
            return try ShellTemplate.display(template, in: PlanValues(params: params).context)
        } catch {
            return Self.source(template)
        }
    }

    /// The template's source text.
    public static func source(_ template: Template) -> String {
        template.parts.map { part in
            switch part {
            case .literal(let s): return s
            case .expression(_, let source, _): return "${{ \(source) }}"
            }
        }.joined()
    }
}
