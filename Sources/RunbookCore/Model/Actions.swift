/// A `sql` step: statements on a PostgreSQL connection with bound parameters.
public struct SQLAction: Sendable {
    /// The connection name.
    public var on: Located<String>
    /// One statement (`query:`) or several (`statements:`).
    public var statements: [Located<String>]
    /// Positional parameters `$1`, `$2`, … bound by the server (scalars, sent as text; the server infers types).
    public var params: [ValueTemplate]
    /// Whether several statements run in one transaction.
    public var transaction: Bool

    /// Creates a SQL action.
    public init(
        on: Located<String>,
        statements: [Located<String>],
        params: [ValueTemplate] = [],
        transaction: Bool = false
    ) {
        self.on = on
        self.statements = statements
        self.params = params
        self.transaction = transaction
    }
}

/// A `cypher` step: one query (or several in one transaction) on a Neo4j connection with a bound parameter map.
public struct CypherAction: Sendable {
    /// The connection name.
    public var on: Located<String>
    /// One statement (`query:`) or several (`statements:`), never templated.
    public var statements: [Located<String>]
    /// Parameters by name, bound by the server, with their YAML types.
    public var params: [(name: String, value: ValueTemplate)]
    /// Whether the statements run in one explicit transaction (always so for several).
    public var transaction: Bool
    /// `mode: read|write`: where a routed (`neo4j://`) connection sends the query; `nil` infers it from `mutates`.
    public var mode: AccessMode?

    /// Where a query may run on a cluster.
    public enum AccessMode: String, Sendable {
        /// A follower or read replica (READ servers).
        case read
        /// The leader (WRITE servers).
        case write
    }

    /// The first (or only) statement.
    public var query: Located<String> { statements[0] }

    /// Creates a Cypher action with one query.
    public init(on: Located<String>, query: Located<String>, params: [(name: String, value: ValueTemplate)] = []) {
        self.init(on: on, statements: [query], params: params)
    }

    /// Creates a Cypher action; `statements` must not be empty.
    public init(
        on: Located<String>,
        statements: [Located<String>],
        params: [(name: String, value: ValueTemplate)] = [],
        transaction: Bool = false,
        mode: AccessMode? = nil
    ) {
        self.on = on
        self.statements = statements
        self.params = params
        self.transaction = transaction
        self.mode = mode
    }
}

/// One side of a comparison: a scalar query in SQL or Cypher.
public struct QuerySide: Sendable {
    /// The language of the query.
    public enum Language: String, Sendable {
        /// PostgreSQL.
        case sql
        /// Cypher.
        case cypher
    }

    /// SQL or Cypher.
    public var language: Language
    /// The connection name.
    public var on: Located<String>
    /// The query.
    public var query: Located<String>
    /// SQL positional parameters.
    public var sqlParams: [ValueTemplate]
    /// Cypher parameters.
    public var cypherParams: [(name: String, value: ValueTemplate)]

    /// Creates a query side.
    public init(
        language: Language,
        on: Located<String>,
        query: Located<String>,
        sqlParams: [ValueTemplate] = [],
        cypherParams: [(name: String, value: ValueTemplate)] = []
    ) {
        self.language = language
        self.on = on
        self.query = query
        self.sqlParams = sqlParams
        self.cypherParams = cypherParams
    }
}

/// How two values are compared.
public enum CompareOperator: Sendable, Hashable, CustomStringConvertible {
    /// Equal.
    case equal
    /// Equal within a relative (percent) tolerance of the left value.
    case withinPercent(Double)
    /// Equal within an absolute tolerance.
    case withinAbsolute(Double)
    /// left ≥ right.
    case leftGTE
    /// left ≤ right.
    case leftLTE
    /// left > right.
    case leftGT
    /// left < right.
    case leftLT
    /// Keyed diff: both sides return the same rows (by key, then by value).
    case sameRows

    public var description: String {
        switch self {
        case .equal: return "equal"
        case .withinPercent(let p): return "within \(Value.format(p))%"
        case .withinAbsolute(let a): return "within \(Value.format(a))"
        case .leftGTE: return "left_gte"
        case .leftLTE: return "left_lte"
        case .leftGT: return "left_gt"
        case .leftLT: return "left_lt"
        case .sameRows: return "same_rows"
        }
    }
}

/// A `compare` step.
public struct CompareAction: Sendable {
    /// Sampled comparison: N keys, each compared on both sides.
    public struct Sample: Sendable {
        /// How many keys.
        public var size: Int
        /// The query producing the keys (`$1` is the size for SQL, `$size` for Cypher).
        public var keys: QuerySide
    }

    /// Left query.
    public var left: QuerySide
    /// Right query.
    public var right: QuerySide
    /// The operator.
    public var op: CompareOperator
    /// Optional sampling.
    public var sample: Sample?
    /// The key columns of a keyed diff (`op: same_rows`); empty for scalar comparisons.
    public var key: [Located<String>]
    /// Rows per fetch on each side of a keyed diff (a number, or a template rendering to one).
    public var batch: Template
    /// How many example keys of each difference class a keyed diff keeps.
    public var examples: Int

