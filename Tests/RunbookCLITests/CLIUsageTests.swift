import Foundation
import Testing

/// Usage errors and the guarantee that `validate` and `plan` never execute anything.
@Suite struct CLIUsageTests {
    static let paramsRunbook = """
        runbook: params-demo
        params:
          namespace: { default: staging }
          batch_size: { type: int, default: 1000 }
          mode: { default: dry, choices: [dry, live] }
        phases:
          - id: p1
            steps:
              - id: s1
                shell: echo "${{ params.namespace }} ${{ params.batch_size }}"

        """

    /// Writes `text` as `name` in a fresh directory.
    static func write(_ text: String, as name: String) throws -> URL {
        let directory = try RunbookBinary.temporaryDirectory(name)
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        return directory
    }

    @Test func validateAndPlanExecuteNothing() async throws {
        let directory = try Self.write(
            """
            runbook: marker
            phases:
              - id: p1
                steps:
                  - id: touch
                    shell: touch MARKER
                  - id: broken
                    sql: { on: nowhere, query: "SELECT 1" }

            """,
            as: "marker.yaml"
        )
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = "marker.yaml:8:20: error: unknown connection 'nowhere'; this runbook declares no connections"
        for arguments in [
            ["validate", "marker.yaml"], ["plan", "marker.yaml"], ["plan", "marker.yaml", "--format", "json"],
        ] {
            let outcome = try await RunbookBinary.run(arguments, in: directory)
            #expect(outcome.status == 2, "\(arguments)")
            #expect(outcome.stderrLines == [error], "\(arguments)")
            #expect(outcome.stdout.isEmpty, "\(arguments)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("MARKER").path))
    }

    @Test(arguments: [
        (
            ["-p", "namespce=x"],
            [
                "error: -p namespce: unknown parameter (did you mean 'namespace'?); parameters: namespace, batch_size, mode"
            ]
        ),
        (["-p", "batch_size=lots"], ["error: -p batch_size: parameter 'batch_size' expects an int, got 'lots'"]),
        (["-p", "batch_size"], ["error: -p 'batch_size': expected NAME=VALUE"]),
        (["--param", "=x"], ["error: -p '=x': expected NAME=VALUE"]),
        (["-p", "mode=wet"], ["error: -p mode: 'wet' is not one of: dry, live"]),
        (
            ["-p", "mode=live", "-p", "mode=dry", "-p", "batch_size=1.5"],
            ["error: -p mode: given twice", "error: -p batch_size: parameter 'batch_size' expects an int, got '1.5'"]
        ),
    ])
    func planRejectsBadParameters(_ params: [String], _ expected: [String]) async throws {
        let directory = try Self.write(Self.paramsRunbook, as: "params.yaml")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try await RunbookBinary.run(["plan", "params.yaml"] + params, in: directory)
        #expect(outcome.status == 2)
        #expect(outcome.stderrLines == expected)
        #expect(outcome.stdout.isEmpty)
    }

    @Test func planAcceptsGoodParameters() async throws {
        let directory = try Self.write(Self.paramsRunbook, as: "params.yaml")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try await RunbookBinary.run(
            ["plan", "params.yaml", "-p", "batch_size=50", "-p", "mode=live", "-p", "namespace=it's"],
            in: directory
        )
        #expect(outcome.status == 0)
        #expect(outcome.stderr.isEmpty)
        #expect(outcome.stdout.contains("  batch_size = 50  (command-line)\n"))
        #expect(outcome.stdout.contains("  mode = live  (command-line)\n"))
        // A value is shown quoted for where it lands in the script, never as shell syntax.
        #expect(outcome.stdout.contains("        │ echo \"it's 50\"\n"))
        let hostile = try await RunbookBinary.run(["plan", "params.yaml", "-p", "namespace=$(id)\"x"], in: directory)
        #expect(hostile.stdout.contains("        │ echo \"\\$(id)\\\"x 1000\"\n"))
    }

    @Test(arguments: [
        ["nosuchcommand"],
        ["plan", "x.yaml", "--format", "xml"],
        ["validate"],
        ["plan"],
        ["validate", "--no-such-flag", "x.yaml"],
    ])
    func usageErrorsExitWith2(_ arguments: [String]) async throws {
        let outcome = try await RunbookBinary.run(arguments)
        #expect(outcome.status == 2, "\(arguments): \(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("Error: "), "\(arguments): \(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
    }

    @Test func badFormatNamesTheValue() async throws {
        let outcome = try await RunbookBinary.run(["plan", "x.yaml", "--format", "xml"])
        #expect(
            outcome.stderrLines.first
                == "Error: The value 'xml' is invalid for '--format <format>'. "
                + "Please provide one of 'text', 'json', 'mermaid' or 'html'."
        )
    }

    @Test func validFileIsReportedOK() async throws {
        let directory = try Self.write(Self.paramsRunbook, as: "params.yaml")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try await RunbookBinary.run(["validate", "params.yaml"], in: directory)
        #expect(outcome.status == 0)
        #expect(outcome.stdout == "params.yaml: ok (params-demo: 1 phases, 1 steps, 0 rollbacks)\n")
        let quiet = try await RunbookBinary.run(["validate", "-q", "params.yaml"], in: directory)
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty)
    }
}
