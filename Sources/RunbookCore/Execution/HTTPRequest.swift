/// A rendered HTTP request.
public struct HTTPRequest: Sendable, Equatable {
    /// The method, upper-case.
    public var method: String
    /// The absolute `http` or `https` URL.
    public var url: String
    /// Header fields in the runbook's order.
    public var headers: [HTTPHeader]
    /// The body, nil for none.
    public var body: [UInt8]?
    /// Give up when no response came within this long.
    public var timeout: Duration

    /// Creates a request.
    public init(method: String, url: String, headers: [HTTPHeader] = [], body: [UInt8]? = nil, timeout: Duration) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