    /// Creates a comparison.
    public init(
        left: QuerySide,
        right: QuerySide,
        op: CompareOperator,
        sample: Sample? = nil,
        key: [Located<String>] = [],
        batch: Template = .literal("1000"),
        examples: Int = 10
    ) {
        self.left = left
        self.right = right
        self.op = op
        self.sample = sample
        self.key = key
        self.batch = batch
        self.examples = examples
    }
}

/// A `shell` step: a command under `bash -euo pipefail`.
public struct ShellAction: Sendable {
    /// The script; `${{ }}` values are passed through the environment, never spliced.
    public var run: Template
    /// Extra environment variables.
    public var env: [(name: String, value: Template)]
    /// Working directory.
    public var cwd: Template?

    /// Creates a shell action.
    public init(run: Template, env: [(name: String, value: Template)] = [], cwd: Template? = nil) {
        self.run = run
        self.env = env
        self.cwd = cwd
    }
}

/// A `kubectl` step: an argument list (no shell).
public struct KubectlAction: Sendable {
    /// Arguments after `kubectl` (context and namespace are added by the runner).
    public var args: [Template]

    /// Creates a kubectl action.
    public init(args: [Template]) { self.args = args }
}

/// A `gate` step: manual approval.
public struct GateAction: Sendable {
    /// The question.
    public var prompt: Template
    /// Text the operator must type to approve.
    public var confirm: Template?
    /// Distinct approvers required.
    public var approvers: Int
    /// How long to wait before giving up (recorded as timed out).
    public var timeout: DurationSpec?

    /// Creates a gate.
    public init(prompt: Template, confirm: Template? = nil, approvers: Int = 1, timeout: DurationSpec? = nil) {
        self.prompt = prompt
        self.confirm = confirm
        self.approvers = approvers
        self.timeout = timeout
    }
}

/// A `transfer` step: keyset-paged SQL rows into `UNWIND $rows` Cypher batches.
public struct TransferAction: Sendable {
    /// The source query.
    public var from: QuerySide
    /// The Cypher write, receiving `$rows`.
    public var to: QuerySide
    /// Rows per batch.
    public var batch: Template
    /// The keyset columns used for ordering, checkpoints and resume (one, or several for a composite key).
    public var key: [Located<String>]
    /// An optional SQL query on the source connection returning the number of rows to move (`from.count`), run
    /// once up front so that progress can show a percentage and an ETA.
    public var count: Located<String>?
    /// `stall:`: fail the attempt (as transient, so `retry` continues from the checkpoint) when no batch commits
    /// for this long; nil means the built-in `StepDefaults.transferStall`.
    public var stall: DurationSpec?

    /// Creates a transfer.
    public init(
        from: QuerySide,
        to: QuerySide,
        batch: Template,
        key: [Located<String>],
        count: Located<String>? = nil
    ) {
        self.from = from
        self.to = to
        self.batch = batch
        self.key = key
        self.count = count
    }
}

/// A `sync` step: makes the target's rows equal the source's, by key, in verified batches.
public struct SyncAction: Sendable {
    /// The source of truth: a SQL query returning the key and value columns, ordered by the key.
    public var from: QuerySide
    /// The target connection (Cypher).
    public var on: Located<String>
    /// The target's current rows: the key and value columns, ordered by the key.
    public var read: Located<String>
    /// Writes rows only in the source or changed, bound to `$rows` (source rows as maps).
    public var upsert: Located<String>
    /// Removes rows only in the target, bound to `$rows` (maps of the key columns).
    public var delete: Located<String>
    /// The key columns.
    public var key: [Located<String>]
    /// Candidates per verified batch (and rows per fetch): a number, or a template rendering to one.
    public var batch: Template
    /// `stall:`: fail the step when no batch is read from either side or written for this long (nil: the built-in
    /// ``StepDefaults/syncStall``).
    public var stall: DurationSpec?

    /// Creates a sync.
    public init(
        from: QuerySide,
        on: Located<String>,
        read: Located<String>,
        upsert: Located<String>,
        delete: Located<String>,
        key: [Located<String>],
        batch: Template,
        stall: DurationSpec? = nil
    ) {
        self.stall = stall
        self.from = from
        self.on = on
        self.read = read
        self.upsert = upsert
        self.delete = delete
        self.key = key
        self.batch = batch
    }
}

/// An `http` step.
public struct HTTPAction: Sendable {
    /// The method, upper-case.
    public var method: String
    /// The URL.
    public var url: Template
    /// Request headers.
    public var headers: [(name: String, value: Template)]
    /// A JSON body (templated leaves).
    public var json: ValueTemplate?
    /// A raw body.
    public var body: Template?

    /// Creates an HTTP action.
    public init(
        method: String,
        url: Template,
        headers: [(name: String, value: Template)] = [],
        json: ValueTemplate? = nil,
        body: Template? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.json = json
        self.body = body
    }
}

/// A `wait` step.
public enum WaitAction: Sendable {
    /// Sleep.
    case duration(DurationSpec)
    /// Re-run another step every `every` until its expectation holds, up to `timeout`.
    case until(step: Located<String>, every: DurationSpec, timeout: DurationSpec)
}
