import Foundation
import RunbookCore
import RunbookTestSupport
import Testing

@Suite struct ShellTemplateTests {
    static let hostileValues: [String] = [
        "'; touch X; '", "$(touch X)", "`touch X`", "\"", "\\", "a\nb", "*", "-rf", "", "héllo wörld 🚀",
        "$HOME", "a b  c", "'", "\"; touch X; \"", "${IFS}touch${IFS}X", "\\\"'$(touch X)'\"\\", "~", "!!",
        "\t", "x'\"$(touch X)\"'y", "}}", "${{ v }}", "-n", "%s%d", "a;touch X", "|| touch X", "\\n",
    ]

    /// A template placing `v` somewhere, and the word it must print (`[…]`: one word).
    static let placements: [(template: String, expected: @Sendable (String) -> String)] = [
        ("printf '[%s]' ${{ v }}", { "[\($0)]" }),
        ("printf '[%s]' \"${{ v }}\"", { "[\($0)]" }),
        ("printf '[%s]' '${{ v }}'", { "[\($0)]" }),
        ("printf '[%s]' prefix-${{ v }}-suffix", { "[prefix-\($0)-suffix]" }),
        ("printf '[%s]' \"a ${{ v }} b\"", { "[a \($0) b]" }),
        ("printf '[%s]' 'a ${{ v }} b'", { "[a \($0) b]" }),
        ("printf '[%s]' x\"${{ v }}\"'${{ v }}'${{ v }}", { "[x\($0)\($0)\($0)]" }),
        ("printf '[%s]' ${{ v }}${{ v }}", { "[\($0)\($0)]" }),
        ("printf '[%s]' \\${{ v }}", { "[\($0)]" }),
        ("printf '[%s]' $${{ v }}", { "[$\($0)]" }),
        ("printf '[%s]' \"$${{ v }}\"", { "[$\($0)]" }),
        ("printf '[%s]' $'tab\\t${{ v }}'", { "[tab\t\($0)]" }),
        ("printf '[%s]' \"$(printf '%s.' \"${{ v }}\")\"", { "[\($0).]" }),
        ("printf '[%s]' \"$(printf '%s.' ${{ v }})\"", { "[\($0).]" }),
        ("printf '[%s]' \"`printf '%s.' ${{ v }}`\"", { "[\($0).]" }),
        ("printf '[%s]' ${{ v }} # it's a \"comment ${{ v }}", { "[\($0)]" }),
        ("for w in ${{ v }}; do printf '[%s]' \"$w\"; done", { "[\($0)]" }),
        ("X=${{ v }}; printf '[%s]' \"$X\"", { "[\($0)]" }),
    ]

    static func context(_ v: String) -> EvaluationContext {
        EvaluationContext { $0 == ["v"] ? .string(v) : nil }
    }

    static func run(
        _ script: String,
        environment: [(name: String, value: String)],
        in directory: URL
    ) async throws -> (out: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-euo", "pipefail", "-c", script]
        var env = ["PATH": "/usr/bin:/bin", "HOME": "/home/nobody-runbook-test", "LC_ALL": "C.UTF-8"]
        for (name, value) in environment { env[name] = value }
        process.environment = env
        process.currentDirectoryURL = directory
        let result = try await process.runCollecting()
        return (result.stdoutText, result.status)
    }

    @Test func quoteIsPosixSingleQuoting() {
        #expect(ShellTemplate.quote("a'b") == "'a'\\''b'")
        #expect(ShellTemplate.quote("") == "''")
        #expect(ShellTemplate.quote("$(x) `y` \"z\"") == "'$(x) `y` \"z\"'")
    }

    @Test func quotedWordsRoundTripThroughBash() async throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for value in Self.hostileValues {
            let result = try await Self.run(
                "printf '[%s]' " + ShellTemplate.quote(value),
                environment: [],
                in: directory
            )
            #expect(result.out == "[\(value)]")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("X").path))
    }

    @Test func valuesAreEnvironmentVariablesNotScriptText() throws {
        let t = try Template.parse("echo ${{ v }} \"${{ v }}\" '${{ v }}' $'${{ v }}'", origin: loc(1, 1))
        let script = try ShellTemplate.render(t, in: Self.context("$(rm -rf /)"))
        #expect(script.script == #"echo "${RUNBOOK_V1}" "${RUNBOOK_V2}" ''"${RUNBOOK_V3}"'' $''"${RUNBOOK_V4}"$''"#)
        #expect(script.environment.map(\.name) == ["RUNBOOK_V1", "RUNBOOK_V2", "RUNBOOK_V3", "RUNBOOK_V4"])
        #expect(script.environment.allSatisfy { $0.value == "$(rm -rf /)" })
        let plain = try ShellTemplate.render(Template.literal("echo hi"), in: Self.context(""))
        #expect(plain == ShellScript(script: "echo hi", environment: []))
    }

    @Test func nulCannotBePassed() throws {
        let t = try Template.parse("echo ${{ v }}", origin: loc(2, 3))
        #expect(
            throws: ExpressionError(at: loc(2, 8), "value contains a NUL character, which cannot be passed to a shell")
        ) {
            try ShellTemplate.render(t, in: Self.context("a\u{0}b"))
        }
    }

    @Test func displayShowsQuotedWords() throws {
        func display(_ text: String, _ v: String) throws -> String {
            try ShellTemplate.display(try Template.parse(text, origin: loc(1, 1)), in: Self.context(v))
        }
        #expect(try display("echo ${{ v }}", "it's") == "echo 'it'\\''s'")
        #expect(try display("echo \"x ${{ v }}\"", "$HOME \"q\" `c` \\") == "echo \"x \\$HOME \\\"q\\\" \\`c\\` \\\\\"")
        #expect(try display("echo 'x ${{ v }}'", "a'b") == "echo 'x a'\\''b'")
        #expect(try display("echo $'x ${{ v }}'", "a'b\\") == "echo $'x a\\'b\\\\'")
    }

    @Test(arguments: 0..<placements.count)
    func hostileValuesStayOneWord(placement: Int) async throws {
        let (text, expected) = Self.placements[placement]
        let template = try Template.parse(text, origin: loc(1, 1))
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let reference = try ShellTemplate.render(template, in: Self.context("SAFE"))
        for value in Self.hostileValues {
            let rendered = try ShellTemplate.render(template, in: Self.context(value))
            #expect(rendered.script == reference.script, "script text depends on the value")
            let result = try await Self.run(rendered.script, environment: rendered.environment, in: directory)
            #expect(result.status == 0, "\(text) with \(value): exit \(result.status); script: \(rendered.script)")
            #expect(result.out == expected(value), "\(text) with \(value); script: \(rendered.script)")
            // The display form, run for real, yields the same word (it is only ever shown).
            let shown = try ShellTemplate.display(template, in: Self.context(value))
            let shownResult = try await Self.run(shown, environment: [], in: directory)
            #expect(shownResult.out == expected(value), "display of \(text) with \(value): \(shown)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("X").path))
    }

    static func makeDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "runbook-shell-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Present so that an unquoted `*` would visibly expand.
        try Data("x".utf8).write(to: directory.appendingPathComponent("existing-file"))
        return directory
    }
}
