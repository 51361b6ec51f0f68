import Foundation
import RunbookCore

/// Secret values read at run time from the environment or files.
///
/// Never written anywhere.
public struct SecretStore: Sendable {
    /// Values by secret name.
    public let values: [String: String]
    /// Redacts every secret value.
    public let redactor: Redactor

    /// Reads every declared secret.
    ///
    /// - Throws: A message naming the secret and its source (never its value) when one cannot be read.
    public init(runbook: Runbook, environment: [String: String]) throws {
        var values: [String: String] = [:]
        var problems: [String] = []
        for secret in runbook.secrets {
            switch secret.source {
            case .env(let name):
                if let v = environment[name] {
                    values[secret.name] = v
                } else {
                    problems.append(
                        "secret '\(secret.name)': environment variable \(name) is not set (declared at \(secret.location))"
                    )
                }
            case .file(let path):
                if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                    values[secret.name] = text.hasSuffix("\n") ? String(text.dropLast()) : text
                } else {
                    problems.append(
                        "secret '\(secret.name)': cannot read file \(path) (declared at \(secret.location))"
                    )
                }
            }
        }
        if !problems.isEmpty { throw SecretError(messages: problems) }
        self.values = values
        self.redactor = Redactor(secrets: Array(values.values))
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
