import ArgumentParser
import Foundation
import RunbookEngine

/// `--metrics-push URL` and `--metrics-file PATH`, shared by the commands that drive runs.
struct TelemetryOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Push the run's metrics to this Prometheus Pushgateway when the run ends or stops (group job=runbook, runbook=ID).",
            valueName: "URL"
        )
    )
    var metricsPush: String?

    @Option(
        help: ArgumentHelp(
            "Write the run's metrics to this file (textfile-collector format, replaced atomically) when the run ends or stops.",
            valueName: "PATH"
        )
    )
    var metricsFile: String?

    /// The observers these options and the OpenTelemetry environment ask for; exits 2 on a bad URL or setting.
    func observers() throws -> [any RunObserver] {
        var push: URL?
        if let metricsPush {
            guard let url = URL(string: metricsPush), url.scheme == "http" || url.scheme == "https", url.host != nil
            else {
                FileHandleOutput.stderr("error: --metrics-push \(metricsPush): not an http:// or https:// URL\n")
                throw ExitCodes.invalidInput
            }
            push = url
        }
        do {
            return try TelemetryWiring.observers(metricsPush: push, metricsFile: metricsFile)
        } catch {
            FileHandleOutput.stderr("error: \(error.description)\n")
            throw ExitCodes.invalidInput
        }
    }
}
