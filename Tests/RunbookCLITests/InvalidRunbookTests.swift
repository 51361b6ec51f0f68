import Foundation
import Testing

/// Runs `runbook validate` on every malformed runbook in `Fixtures/invalid` and checks its exact diagnostics.
///
/// Each fixture states what it expects in `# expect: LINE:COL: severity: message` comment lines (whole messages,
/// one line per diagnostic, in output order). A file that cannot hold a comment (the empty one) keeps its
/// expectations in a `FILE.expect` sidecar.
@Suite struct InvalidRunbookTests {
    static let directory = RunbookBinary.fixtures.appendingPathComponent("invalid")

    static let corpus: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    /// The `# expect:` lines of a fixture (or of its sidecar), without the marker.
    static func expectations(of name: String) throws -> [String] {
        func lines(_ url: URL) throws -> [String] {
            let data = try Data(contentsOf: url)
            return data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).compactMap { line in
                let text = String(decoding: line, as: UTF8.self)
                return text.hasPrefix("# expect: ") ? String(text.dropFirst("# expect: ".count)) : nil
            }
        }
        let own = try lines(directory.appendingPathComponent(name))
        if !own.isEmpty { return own }
        let sidecar = directory.appendingPathComponent(name + ".expect")
        return FileManager.default.fileExists(atPath: sidecar.path) ? try lines(sidecar) : []
    }

    @Test func corpusIsLargeEnough() {
        #expect(Self.corpus.count >= 35)
    }

    @Test(arguments: corpus)
    func validateReportsExactlyTheExpectedDiagnostics(_ name: String) async throws {
        let expected = try Self.expectations(of: name)
        try #require(!expected.isEmpty, "\(name) has no '# expect:' lines")
        let outcome = try await RunbookBinary.run(["validate", name], in: Self.directory, limit: 60)
        #expect(outcome.status == 2, "\(name): exit status")
        #expect(outcome.stderrLines == expected.map { "\(name):\($0)" })
        #expect(outcome.stdout.isEmpty)
    }

    /// 20,000 levels of flow nesting, generated here rather than committed.
    @Test(arguments: ["flow-sequences", "flow-mappings"])
    func deepNestingIsRefusedQuickly(_ name: String) async throws {
        let nested =
            name == "flow-sequences"
            ? String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
            : String(repeating: "{a: ", count: 20_000) + "1" + String(repeating: "}", count: 20_000)
        let directory = try RunbookBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = "\(name).yaml"
        try Data("runbook: deep\nphases: \(nested)\n".utf8).write(to: directory.appendingPathComponent(file))
        let outcome = try await RunbookBinary.run(["validate", file], in: directory, limit: 60)
        #expect(outcome.status == 2)
        let column = name == "flow-sequences" ? 10 : 4001
        #expect(
            outcome.stderrLines == [
                "\(file):2:\(column): error: invalid YAML: nesting is deeper than 1000 levels (while parsing at 2:\(column))"
            ]
        )
    }

    @Test func severalFilesReportEachWithItsOwnPrefix() async throws {
        let outcome = try await RunbookBinary.run(
            ["validate", "version-2.yaml", "runbook-id-capitals.yaml"],
            in: Self.directory
        )
        #expect(outcome.status == 2)
        let expected =
            try Self.expectations(of: "version-2.yaml").map { "version-2.yaml:\($0)" }
            + Self.expectations(of: "runbook-id-capitals.yaml").map { "runbook-id-capitals.yaml:\($0)" }
        #expect(outcome.stderrLines == expected)
    }

    @Test func missingFileIsAnError() async throws {
        let outcome = try await RunbookBinary.run(["validate", "no-such-file.yaml"], in: Self.directory)
        #expect(outcome.status == 2)
        #expect(outcome.stderrLines == ["no-such-file.yaml: error: cannot read: No such file or directory"])
    }
}
