import Foundation
import RunbookCore

/// Where and how a run's trace is exported, from the standard OpenTelemetry environment variables.
///
/// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is used as is; otherwise `OTEL_EXPORTER_OTLP_ENDPOINT` with `/v1/traces`
/// appended. Headers come from `OTEL_EXPORTER_OTLP_HEADERS` and `OTEL_EXPORTER_OTLP_TRACES_HEADERS` (`k=v,k2=v2`,
/// percent-decoded; the traces variable wins), the resource from `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES`.
/// `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` turn export off. `OTEL_EXPORTER_OTLP_COMPRESSION` /
/// `OTEL_EXPORTER_OTLP_TRACES_COMPRESSION` take `gzip` or `none`. What the tool cannot do is refused before the
/// run starts, never ignored: the `grpc` protocol, another compression.
public struct OTLPConfiguration: Sendable, Equatable {
    /// The URL spans are POSTed to.
    public var endpoint: URL
    /// Extra request headers, such as an API key; never printed.
    public var headers: [String: String]
    /// The resource attributes (`service.name` first).
    public var resource: [TraceAttribute]
    /// How long one export request may take.
    public var timeout: Duration
    /// The instrumentation scope's version (the tool's version).
    public var toolVersion: String
    /// `TRACESTATE` to hand to step processes with their `TRACEPARENT` (from this process's environment).
    public var traceState: String?
    /// Whether request bodies are sent gzip-compressed (`Content-Encoding: gzip`).
    public var gzip = false

    /// The configuration the environment asks for; nil when no endpoint is set or export is turned off; a
    /// `Failure` when it asks for something this tool cannot do.
    public static func from(_ environment: [String: String], toolVersion: String) throws(Failure) -> OTLPConfiguration?
    {
        func value(_ name: String) -> String? {
            guard let v = environment[name]?.trimmingCharacters(in: .whitespaces), !v.isEmpty else { return nil }
            return v
        }
        if value("OTEL_SDK_DISABLED")?.lowercased() == "true" { return nil }
        if let exporters = value("OTEL_TRACES_EXPORTER"), !exporters.lowercased().contains("otlp") { return nil }
        let url: String
        if let traces = value("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") {
            url = traces
        } else if let base = value("OTEL_EXPORTER_OTLP_ENDPOINT") {
            url = base.hasSuffix("/") ? base + "v1/traces" : base + "/v1/traces"
        } else {
            return nil
        }
        guard let endpoint = URL(string: url), endpoint.scheme == "http" || endpoint.scheme == "https",
            endpoint.host != nil
        else { throw Failure("OTLP endpoint \(url) is not an http:// or https:// URL") }
        let proto = value("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") ?? value("OTEL_EXPORTER_OTLP_PROTOCOL")
        if let proto, proto == "grpc" {
            throw Failure("OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: runbook exports OTLP/HTTP (JSON)")
        }
        var gzip = false
        for name in ["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION"] {
            guard let compression = value(name)?.lowercased() else { continue }
            // The first one set decides (the traces variable wins), as for every other setting.
            switch compression {
            case "gzip": gzip = true
            case "none": break
            default:
                throw Failure("\(name)=\(compression) is not supported: use gzip or none")
            }
            break
        }
        var headers = pairs(value("OTEL_EXPORTER_OTLP_HEADERS") ?? "")
        for (k, v) in pairs(value("OTEL_EXPORTER_OTLP_TRACES_HEADERS") ?? "") { headers[k] = v }
        var resource: [TraceAttribute] = []
        var attributes = pairs(value("OTEL_RESOURCE_ATTRIBUTES") ?? "", ordered: true)
        let service = value("OTEL_SERVICE_NAME") ?? attributes.first { $0.0 == "service.name" }?.1 ?? "runbook"
        attributes.removeAll { $0.0 == "service.name" }
        resource.append(TraceAttribute("service.name", .string(service)))
        if !attributes.contains(where: { $0.0 == "service.version" }) {
            resource.append(TraceAttribute("service.version", .string(toolVersion)))
        }
        for (k, v) in attributes { resource.append(TraceAttribute(k, .string(v))) }
        let ms =
            (value("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT") ?? value("OTEL_EXPORTER_OTLP_TIMEOUT")).flatMap { Int($0) }
            ?? 10_000
        return OTLPConfiguration(
            endpoint: endpoint,
            headers: headers,
            resource: resource,
            timeout: .milliseconds(max(ms, 1)),
            toolVersion: toolVersion,
            traceState: value("TRACESTATE"),
            gzip: gzip
        )
    }

    /// The resource of `runbook export --format otlp`: the environment's if it configures one, else `service.name`
    /// `runbook`.
    public static func exportResource(_ environment: [String: String], toolVersion: String) -> [TraceAttribute] {
        var env = environment
        env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = "http://localhost/"
        env["OTEL_SDK_DISABLED"] = nil
        env["OTEL_TRACES_EXPORTER"] = nil
        env["OTEL_EXPORTER_OTLP_PROTOCOL"] = nil
        env["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] = nil
        env["OTEL_EXPORTER_OTLP_COMPRESSION"] = nil
        env["OTEL_EXPORTER_OTLP_TRACES_COMPRESSION"] = nil
        let config = try? from(env, toolVersion: toolVersion)
        return config?.resource ?? [TraceAttribute("service.name", .string("runbook"))]
    }

    /// `k=v,k2=v2` as the OpenTelemetry environment variables write lists (values percent-decoded).
    static func pairs(_ text: String) -> [String: String] {
        Dictionary(pairs(text, ordered: true), uniquingKeysWith: { _, last in last })
    }

    static func pairs(_ text: String, ordered: Bool) -> [(String, String)] {
        text.split(separator: ",").compactMap { item in
            guard let eq = item.firstIndex(of: "=") else { return nil }
            let key = item[..<eq].trimmingCharacters(in: .whitespaces)
            let raw = item[item.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { return nil }
            return (key, raw.removingPercentEncoding ?? raw)
        }
    }

    /// A configuration the tool cannot honour.
    public struct Failure: Error, CustomStringConvertible {
        /// What is wrong.
        public var description: String

        init(_ description: String) { self.description = description }
    }
}
