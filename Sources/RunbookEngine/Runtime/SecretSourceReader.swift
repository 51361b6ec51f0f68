import Foundation
import RunbookCore

/// Reads one secret from its declared source.
///
/// `kubernetes:` runs `kubectl get secret NAME -o json` in the runbook's context and namespace and
/// base64-decodes `.data[KEY]`; `command:` runs the argument vector (through `exec`, each argument one word,
/// never parsed by a shell) and takes its standard output. Both get `timeout`; a failure names the source
/// and shows the command's standard error, never its standard output.
struct SecretSourceReader: Sendable {
    /// Why a source gave no value.
    struct Problem: Error {
        var message: String
    }

    let runbook: Runbook
    let environment: [String: String]
    let params: [String: Value]
    let processes: any ProcessExecutor
    /// How long one source may take.
    var timeout: Duration = .seconds(120)

    func read(_ source: SecretDecl.Source) async throws(Problem) -> String {
        switch source {
        case .env(let name):
            guard let v = environment[name] else { throw Problem(message: "environment variable \(name) is not set") }
            return v
        case .file(let path):
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw Problem(message: "cannot read file \(path)")
            }
            return Self.dropNewline(text)
        case .kubernetes(let secret, let key):
            return try await readKubernetes(secret: secret, key: key)
        case .command(let argv):
            let script = ShellScript(
                script: "exec " + argv.indices.map { "\"${RUNBOOK_ARG\($0)}\"" }.joined(separator: " "),
                environment: argv.enumerated().map { (name: "RUNBOOK_ARG\($0.offset)", value: $0.element) }
            )
            let what = "command \(argv.map(ShellQuote.word).joined(separator: " "))"
            let out = try await run(.shell(script: script, environment: [:], cwd: nil), what: what)
            return Self.dropNewline(out)
        }
    }

    func readKubernetes(secret: String, key: String) async throws(Problem) -> String {
        let context = try render(runbook.kubernetes?.context)
        let namespace = try render(runbook.kubernetes?.namespace)
        var what = "kubectl get secret \(secret)"
        if let context { what += " --context \(context)" }
        if let namespace { what += " --namespace \(namespace)" }
        let out = try await run(
            .kubectl(arguments: ["get", "secret", secret, "-o", "json"], context: context, namespace: namespace),
            what: what
        )
        guard let json = try? JSONParser.parse(out) else { throw Problem(message: "\(what) did not print JSON") }
        guard case .map(let pairs)? = json["data"] else { throw Problem(message: "\(what): the secret has no data") }
        guard let encoded = pairs.first(where: { $0.key == key })?.value else {
            let keys = pairs.map(\.key).sorted()
            throw Problem(
                message:
                    "\(what): no key '\(key)'\(Suggestion.hint(for: key, in: keys)) (keys: \(keys.joined(separator: ", ")))"
            )
        }
        guard case .string(let text) = encoded, let data = Data(base64Encoded: text),
            let value = String(data: data, encoding: .utf8)
        else { throw Problem(message: "\(what): key '\(key)' is not base64-encoded UTF-8") }
        return value
    }

    func render(_ template: Template?) throws(Problem) -> String? {
        guard let template else { return nil }
        let params = self.params
        let environment = self.environment
        let context = EvaluationContext { path in
            guard path.count == 2 else { return nil }
            switch path[0] {
            case "params": return params[path[1]]
            case "env": return environment[path[1]].map(Value.string)
            default: return nil
            }
        }
        do {
            return try template.render(in: context).text
        } catch {
            throw Problem(message: "cannot render the kubernetes context or namespace: \(error.message)")
        }
    }

    func run(_ process: ResolvedProcess, what: String) async throws(Problem) -> String {
        let outcome: ProcessOutcome
        do {
            outcome = try await processes.run(process, timeout: timeout) { _ in }
        } catch let error as ExecutorError {
            throw Problem(message: "\(what) could not start: \(error.message)")
        } catch {
            throw Problem(message: "\(what) was cancelled")
        }
        if outcome.timedOut { throw Problem(message: "\(what) timed out after \(timeout)") }
        guard outcome.exitCode == 0 else {
            let stderr = outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            throw Problem(
                message: "\(what) failed with exit code \(outcome.exitCode)"
                    + (stderr.isEmpty ? "" : ": \(stderr.suffix(500))")
            )
        }
        return outcome.stdout
    }

    static func dropNewline(_ text: String) -> String {
        if text.hasSuffix("\r\n") { return String(text.dropLast(2)) }
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
