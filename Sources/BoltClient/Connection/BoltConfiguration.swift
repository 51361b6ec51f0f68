/// Where and how to connect.
///
/// `neo4j://` (`neo4j+s://`, `neo4j+ssc://`) URLs ask for routing: ``routingContext`` holds the address and the
/// URL's query parameters, sent in HELLO and ROUTE. `bolt://` URLs connect directly.
public struct BoltConfiguration: Sendable, Hashable {
    /// Transport security.
    public enum TLS: Sendable, Hashable {
        /// Plain TCP (`bolt://`, `neo4j://`).
        case disabled
        /// TLS with certificate and host name verification (`bolt+s://`, `neo4j+s://`).
        case verified
        /// TLS accepting any certificate, e.g. self-signed (`bolt+ssc://`, `neo4j+ssc://`).
        case unverified
    }

    /// The host name or address.
    public var host: String
    /// The port (default 7687).
    public var port: Int
    /// Transport security.
    public var tls: TLS
    /// Authentication.
    public var auth: BoltAuth
    /// The `user_agent` sent in HELLO.
    public var userAgent: String
    /// How long establishing TCP (and TLS) may take.
    public var connectTimeout: Duration
    /// Server accommodations (see ``BoltServerQuirks``).
    public var serverQuirks: BoltServerQuirksMode
    /// How many records each PULL asks for.
    public var fetchSize: Int64
    /// The routing context (`address` and the URL's query parameters) for a `neo4j://` URL, else `nil`.
    public var routingContext: [String: String]?

    /// The routing context as sent in HELLO and ROUTE (keys sorted).
    var routingContextMap: BoltMap? {
        routingContext.map { context in
            BoltMap(context.sorted { $0.key < $1.key }.map { ($0.key, BoltValue.string($0.value)) })
        }
    }

    /// `host:port` as a routing table writes it.
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The same settings for another server (an address from a routing table), with the same routing context.
    public func server(at address: String) throws -> BoltConfiguration {
        var copy = self
        let (host, port) = try Self.hostAndPort(address[...])
        copy.host = host
        copy.port = port
        return copy
    }

    /// Creates a configuration.
    public init(
        host: String,
        port: Int = 7687,
        tls: TLS = .disabled,
        auth: BoltAuth = .none,
        userAgent: String = "runbook-bolt/0.1",
        connectTimeout: Duration = .seconds(10),
        serverQuirks: BoltServerQuirksMode = .automatic,
        fetchSize: Int64 = 1000
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.auth = auth
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
        self.serverQuirks = serverQuirks
        self.fetchSize = fetchSize
    }

    /// Parses `bolt://`, `bolt+s://`, `bolt+ssc://`, `neo4j://`, `neo4j+s://`, `neo4j+ssc://` URLs.
    ///
    /// User info in the URL (`bolt://user:pass@host`) becomes basic auth unless `auth` is given.
    /// - Throws: ``BoltError`` with code `configuration`; the message never repeats a password.
    public init(url: String, auth: BoltAuth? = nil) throws {
        let separator = url.utf8.indices.first { url.utf8[$0...].starts(with: "://".utf8) }
        guard let schemeStart = separator else {
            throw BoltError(.configuration, "not a Bolt URL (expected bolt://host:port)")
        }
        let scheme = url[..<schemeStart].lowercased()
        let tls: TLS
        switch scheme {
        case "bolt", "neo4j": tls = .disabled
        case "bolt+s", "neo4j+s": tls = .verified
        case "bolt+ssc", "neo4j+ssc": tls = .unverified
        default: throw BoltError(.configuration, "unsupported URL scheme '\(scheme)'")
        }
        var rest = url[url.utf8.index(schemeStart, offsetBy: 3)...]
        let connectTimeout = try Self.connectTimeout(inQueryOf: rest)
        let routingParameters = Self.queryParameters(of: rest).filter { $0.key != "connect_timeout" }
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        var urlAuth: BoltAuth?
        if let at = rest.lastIndex(of: "@") {
            let info = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let parts = info.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            urlAuth = .basic(user: String(parts[0]), password: parts.count > 1 ? String(parts[1]) : "")
        }
        let (host, port) = try Self.hostAndPort(rest)
        self.init(host: host, port: port, tls: tls, auth: auth ?? urlAuth ?? .none)
        if let connectTimeout { self.connectTimeout = connectTimeout }
        if scheme.hasPrefix("neo4j") {
            routingContext = routingParameters.merging(["address": address]) { _, address in address }
        }
    }

    /// `host`, `host:port`, `[v6]` or `[v6]:port` (port 7687 when absent).
    private static func hostAndPort(_ text: Substring) throws -> (String, Int) {
        var host = String(text)
        var port = 7687
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw BoltError(.configuration, "bad IPv6 host in URL") }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65_535).contains(p) else {
                    throw BoltError(.configuration, "bad port in URL")
                }
                port = p
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            guard let p = Int(host[host.index(after: colon)...]), (1...65_535).contains(p) else {
                throw BoltError(.configuration, "bad port in URL")
            }
            port = p
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { throw BoltError(.configuration, "no host in URL") }
        return (host, port)
    }

    /// The URL's query parameters (`?policy=eu&region=x`), undecoded.
    private static func queryParameters(of rest: Substring) -> [String: String] {
        guard let question = rest.firstIndex(of: "?") else { return [:] }
        let query = rest[rest.index(after: question)...].prefix { $0 != "#" }
        var out: [String: String] = [:]
        for item in query.split(separator: "&") {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            out[String(pair[0])] = pair.count == 2 ? String(pair[1]) : ""
        }
        return out
    }

    /// The `connect_timeout=SECONDS` query parameter (as libpq spells it), if the URL has one.
    ///
    /// Other query parameters are the routing context of a `neo4j://` URL (ignored for `bolt://`).
    private static func connectTimeout(inQueryOf rest: Substring) throws -> Duration? {
        guard let value = queryParameters(of: rest)["connect_timeout"] else { return nil }
        guard let seconds = Double(value), seconds > 0, seconds <= 3600 else {
            throw BoltError(.configuration, "connect_timeout in the URL must be a number of seconds (0 < s ≤ 3600)")
        }
        return .milliseconds(Int64(seconds * 1000))
    }
}
