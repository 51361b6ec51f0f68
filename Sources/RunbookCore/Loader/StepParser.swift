import Yams

/// Parses steps: the common fields and exactly one action.
struct StepParser {
    let reader: YAMLReader

    static let commonKeys = [
        "id", "title", "description", "when", "expect", "capture", "retry", "timeout", "on_failure", "mutates",
        "idempotent", "reconcile", "estimate",
    ]

    func parseStep(_ node: Node, context: String) -> Step? {
        guard let f = reader.fields(node, allowed: Self.commonKeys + StepBody.kinds, what: "a \(context)") else {
            return nil
        }
        var id: Located<String>?
        if let idNode = f["id"] {
            id = reader.identifier(idNode, what: "step id")
        } else if !reader.wasMisspelled("id", in: f) {
            reader.error(f.location, "\(context) has no 'id'; every step needs a unique id")
        }
        let label = id.map { "step '\($0.value)'" } ?? "this \(context)"
        guard let body = parseBody(f, label: label) else { return nil }
        guard let id else { return nil }
        var step = Step(id: id.value, body: body, location: f.location)
        step.digest = SHA256.hex(of: JSONWriter.string(YAMLReader.plainValue(node)))
        step.title = f["title"].flatMap { reader.string($0, what: "title")?.value }
        step.description = f["description"].flatMap { reader.string($0, what: "description")?.value }
        step.when = f["when"].flatMap { parseCondition($0) }
        step.expect = f["expect"].flatMap { ExpectParser(reader: reader).parse($0) }
        step.capture = f["capture"].map(parseCapture) ?? []
        step.retry = f["retry"].flatMap(parseRetry)
        step.timeout = f["timeout"].flatMap { reader.duration($0, what: "timeout") }
        step.onFailure = f["on_failure"].flatMap(parseOnFailure) ?? .abort
        step.mutatesOverride = f["mutates"].flatMap { reader.bool($0, what: "mutates") }
        if context == "guard", step.mutatesOverride == nil {
            // Guards are checks: read-only unless the author says otherwise.
            step.mutatesOverride = false
        }
        step.idempotentOverride = f["idempotent"].flatMap { reader.bool($0, what: "idempotent") }
        step.reconcile = f["reconcile"].flatMap(parseProbe)
        step.estimate = f["estimate"].flatMap { reader.duration($0, what: "estimate") }
        return step
    }

    /// Exactly one kind key among the fields.
    func parseBody(_ f: Fields, label: String) -> StepBody? {
        let kinds = f.entries.filter { StepBody.kinds.contains($0.key) }
        guard let first = kinds.first else {
            if StepBody.kinds.contains(where: { reader.wasMisspelled($0, in: f) }) { return nil }
            reader.error(
                f.location,
                "\(label) has no action; add exactly one of: \(StepBody.kinds.joined(separator: ", "))"
            )
            return nil
        }
        if kinds.count > 1 {
            let second = kinds[1]
            reader.error(
                second.keyLocation,
                "\(label) has two actions, '\(first.key)' (at \(first.keyLocation)) and '\(second.key)'; a step does exactly one thing — split it into two steps"
            )
            return nil
        }
        return ActionParser(reader: reader).parse(kind: first.key, node: first.value)
    }

    /// `when:` — a `${{ }}` condition (the braces may be omitted).
    func parseCondition(_ node: Node) -> Template? {
        guard case .scalar(let s) = node else {
            reader.error(reader.location(node), "when must be an expression such as ${{ params.dry_run == false }}")
            return nil
        }
        if s.string.contains("${{") {
            guard let t = reader.template(node, what: "when") else { return nil }
            if !t.isSingleExpression {
                reader.error(reader.location(node), "when must be exactly one ${{ … }} expression")
                return nil
            }
            return t
        }
        // Bare expression: wrap it so positions still point into the file.
        do {
            let origin = reader.contentOrigin(node)
            let wrapped = try Template.parse("${{" + s.string + "}}", origin: origin.advanced(by: -3))
            return wrapped
        } catch {
            reader.error(error.location, error.message)
            return nil
        }
    }

    func parseCapture(_ node: Node) -> [Capture] {
        reader.namedEntries(node, what: "capture").compactMap { name, location, value in
            guard YAMLReader.isIdentifier(name), !name.contains("-") else {
                reader.error(location, "capture name '\(name)' must use only letters, digits and '_'")
                return nil
            }
            guard let field = reader.nonEmptyString(value, what: "capture field") else { return nil }
            return Capture(name: name, field: field.value, location: location)
        }
    }

    func parseRetry(_ node: Node) -> RetryPolicy? {
        if case .scalar = node, let n = reader.int(node, what: "retry", range: 1...1000) {
            return RetryPolicy(attempts: n)
        }
        guard case .mapping = node,
            let f = reader.fields(node, allowed: ["attempts", "delay", "backoff"], what: "retry")
        else { return nil }
        guard let a = f["attempts"], let attempts = reader.int(a, what: "attempts", range: 1...1000) else {
            if f["attempts"] == nil, !reader.wasMisspelled("attempts", in: f) {
                reader.error(f.location, "retry needs 'attempts' (total tries, at least 1)")
            }
            return nil
        }
        var policy = RetryPolicy(attempts: attempts)
        if let d = f["delay"], let delay = reader.duration(d, what: "delay") { policy.delay = delay }
        if let b = f["backoff"] {
            if case .scalar(let s) = b, s.string == "exponential" {
                policy.backoff = 2
            } else if case .scalar(let s) = b, s.string == "fixed" {
                policy.backoff = 1
            } else if let n = reader.number(b, what: "backoff") {
                if n < 1 || n > 10 {
                    reader.error(
                        reader.location(b),
                        "backoff must be between 1 (fixed delay) and 10, found \(Value.format(n))"
                    )
                } else {
                    policy.backoff = n
                }
            }
        }
        return policy
    }

    func parseOnFailure(_ node: Node) -> OnFailure? {
        if case .scalar(let s) = node {
            switch s.string {
            case "abort": return .abort
            case "continue": return .continue
            case "warn": return .warn
            default:
                let hint = Suggestion.hint(for: s.string, in: ["abort", "continue", "warn"])
                reader.error(
                    reader.location(node),
                    "on_failure must be abort, continue, warn or { rollback: ID }, found '\(s.string)'\(hint)"
                )
                return nil
            }
        }
        guard let f = reader.fields(node, allowed: ["rollback"], what: "on_failure") else { return nil }
        guard let r = f["rollback"], let id = reader.string(r, what: "rollback") else {
            reader.error(f.location, "on_failure needs { rollback: SCENARIO_ID }")
            return nil
        }
        return .rollback(id)
    }

    func parseProbe(_ node: Node) -> Probe? {
        guard let f = reader.fields(node, allowed: StepBody.kinds + ["expect"], what: "reconcile") else { return nil }
        guard let body = parseBody(f, label: "reconcile probe") else { return nil }
        if body.inferredMutates, case .sql = body {
            reader.error(f.location, "reconcile probe must be read-only; this SQL writes")
        } else if body.inferredMutates, case .cypher = body {
            reader.error(f.location, "reconcile probe must be read-only; this Cypher writes")
        } else if case .gate = body {
            reader.error(f.location, "reconcile probe cannot be a gate")
        } else if case .transfer = body {
            reader.error(f.location, "reconcile probe cannot be a transfer")
        } else if case .sync = body {
            reader.error(f.location, "reconcile probe cannot be a sync")
        }
        let expect = f["expect"].flatMap { ExpectParser(reader: reader).parse($0) }
        return Probe(body: body, expect: expect, location: f.location)
    }
}
