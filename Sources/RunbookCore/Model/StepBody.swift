/// The action of a step: exactly one kind.
public enum StepBody: Sendable {
    /// One SQL statement (or several in a transaction) on a PostgreSQL connection.
    case sql(SQLAction)
    /// One Cypher query on a Neo4j connection.
    case cypher(CypherAction)
    /// Two scalar queries and an operator.
    case compare(CompareAction)
    /// A bash command.
    case shell(ShellAction)
    /// `kubectl` with the runbook's context and namespace enforced.
    case kubectl(KubectlAction)
    /// Manual approval.
    case gate(GateAction)
    /// Rows of a SQL query streamed into batched Cypher writes.
    case transfer(TransferAction)
    /// A keyed, verified repair of a target's rows from a source of truth.
    case sync(SyncAction)
    /// One HTTP request.
    case http(HTTPAction)
    /// A sleep, or polling another step until its expectation holds.
    case wait(WaitAction)

    /// The kind's YAML key.
    public var kind: String {
        switch self {
        case .sql: return "sql"
        case .cypher: return "cypher"
        case .compare: return "compare"
        case .shell: return "shell"
        case .kubectl: return "kubectl"
        case .gate: return "gate"
        case .transfer: return "transfer"
        case .sync: return "sync"
        case .http: return "http"
        case .wait: return "wait"
        }
    }

    /// All step kinds' YAML keys.
    public static let kinds = [
        "sql", "cypher", "compare", "shell", "kubectl", "gate", "transfer", "sync", "http", "wait",
    ]

    /// Whether the action changes something, judged from what it is (`mutates`).
    public var inferredMutates: Bool {
        switch self {
        case .sql(let a): return a.statements.contains { StatementClassifier.sqlMutates($0.value) }
        case .cypher(let a): return StatementClassifier.cypherMutates(a.query.value)
        case .compare, .gate, .wait: return false
        case .kubectl(let a): return KubectlVerbs.mutates(a.args.map(\.literalText))
        case .shell, .transfer, .sync: return true
        case .http(let a): return !["GET", "HEAD", "OPTIONS"].contains(a.method)
        }
    }

    /// The connections the action uses.
    public var connections: [Located<String>] {
        switch self {
        case .sql(let a): return [a.on]
        case .cypher(let a): return [a.on]
        case .compare(let a):
            return [a.left.on, a.right.on] + (a.sample.map { [$0.keys.on] } ?? [])
        case .transfer(let a): return [a.from.on, a.to.on]
        case .sync(let a): return [a.from.on, a.on]
        case .shell, .kubectl, .gate, .http, .wait: return []
        }
    }
}
