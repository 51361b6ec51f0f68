import RunbookCore
import RunbookEngine

/// Wires the connectors into the engine. The only place that knows every connector.
enum ConnectorWiring {
    static func connectors() -> Connectors {
        Connectors(process: UnavailableProcessExecutor()) { connection in
            throw ExecutorError(code: .configuration, message: "\(connection): this build has no connector for it yet")
        }
    }
}

/// Placeholder until the shell connector is wired.
struct UnavailableProcessExecutor: ProcessExecutor {
    func run(_ process: ResolvedProcess, timeout: Duration?, onOutput: @escaping @Sendable (OutputChunk) -> Void) async throws -> ProcessOutcome {
        throw ExecutorError(code: .configuration, message: "process steps are not wired in this build")
    }
}
