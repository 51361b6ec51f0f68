import Foundation
import Testing

/// `runbook plan` on a fixture that uses every part of the format, compared with golden files.
@Suite struct PlanSnapshotTests {
    static let directory = RunbookBinary.fixtures.appendingPathComponent("plan")
    static let secretValue = "s3cr3t-Graph-Pa55"
    static let environment = ["GRAPH_PASSWORD": secretValue, "API_TOKEN": secretValue]

    static func plan(_ format: String) async throws -> RunbookBinary.Outcome {
        try await RunbookBinary.run(
            ["plan", "fixture.yaml", "-p", "sample_user=u-42", "--format", format],
            in: directory,
            environment: environment
        )
    }

    @Test(arguments: [("text", "plan.txt"), ("json", "plan.json"), ("mermaid", "plan.mmd")])
    func planMatchesSnapshot(_ format: String, _ snapshot: String) async throws {
        let outcome = try await Self.plan(format)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        #expect(!outcome.stdout.contains(Self.secretValue))
        #expect(!outcome.stderr.contains(Self.secretValue))
        try Snapshot.assert(outcome.stdout, matches: snapshot)
    }

    @Test func jsonPlanParsesAndDescribesTheRunbook() async throws {
        let outcome = try await Self.plan("json")
        let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))
        let plan = try #require(object as? [String: Any])
        #expect(plan["format"] as? String == "runbook-plan/1")
        #expect(plan["runbook"] as? String == "plan-fixture")
        let phases = try #require(plan["phases"] as? [[String: Any]])
        #expect(phases.compactMap { $0["id"] as? String } == ["preflight", "backfill", "cutover"])
        let steps = phases.flatMap { ($0["steps"] as? [[String: Any]]) ?? [] }
        #expect(steps.count == 11)
        let gate = try #require(steps.first { $0["id"] as? String == "enable-dual-write" })
        let gateInfo = try #require(gate["gate"] as? [String: Any])
        #expect(gateInfo["confirm"] as? String == "nova-staging")
        #expect(gateInfo["approvers"] as? Int == 2)
        let smoke = try #require(steps.first { $0["id"] as? String == "smoke" })
        #expect((smoke["command"] as? [String])?.contains("Authorization: Bearer ***") == true)
        let rollbacks = try #require(plan["rollbacks"] as? [[String: Any]])
        #expect(rollbacks.map { $0["after"] as? String } == ["resume:backfill-users (max 2)", "abort", "abort"])
        #expect(rollbacks.map { $0["manual"] as? Bool } == [false, false, true])
    }

    /// No Mermaid renderer is installable here, so check the flowchart's structure statement by statement.
    @Test func mermaidPlanIsWellFormed() async throws {
        let lines = try await Self.plan("mermaid").stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "flowchart TD")
        let id = #"[A-Za-z0-9_]+"#
        let label = #""[^"]*""#
        let shapes = [
            #"^\#(id)\[\#(label)\]$"#, #"^\#(id)\{\{\#(label)\}\}$"#, #"^\#(id)\(\[\#(label)\]\)$"#,
            #"^done\(\[done\]\)$"#,
        ]
        var defined: Set<String> = []
        var referenced: [String] = []
        var depth = 0
        for raw in lines.dropFirst() {
            #expect(raw.hasPrefix("    "), "not indented: \(raw)")
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let m = line.wholeMatch(of: try Regex(#"subgraph (\#(id))\[\#(label)\]"#)) {
                depth += 1
                defined.insert(String(m.output[1].substring ?? ""))
            } else if line == "end" {
                depth -= 1
                #expect(depth >= 0, "unbalanced end")
            } else if let m = line.wholeMatch(of: try Regex(#"(\#(id)) (-->|-\. fails \.->|-\. resume \.->) (\#(id))"#))
            {
                referenced += [String(m.output[1].substring ?? ""), String(m.output[3].substring ?? "")]
            } else if let m = line.wholeMatch(of: try Regex(#"(\#(id))>manual\] -\.-> (\#(id))"#)) {
                defined.insert(String(m.output[1].substring ?? ""))
                referenced.append(String(m.output[2].substring ?? ""))
            } else if line.hasPrefix("classDef ") {
                #expect(
                    line.wholeMatch(of: try Regex(#"classDef [a-z]+ fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6}"#)) != nil
                )
            } else if line.hasPrefix("class ") {
                let m = try #require(
                    line.wholeMatch(of: try Regex(#"class ((?:\#(id),)*\#(id)) (gate|mutating|readonly)"#))
                )
                referenced += (m.output[1].substring ?? "").split(separator: ",").map(String.init)
            } else {
                let shape = try shapes.first { line.wholeMatch(of: try Regex($0)) != nil }
                #expect(shape != nil, "not a Mermaid statement this renderer emits: \(line)")
                if let name = line.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" }).nilIfEmpty {
                    #expect(!defined.contains(String(name)), "node defined twice: \(name)")
                    defined.insert(String(name))
                }
            }
        }
        #expect(depth == 0)
        for name in referenced { #expect(defined.contains(name), "edge to undefined node \(name)") }
        #expect(defined.contains("n_enable_dual_write"))
    }
}

extension Substring {
    fileprivate var nilIfEmpty: Substring? { isEmpty ? nil : self }
}
