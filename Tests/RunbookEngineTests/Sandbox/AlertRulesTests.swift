import Foundation
import Testing

/// The Neo4j migration's alert rules (`runbooks/alerts/neo4j-migration.rules.yml`) through Prometheus's own
/// `promtool`: they are valid, they fire on the series they are about (after their `for:`) and not on healthy
/// ones, and the PrometheusRule the runbook applies carries exactly these groups.
@Suite(.enabled(if: RepositoryTool(name: "promtool").available, "needs promtool (Debian's prometheus package)"))
struct AlertRulesTests {
    static let rules = "runbooks/alerts/neo4j-migration.rules.yml"
    let promtool = RepositoryTool(name: "promtool")

    @Test func promtoolChecksTheRuleFile() async throws {
        let out = try await promtool.run(["check", "rules", Self.rules])
        #expect(out.status == 0, "\(out.stdoutText)\(out.stderrText)")
        #expect(out.stdoutText.contains("SUCCESS: 3 rules found"), "\(out.stdoutText)")
    }

    @Test func promtoolUnitTestShowsEachAlertFiringOnItsSeries() async throws {
        let out = try await promtool.run(["test", "rules", "runbooks/alerts/neo4j-migration.rules.test.yml"])
        #expect(out.status == 0, "\(out.stdoutText)\(out.stderrText)")
        #expect(out.stdoutText.contains("SUCCESS"), "\(out.stdoutText)")
        #expect(!out.stdoutText.contains("FAILED"), "\(out.stdoutText)")
    }

    /// The PrometheusRule's spec and the rule file, both parsed by PyYAML: equal, so the alerts the runbook applies
    /// are the ones promtool tested.
    @Test func prometheusRuleAssetCarriesTheRuleFilesGroups() async throws {
        let compare = """
            import sys, yaml
            rule = yaml.safe_load(open(sys.argv[1]))
            assert rule["kind"] == "PrometheusRule", rule["kind"]
            sys.exit(0 if rule["spec"] == yaml.safe_load(open(sys.argv[2])) else 1)
            """
        let out = try await RepositoryTool(name: "python3").run(
            ["-c", compare, "runbooks/assets/prometheus-alerts.yaml", Self.rules]
        )
        #expect(out.status == 0, "the PrometheusRule's spec differs from \(Self.rules): \(out.stderrText)")
    }
}
