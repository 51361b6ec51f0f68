/// What expressions may refer to at one point of a runbook: params, secrets, env, run, and earlier steps.
struct ReferenceScope {
    let runbook: Runbook
    /// Ids of the steps already declared (visible).
    private(set) var visible: Set<String> = []
    /// Every step in the runbook (guards, forward, rollback), to tell "later" from "unknown".
    private let steps: [Step]
    /// The index in `steps` of the first step with each id.
    private let index: [String: Int]

    static let runFields = ["id", "started_at", "operator", "host"]
    static let roots = ["params", "steps", "env", "secrets", "run"]

    init(runbook: Runbook) {
        self.runbook = runbook
        steps = runbook.guards + runbook.mainSteps + runbook.rollbacks.flatMap(\.steps)
        var index: [String: Int] = [:]
        for (i, step) in steps.enumerated() where index[step.id] == nil { index[step.id] = i }
        self.index = index
    }

    /// Any step of the runbook (guard, forward or rollback) by id, visible or not.
    func anyStep(_ id: String) -> Step? { index[id].map { steps[$0] } }

    mutating func declare(_ step: Step) {
        visible.insert(step.id)
    }

    func typeEnvironment(reader: YAMLReader) -> TypeEnvironment {
        TypeEnvironment { path, location in resolve(path, at: location) }
    }

    func resolve(_ path: [String], at location: SourceLocation) -> Result<ValueType, Diagnostic> {
        func fail(_ message: String) -> Result<ValueType, Diagnostic> {
            .failure(Diagnostic(.error, at: location, message))
        }
        let dotted = path.joined(separator: ".")
        guard let root = path.first else { return fail("empty reference") }
        switch root {
        case "params":
            guard path.count == 2 else { return fail("write params.NAME, found '\(dotted)'") }
            guard let p = runbook.params.first(where: { $0.name == path[1] }) else {
                return fail(
                    "unknown parameter '\(path[1])'\(Suggestion.hint(for: path[1], in: runbook.params.map(\.name)))"
                )
            }
            return .success(p.kind.valueType)
        case "secrets":
            guard path.count == 2 else { return fail("write secrets.NAME, found '\(dotted)'") }
            guard runbook.secrets.contains(where: { $0.name == path[1] }) else {
                return fail(
                    "unknown secret '\(path[1])'\(Suggestion.hint(for: path[1], in: runbook.secrets.map(\.name))); declare it under secrets:"
                )
            }
            return .success(.string)
        case "env":
            guard path.count == 2 else { return fail("write env.NAME, found '\(dotted)'") }
            return .success(.string)
        case "run":
            guard path.count == 2, Self.runFields.contains(path[1]) else {
                return fail(
                    "unknown run field '\(dotted)'; available: \(Self.runFields.map { "run.\($0)" }.joined(separator: ", "))"
                )
            }
            return .success(.string)
        case "steps":
            return resolveStep(path, dotted: dotted, fail: fail)
        default:
            return fail(
                "unknown reference '\(dotted)'\(Suggestion.hint(for: root, in: Self.roots)); references start with params., steps., env., secrets. or run."
            )
        }
    }

    private func resolveStep(
        _ path: [String],
        dotted: String,
        fail: (String) -> Result<ValueType, Diagnostic>
    ) -> Result<ValueType, Diagnostic> {
        guard path.count >= 3 else { return fail("write steps.ID.outputs.NAME or steps.ID.status, found '\(dotted)'") }
        let id = path[1]
        guard visible.contains(id), let step = anyStep(id) else {
            if let later = anyStep(id) {
                return fail(
                    "step '\(id)' is defined later (at \(later.location)); a step can only use outputs of steps that run before it"
                )
            }
            return fail("unknown step '\(id)'\(Suggestion.hint(for: id, in: visible.sorted()))")
        }
        switch path[2] {
        case "status":
            guard path.count == 3 else { return fail("steps.\(id).status has no fields") }
            return .success(.string)
        case "outputs":
            guard path.count >= 4 else { return fail("write steps.\(id).outputs.NAME") }
            let name = path[3]
            let outputs = step.capture.map(\.name) + step.body.builtinOutputs
            guard outputs.contains(name) else {
                return fail(
                    "step '\(id)' has no output '\(name)'\(Suggestion.hint(for: name, in: outputs)); its outputs: \(outputs.joined(separator: ", "))"
                )
            }
            return .success(.any)
        default:
            return fail(
                "write steps.\(id).outputs.NAME or steps.\(id).status\(Suggestion.hint(for: path[2], in: ["outputs", "status"]))"
            )
        }
    }
}
