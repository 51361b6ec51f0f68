import RunbookCore

/// The connectors a run uses, wired by the executable (the engine imports none of them).
public struct Connectors: Sendable {
    /// Runs shell and kubectl steps.
    public var process: any ProcessExecutor
    /// Opens a query executor for a resolved connection (PostgreSQL or Neo4j).
    public var query: @Sendable (ResolvedConnection) throws -> any QueryExecutor
    /// Sends the requests of `http` steps.
    public var http: any HTTPExecutor

    /// Creates a connector set; `http` defaults to URLSession.
    public init(
        process: any ProcessExecutor,
        http: any HTTPExecutor = URLSessionHTTPExecutor(),
        query: @escaping @Sendable (ResolvedConnection) throws -> any QueryExecutor
    ) {
        self.process = process
        self.http = http
        self.query = query
    }
}

/// Query executors for a run: one per named connection, opened on first use.
final class ConnectionPool {
    private var executors: [String: any QueryExecutor] = [:]
    private let runbook: Runbook
    private let connectors: Connectors

    init(runbook: Runbook, connectors: Connectors) {
        self.runbook = runbook
        self.connectors = connectors
    }

    /// The connection's executor; a `slot` opens a further session of the same connection (a keyed diff reads
    /// two streams, a sync re-reads its source outside the long snapshot).
    func executor(for name: String, slot: String? = nil, context: EvaluationContext) throws -> any QueryExecutor {
        let id = slot.map { "\(name)\u{0}\($0)" } ?? name
        if let existing = executors[id] { return existing }
        guard let decl = runbook.connection(name) else {
            throw StepFailure("unknown connection '\(name)'")
        }
        let resolved: ResolvedConnection
        do {
            switch decl.kind {
            case .postgres(let dsn):
                resolved = ResolvedConnection(name: name, kind: .postgres(dsn: try dsn.render(in: context).text))
            case .neo4j(let url, let user, let password, let database):
                resolved = ResolvedConnection(
                    name: name,
                    kind: .neo4j(
                        url: try url.render(in: context).text,
                        user: try user?.render(in: context).text,
                        password: try password?.render(in: context).text,
                        database: try database?.render(in: context).text
                    )
                )
            }
        } catch {
            throw StepFailure("connection '\(name)': \(error.message)")
        }
        let executor = try connectors.query(resolved)
        executors[id] = executor
        return executor
    }

    func closeAll() async {
        for executor in executors.values { await executor.close() }
        executors = [:]
    }
}
