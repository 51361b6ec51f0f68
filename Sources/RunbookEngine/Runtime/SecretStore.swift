import Foundation
import RunbookCore

/// Secret values read at run time from the environment, files, Kubernetes secrets or commands.
///
/// Never written anywhere.
public struct SecretStore: Sendable {
    /// Values by secret name.
    public let values: [String: String]
    /// Redacts every secret value.
    public let redactor: Redactor

    /// Wraps values already read.
    public init(values: [String: String]) {
        self.values = values
        self.redactor = Redactor(secrets: Array(values.values))
    }

    /// Reads every declared secret, running the Kubernetes and command sources through `processes`.
    ///
    /// `params` render the runbook's `kubernetes:` context and namespace.
    ///
    /// - Throws: `SecretError` with one message per secret that cannot be read, naming the secret and its
    ///   source (never a value), before any step runs.
    public static func load(
        runbook: Runbook,
        environment: [String: String],
        params: [String: Value],
        processes: any ProcessExecutor
    ) async throws -> SecretStore {
        var values: [String: String] = [:]
        var problems: [String] = []
        let reader = SecretSourceReader(
            runbook: runbook,
            environment: environment,
            params: params,
            processes: processes
        )
        for secret in runbook.secrets {
            do {
                values[secret.name] = try await reader.read(secret.source)
            } catch {
                problems.append("secret '\(secret.name)': \(error.message) (declared at \(secret.location))")
            }
        }
        if !problems.isEmpty { throw SecretError(messages: problems) }
        return SecretStore(values: values)
    }

    /// Resolves `env.X` and `secrets.X` for the state machine.
    public func external(environment: [String: String]) -> @Sendable ([String]) -> Value? {
        let values = self.values
        return { path in
            guard path.count == 2 else { return nil }
            switch path[0] {
            case "env": return environment[path[1]].map(Value.string)
            case "secrets": return values[path[1]].map(Value.string)
            default: return nil
            }
        }
    }
}

/// Secrets that could not be read.
public struct SecretError: Error, CustomStringConvertible {
    /// One message per secret.
    public var messages: [String]
    public var description: String { messages.joined(separator: "\n") }
}
