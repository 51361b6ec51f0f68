/// Where and how to connect.
///
/// `neo4j://` URLs connect directly to the given host: routing tables (ROUTE) are out of scope.
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
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        var urlAuth: BoltAuth?
        if let at = rest.lastIndex(of: "@") {
            let info = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let parts = info.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            urlAuth = .basic(user: String(parts[0]), password: parts.count > 1 ? String(parts[1]) : "")
        }
        var host = String(rest)
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
        self.init(host: host, port: port, tls: tls, auth: auth ?? urlAuth ?? .none)
        if let connectTimeout { self.connectTimeout = connectTimeout }
    }

    /// The `connect_timeout=SECONDS` query parameter (as libpq spells it), if the URL has one.
    ///
    /// Other query parameters (Neo4j routing context) are accepted and ignored.
    private static func connectTimeout(inQueryOf rest: Substring) throws -> Duration? {
        guard let question = rest.firstIndex(of: "?") else { return nil }
        let query = rest[rest.index(after: question)...].prefix { $0 != "#" }
        for item in query.split(separator: "&") {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair[0] == "connect_timeout" else { continue }
            guard pair.count == 2, let seconds = Double(pair[1]), seconds > 0, seconds <= 3600 else {
                throw BoltError(.configuration, "connect_timeout in the URL must be a number of seconds (0 < s ≤ 3600)")
            }
            return .milliseconds(Int64(seconds * 1000))
        }
        return nil
    }
}
