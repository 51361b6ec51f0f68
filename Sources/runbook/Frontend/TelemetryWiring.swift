import Foundation
import RunbookCore
import RunbookEngine

/// The trace and metrics observers of a run: OTLP export when the OpenTelemetry environment names an endpoint,
/// metrics when `--metrics-push` or `--metrics-file` asks for them.
enum TelemetryWiring {
    /// Both, as configured; problems while the run goes on are printed to standard error as warnings.
    static func observers(
        metricsPush: URL?,
        metricsFile: String?
    ) throws(OTLPConfiguration.Failure)
        -> [any RunObserver]
    {
        let warn: @Sendable (String) -> Void = { FileHandleOutput.stderr("warning: \($0)\n") }
        var observers: [any RunObserver] = []
        if let config = try OTLPConfiguration.from(Environment.variables, toolVersion: RunbookVersion.string) {
            observers.append(OTLPTraceObserver(config: config, report: warn))
        }
        if metricsPush != nil || metricsFile != nil {
            observers.append(MetricsObserver(pushURL: metricsPush, file: metricsFile, report: warn))
        }
        return observers
    }
}
