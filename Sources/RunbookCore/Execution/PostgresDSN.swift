/// Password-free descriptions of PostgreSQL connection strings, for plans, status output and messages.
///
/// This is not a libpq parser: the connector hands DSNs to libpq untouched. It only extracts enough to name the
/// target (`postgresql://user@host:port/db`) and errs towards showing less: anything it cannot read is left out.
public enum PostgresDSN {
    /// Option names whose values are never shown.
    public static let secretKeys: Set<String> = ["password", "sslpassword", "sslkey"]

    /// The DSN (URI or `key=value` conninfo) with its password removed.
    ///
    /// - Parameter dsn: A libpq connection URI or conninfo string.
    /// - Returns: A description safe to print: never contains a password.
    public static func describe(_ dsn: String) -> String {
        let trimmed = dsn.trimmingSpaces()
        if trimmed.isEmpty { return "postgresql:// (libpq defaults)" }
        for scheme in ["postgresql://", "postgres://"] where trimmed.hasPrefix(scheme) {
            return describeURI(String(trimmed.dropFirst(scheme.count)), scheme: scheme)
        }
        if !trimmed.contains("=") { return "dbname=" + quoted(trimmed) }
        guard let pairs = conninfoPairs(trimmed) else { return "(unreadable connection string)" }
        return
            pairs
            .filter { !secretKeys.contains($0.key) }
            .map { "\($0.key)=\(quoted($0.value))" }
            .joined(separator: " ")
    }

    // MARK: - URI

    private static func describeURI(_ rest: String, scheme: String) -> String {
        var authorityEnd = rest.endIndex
        if let stop = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) { authorityEnd = stop }
        var authority = rest[rest.startIndex..<authorityEnd]
        let tail = rest[authorityEnd...]
        var user = ""
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[authority.startIndex..<at]
            user = String(userinfo.prefix { $0 != ":" })
            authority = authority[authority.index(after: at)...]
        }
        var path = tail
        var query = ""
        if let q = tail.firstIndex(of: "?") {
            path = tail[tail.startIndex..<q]
            query = String(tail[tail.index(after: q)...])
        }
        let keptQuery = query.split(separator: "&").filter { item in
            let key = item.prefix { $0 != "=" }
            return !secretKeys.contains(String(key))
        }
        var out = scheme + (user.isEmpty ? "" : user + "@") + authority + path
        if !keptQuery.isEmpty { out += "?" + keptQuery.joined(separator: "&") }
        return out
    }

    // MARK: - key=value

    /// Splits `key = value` pairs, or returns nil when malformed.
    ///
    /// Values may be single-quoted with backslash escapes.
    private static func conninfoPairs(_ text: String) -> [(key: String, value: String)]? {
        var pairs: [(key: String, value: String)] = []
        var chars = Substring(text)
        func skipSpaces() { chars = chars.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" } }
        while true {
            skipSpaces()
            if chars.isEmpty { return pairs }
            let key = chars.prefix { $0 != "=" && $0 != " " && $0 != "\t" }
            chars = chars.dropFirst(key.count)
            skipSpaces()
            guard !key.isEmpty, chars.first == "=" else { return nil }
            chars = chars.dropFirst()
            skipSpaces()
            var value = ""
            if chars.first == "'" {
                chars = chars.dropFirst()
                var closed = false
                while let c = chars.first {
                    chars = chars.dropFirst()
                    if c == "\\", let next = chars.first {
                        value.append(next)
                        chars = chars.dropFirst()
                    } else if c == "'" {
                        closed = true
                        break
                    } else {
                        value.append(c)
                    }
                }
                guard closed else { return nil }
            } else {
                while let c = chars.first, c != " ", c != "\t", c != "\n", c != "\r" {
                    chars = chars.dropFirst()
                    if c == "\\", let next = chars.first {
                        value.append(next)
                        chars = chars.dropFirst()
                    } else {
                        value.append(c)
                    }
                }
            }
            pairs.append((String(key), value))
        }
    }

    private static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && !value.contains { $0 == " " || $0 == "'" || $0 == "\\" }
        if plain { return value }
        var out = "'"
        for c in value {
            if c == "'" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out + "'"
    }
}
