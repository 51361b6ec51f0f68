import Foundation
import RunbookCore
import ShellConnector
import Testing

/// Hostile values rendered by ShellTemplate run as data, never as shell syntax.
@Suite struct ShellInjectionTests {
    static let hostileValues: [String] = [
        "'; touch X; '", "$(touch X)", "`touch X`", "a\ntouch X", "\"; touch X; \"", "x'\"$(touch X)\"'y",
        "${IFS}touch${IFS}X", "|| touch X", "a;touch X", "\\\"'$(touch X)'\"\\", "-n", "*", "",
        "héllo wörld 🚀", "$HOME",
    ]
    static let templates = [
        "printf '[%s]' ${{ v }}",
        "printf '[%s]' \"${{ v }}\"",
        "printf '[%s]' '${{ v }}'",
        "printf '[%s]' \"$(printf '%s' ${{ v }})\"",
    ]

    @Test(arguments: templates)
    func hostileValuesArePrintedLiterally(template: String) async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for value in Self.hostileValues {
            let script = try TestSupport.render(template, v: value)
            #expect(!script.script.contains("touch"))
            let result = try await ProcessRunner().run(.shell(script, cwd: directory.path))
            #expect(result.exitCode == 0, "\(value.debugDescription)")
            #expect(result.stdout == "[\(value)]", "\(value.debugDescription)")
            let created = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(created.isEmpty, "\(value.debugDescription) created \(created)")
        }
    }
}
