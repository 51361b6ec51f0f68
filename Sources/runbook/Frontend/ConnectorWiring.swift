import RunbookCore
import RunbookEngine
import ShellConnector

/// Wires the connectors into the engine. The only place that knows every connector.
enum ConnectorWiring {
    static func connectors() -> Connectors {
        Connectors(process: ShellProcessExecutor()) { connection in
            throw ExecutorError(code: .configuration, message: "\(connection): this build has no connector for it yet")
        }
    }
}
