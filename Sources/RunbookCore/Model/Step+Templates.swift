extension StepBody {
    /// Every template the action uses, in source order as far as practical.
    public var templates: [Template] {
        switch self {
        case .sql(let a): return a.params.flatMap(\.templates)
        case .cypher(let a): return a.params.flatMap(\.value.templates)
        case .compare(let a):
            return [a.left, a.right].flatMap(\.templates) + (a.sample?.keys.templates ?? []) + [a.batch]
        case .shell(let a): return [a.run] + a.env.map(\.value) + (a.cwd.map { [$0] } ?? [])
        case .kubectl(let a): return a.args
        case .gate(let a): return [a.prompt] + (a.confirm.map { [$0] } ?? [])
        case .transfer(let a): return a.from.templates + a.to.templates + [a.batch]
        case .sync(let a): return a.from.templates + [a.batch]
        case .http(let a):
            return [a.url] + a.headers.map(\.value) + (a.json?.templates ?? []) + (a.body.map { [$0] } ?? [])
        case .wait: return []
        }
    }

    /// Whether the step is a `sql` or `cypher` query (the kinds a server error code can come from).
    public var isQuery: Bool {
        switch self {
        case .sql, .cypher: return true
        default: return false
        }
    }

    /// Outputs every step of this kind provides without `capture:`.
    public var builtinOutputs: [String] {
        switch self {
        case .sql, .cypher: return ["value", "row_count"]
        case .shell, .kubectl: return ["value", "stdout", "stderr", "exit_code"]
        case .compare: return CompareAction.outputs
        case .gate: return ["approver", "approved_at"]
        case .transfer: return ["value", "rows_moved", "batches"]
        case .sync: return SyncAction.outputs
        case .http: return ["value", "status", "body"]
        case .wait: return ["attempts"]
        }
    }

    /// Result fields `capture:` may name, or `nil` when any column name is allowed (SQL/Cypher rows, JSON).
    public var capturableFields: [String]? {
        switch self {
        case .sql, .cypher, .http: return nil
        case .shell, .kubectl: return ["value", "stdout", "stderr", "exit_code"]
        case .compare: return CompareAction.outputs
        case .gate: return ["approver", "approved_at"]
        case .transfer: return ["value", "rows_moved", "batches"]
        case .sync: return SyncAction.outputs
        case .wait: return ["attempts"]
        }
    }
}

extension CompareAction {
    /// The outputs of a comparison: scalar, sampled and keyed (`same_rows`).
    public static let outputs = [
        "value", "left", "right", "difference", "mismatches", "only_left", "only_right", "changed", "same",
        "examples",
    ]
}

extension SyncAction {
    /// The outputs of a sync.
    public static let outputs = ["value", "upserted", "deleted", "same", "transient", "batches"]
}

extension QuerySide {
    /// The templates of the side's parameters.
    public var templates: [Template] { sqlParams.flatMap(\.templates) + cypherParams.flatMap(\.value.templates) }
}

extension Step {
    /// Every template in the step: condition, action, expectation and reconcile probe.
    public var templates: [Template] {
        var all: [Template] = []
        if let when { all.append(when) }
        all += body.templates
        all += expect?.checks.flatMap(\.predicate.templates) ?? []
        if let reconcile {
            all += reconcile.body.templates
            all += reconcile.expect?.checks.flatMap(\.predicate.templates) ?? []
        }
        return all
    }
}
