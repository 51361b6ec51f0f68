import Foundation
import Testing

/// `runbook plan --format html`: every step drawn and detailed, nothing unescaped, no secret.
@Suite struct PlanHTMLTests {
    static func stepIDs(_ plan: [String: Any]) -> [String] {
        var ids: [String] = []
        for key in ["guards"] { ids += ((plan[key] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String } }
        for group in ["phases", "rollbacks"] {
            for entry in (plan[group] as? [[String: Any]]) ?? [] {
                ids += ((entry["steps"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
            }
        }
        return ids
    }

    @Test func migrationPlanHTMLHasEveryStep() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let file = root.appendingPathComponent("runbooks/migration.yaml").path
        let html = try await RunbookBinary.run(["plan", file, "--format", "html"])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        let json = try await RunbookBinary.run(["plan", file, "--format", "json"])
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let ids = Self.stepIDs(plan)
        #expect(ids.count > 40)
        for id in ids {
            #expect(html.stdout.contains("id=\"step-\(id)\""), "no details for \(id)")
            #expect(html.stdout.contains("<a href=\"#step-\(id)\">"), "no flow node for \(id)")
        }
    }

    @Test func fixturePlanHTMLHasNoSecret() async throws {
        let html = try await RunbookBinary.run(
            ["plan", "fixture.yaml", "-p", "sample_user=u-42", "--format", "html"],
            in: RunbookBinary.fixtures.appendingPathComponent("plan"),
            environment: PlanSnapshotTests.environment
        )
        #expect(html.status == 0, "\(html.stderr)")
        #expect(!html.stdout.contains(PlanSnapshotTests.secretValue))
        #expect(html.stdout.contains("enable-dual-write"))
        #expect(html.stdout.contains("class=\"fl-fail\""))
    }
}
