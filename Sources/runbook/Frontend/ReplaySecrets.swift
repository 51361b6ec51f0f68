import Foundation
import RunbookCore
import RunbookEngine

/// Secret values `replay` can know: the pinned runbook's declared secrets that are readable here.
///
/// The journal is redacted when written; this is a second line of defence for reports. Secrets that
/// cannot be read (variable unset, file missing) are skipped silently.
enum ReplaySecrets {
    /// A redactor for the secrets of the runbook pinned next to `journalPath` (`runbook.yaml`), if any.
    static func redactor(journalPath: String, environment: [String: String]) -> Redactor {
        let copy = (journalPath as NSString).deletingLastPathComponent + "/runbook.yaml"
        guard let data = FileManager.default.contents(atPath: copy),
            let runbook = RunbookLoader.load(bytes: [UInt8](data)).runbook
        else { return Redactor(secrets: []) }
        var values: [String] = []
        for secret in runbook.secrets {
            switch secret.source {
            case .env(let name):
                if let v = environment[name] { values.append(v) }
            case .file(let path):
                if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                    values.append(text.hasSuffix("\n") ? String(text.dropLast()) : text)
                }
            }
        }
        return Redactor(secrets: values)
    }
}
