import CypherConnector
import PostgresConnector
import RunbookCore
import RunbookEngine
import ShellConnector

/// Wires the connectors into the engine.
///
/// The only place that knows every connector.
enum ConnectorWiring {
    static func connectors() -> Connectors {
        Connectors(process: ShellProcessExecutor(), http: URLSessionHTTPExecutor()) { connection in
            switch connection.kind {
            case .postgres:
                return try PostgresQueryExecutor(connection)
            case .neo4j:
                return try BoltQueryExecutor(connection: connection)
            }
        }
    }
}
