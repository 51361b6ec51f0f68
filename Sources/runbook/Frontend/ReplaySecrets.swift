import Foundation
import RunbookCore
import RunbookEngine

/// What `replay` can learn from the runbook pinned next to a journal (`runbook.yaml`): its phases, and
/// the values of its declared secrets that are readable here.
///
/// The journal is redacted when written; redacting the report again is a second line of defence.
/// Secrets that cannot be read (variable unset, file missing) are skipped silently; Kubernetes and command
/// sources are never run for a replay.
enum ReplaySecrets {
    /// A redactor for the runbook's readable secrets.
    static func redactor(_ runbook: Runbook?, environment: [String: String]) -> Redactor {
        var values: [String] = []
        for secret in runbook?.secrets ?? [] {
            switch secret.source {
            case .env(let name):
                if let v = environment[name] { values.append(v) }
            case .file(let path):
                if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                    values.append(text.hasSuffix("\n") ? String(text.dropLast()) : text)
                }
            case .kubernetes, .command:
                // Reading a report runs nothing: these rely on the journal's redaction at write time.
                break
            }
        }
        return Redactor(secrets: values)
    }

    /// Phase id by step id.
    static func phases(_ runbook: Runbook?) -> [String: String] {
        var out: [String: String] = [:]
        for phase in runbook?.phases ?? [] { for step in phase.steps { out[step.id] = phase.id } }
        return out
    }
}
