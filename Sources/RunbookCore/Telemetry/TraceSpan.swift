/// One span of a run's trace, as OTLP describes spans: ids, name, times, attributes, events, status.
public struct TraceSpan: Sendable, Hashable {
    /// The span's status (OTLP `Status.code`).
    public enum Status: Int, Sendable, Hashable {
        /// Nothing said (`STATUS_CODE_UNSET`).
        case unset = 0
        /// It went well (`STATUS_CODE_OK`).
        case ok = 1
        /// It failed (`STATUS_CODE_ERROR`).
        case error = 2
    }

    /// Something that happened at an instant during the span (OTLP `Span.Event`).
    public struct Event: Sendable, Hashable {
        /// The event's name (the journal event type).
        public var name: String
        /// When, in nanoseconds since the Unix epoch.
        public var timeUnixNano: Int64
        /// Its attributes, in order.
        public var attributes: [TraceAttribute]

        /// Creates an event.
        public init(name: String, timeUnixNano: Int64, attributes: [TraceAttribute] = []) {
            self.name = name
            self.timeUnixNano = timeUnixNano
            self.attributes = attributes
        }
    }

    /// The run's trace id (32 hex digits).
    public var traceID: String
    /// This span's id (16 hex digits).
    public var spanID: String
    /// The parent span's id; nil for the root (the run).
    public var parentSpanID: String?
    /// A name that says what the span is (`run migration`, `step backfill`).
    public var name: String
    /// Start, in nanoseconds since the Unix epoch.
    public var startUnixNano: Int64
    /// End, in nanoseconds since the Unix epoch (never before the start).
    public var endUnixNano: Int64
    /// Attributes, in order.
    public var attributes: [TraceAttribute] = []
    /// Events during the span, in journal order.
    public var events: [Event] = []
    /// Events left out because the span had `TraceBuilder.maxEventsPerSpan` already.
    public var droppedEvents = 0
    /// Whether it failed.
    public var status = Status.unset
    /// Why it failed (empty unless `status` is `.error`).
    public var statusMessage = ""

    /// Creates a span.
    public init(
        traceID: String,
        spanID: String,
        parentSpanID: String?,
        name: String,
        startUnixNano: Int64,
        endUnixNano: Int64
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.name = name
        self.startUnixNano = startUnixNano
        self.endUnixNano = endUnixNano
    }

    /// Sets an attribute (replacing one of the same key).
    public mutating func set(_ key: String, _ value: Value) {
        if let i = attributes.firstIndex(where: { $0.key == key }) {
            attributes[i].value = value
        } else {
            attributes.append(TraceAttribute(key, value))
        }
    }

    /// The value of an attribute.
    public func attribute(_ key: String) -> Value? { attributes.first { $0.key == key }?.value }
}

/// A key and its value on a span, a span event or the resource.
public struct TraceAttribute: Sendable, Hashable {
    /// The key (`db.system`, `runbook.step.id`).
    public var key: String
    /// The value: a string, integer, double, boolean or a list of them.
    public var value: Value

    /// Creates an attribute.
    public init(_ key: String, _ value: Value) {
        self.key = key
        self.value = value
    }
}
