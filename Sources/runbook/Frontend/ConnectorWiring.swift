import PostgresConnector
import RunbookCore
import RunbookEngine
import ShellConnector

/// Wires the connectors into the engine.
///
/// The only place that knows every connector.
enum ConnectorWiring {
    static func connectors() -> Connectors {
        Connectors(process: ShellProcessExecutor()) { connection in
            switch connection.kind {
            case .postgres:
                do {
                    return try PostgresQueryExecutor(connection)
                } catch {
                    throw error
                }
            case .neo4j:
                throw ExecutorError(
                    code: .configuration,
                    message: "\(connection): the Bolt connector is not wired into this build yet"
                )
            }
        }
    }
}
