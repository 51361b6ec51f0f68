import Foundation
import RunbookCore

/// A `--state postgres://…` value: the libpq URI, the optional `schema` parameter, and a password-free form for
/// messages.
///
/// `schema=NAME` (a parameter of this tool, not of libpq) puts the tables in that schema (created if missing), so
/// several teams or tests can share one database; libpq's own `options=-csearch_path=…` works too.
public struct PostgresLocation: Sendable {
    /// The URI handed to libpq (without `schema`).
    public var conninfo: String
    /// The schema to use, if given.
    public var schema: String?
    /// The URI without its password (`PostgresDSN.describe`), for messages.
    public var display: String

    /// Parses a location.
    public init(_ url: String) {
        var base = url
        var query: [String] = []
        if let q = url.firstIndex(of: "?") {
            base = String(url[..<q])
            query = url[url.index(after: q)...].split(separator: "&").map(String.init)
        }
        var schema: String?
        var kept: [String] = []
        for item in query {
            if item.hasPrefix("schema=") {
                schema = String(item.dropFirst("schema=".count)).removingPercentEncoding
            } else {
                kept.append(item)
            }
        }
        self.schema = schema?.isEmpty == true ? nil : schema
        conninfo = kept.isEmpty ? base : base + "?" + kept.joined(separator: "&")
        display = PostgresDSN.describe(url)
    }
}
