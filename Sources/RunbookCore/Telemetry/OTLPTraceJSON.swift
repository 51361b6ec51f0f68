/// The OTLP/JSON encoding of spans: an `ExportTraceServiceRequest` as OTLP/HTTP sends it with
/// `Content-Type: application/json`.
///
/// Follows the protobuf JSON mapping with OTLP's rules: ids as hex strings, 64-bit integers and nanosecond times as
/// decimal strings, enums as integers, lowerCamelCase field names.
public enum OTLPTraceJSON {
    /// The instrumentation scope's name.
    public static let scopeName = "runbook"

    /// The request that carries `spans` from one resource (service) and scope.
    public static func request(_ spans: [TraceSpan], resource: [TraceAttribute], scopeVersion: String) -> Value {
        .map([
            (
                "resourceSpans",
                .list([
                    .map([
                        ("resource", .map([("attributes", attributes(resource))])),
                        (
                            "scopeSpans",
                            .list([
                                .map([
                                    (
                                        "scope",
                                        .map([("name", .string(scopeName)), ("version", .string(scopeVersion))])
                                    ),
                                    ("spans", .list(spans.map(span))),
                                ])
                            ])
                        ),
                    ])
                ])
            )
        ])
    }

    /// The request as compact JSON text.
    public static func text(_ spans: [TraceSpan], resource: [TraceAttribute], scopeVersion: String) -> String {
        JSONWriter.string(request(spans, resource: resource, scopeVersion: scopeVersion))
    }

    /// One `Span`.
    static func span(_ span: TraceSpan) -> Value {
        var pairs: [(key: String, value: Value)] = [
            ("traceId", .string(span.traceID)),
            ("spanId", .string(span.spanID)),
        ]
        if let parent = span.parentSpanID { pairs.append(("parentSpanId", .string(parent))) }
        pairs += [
            ("name", .string(span.name)),
            ("kind", .int(1)),  // SPAN_KIND_INTERNAL
            ("startTimeUnixNano", .string(String(span.startUnixNano))),
            ("endTimeUnixNano", .string(String(span.endUnixNano))),
            ("attributes", attributes(span.attributes)),
        ]
        if !span.events.isEmpty {
            pairs.append(
                (
                    "events",
                    .list(
                        span.events.map { event in
                            .map([
                                ("timeUnixNano", .string(String(event.timeUnixNano))),
                                ("name", .string(event.name)),
                                ("attributes", attributes(event.attributes)),
                            ])
                        }
                    )
                )
            )
        }
        if span.droppedEvents > 0 { pairs.append(("droppedEventsCount", .int(Int64(span.droppedEvents)))) }
        var status: [(key: String, value: Value)] = []
        if !span.statusMessage.isEmpty { status.append(("message", .string(span.statusMessage))) }
        status.append(("code", .int(Int64(span.status.rawValue))))
        pairs.append(("status", .map(status)))
        return .map(pairs)
    }

    /// A list of `KeyValue`.
    static func attributes(_ list: [TraceAttribute]) -> Value {
        .list(list.map { .map([("key", .string($0.key)), ("value", anyValue($0.value))]) })
    }

    /// An `AnyValue`: strings, booleans, integers (as decimal strings), doubles, lists; maps as their JSON text.
    static func anyValue(_ value: Value) -> Value {
        switch value {
        case .bool(let b): return .map([("boolValue", .bool(b))])
        case .int(let i): return .map([("intValue", .string(String(i)))])
        case .double(let d) where d.isFinite: return .map([("doubleValue", .double(d))])
        case .list(let items): return .map([("arrayValue", .map([("values", .list(items.map(anyValue)))]))])
        case .string(let s): return .map([("stringValue", .string(s))])
        default: return .map([("stringValue", .string(value.text))])
        }
    }
}
