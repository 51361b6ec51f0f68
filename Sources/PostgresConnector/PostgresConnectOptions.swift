import PostgresLibPQ
import RunbookCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The keyword/value arrays passed to `PQconnectdbParams`, built around the DSN without rewriting it.
///
/// The DSN goes in as `dbname` with `expand_dbname = 1`, so libpq parses it exactly as `psql` would (URIs,
/// conninfo, `service=`, PG* environment variables, `.pgpass`, every `sslmode`). Around it:
/// `connect_timeout=10` first (so the DSN can override it), added only when neither the DSN,
/// `PGCONNECT_TIMEOUT` nor a service (`service=` or `PGSERVICE`) could set it; after it, `client_encoding=UTF8`
/// (results are decoded as UTF-8), `fallback_application_name=runbook`, and, when the step's remaining time is
/// shorter than the connect timeout that would apply, `connect_timeout` cut down to it (libpq's minimum is 2 s).
struct PostgresConnectOptions {
    static let defaultConnectTimeoutSeconds = 10

    var keywords: [String] = []
    var values: [String] = []
    /// The password the DSN carries, used only to scrub it out of libpq's messages.
    var password: String?

    /// Checks the DSN with libpq's own parser and builds the arrays.
    ///
    /// - Throws: `.configuration` when libpq cannot parse the DSN (libpq's message is withheld: it may quote it).
    init(dsn: String, description: String, timeLimit: Duration? = nil) throws(ExecutorError) {
        var explicit: [String: String] = [:]
        let looksLikeConninfo = dsn.contains("=") || dsn.hasPrefix("postgresql://") || dsn.hasPrefix("postgres://")
        if looksLikeConninfo {
            guard let options = PQConnection.parseOptions(dsn) else {
                throw ExecutorError(
                    code: .configuration,
                    message: "libpq cannot parse the connection string of \(description)"
                )
            }
            explicit = options
        }
        password = explicit["password"].flatMap { $0.isEmpty ? nil : $0 }
        let timeoutSet =
            explicit["connect_timeout"] != nil || explicit["service"] != nil
            || getenv("PGCONNECT_TIMEOUT") != nil || getenv("PGSERVICE") != nil
        if !timeoutSet { add("connect_timeout", String(Self.defaultConnectTimeoutSeconds)) }
        add("dbname", dsn)
        add("client_encoding", "UTF8")
        add("fallback_application_name", "runbook")
        if let timeLimit {
            let limit = max(1, Int(timeLimit.components.seconds) + (timeLimit.components.attoseconds > 0 ? 1 : 0))
            let current =
                explicit["connect_timeout"].flatMap(Int.init)
                ?? (timeoutSet ? getenv("PGCONNECT_TIMEOUT").flatMap { Int(String(cString: $0)) } : nil)
                ?? (timeoutSet ? nil : Self.defaultConnectTimeoutSeconds)
            if current.map({ $0 <= 0 || $0 > limit }) ?? true { add("connect_timeout", String(limit)) }
        }
    }

    private mutating func add(_ keyword: String, _ value: String) {
        keywords.append(keyword)
        values.append(value)
    }

    /// Opens the connection (blocking).
    func connect() throws(PQError) -> PQConnection {
        try PQConnection(keywords: keywords, values: values)
    }

    /// A libpq message with the DSN's password (if any) replaced by `***`.
    func scrub(_ message: String) -> String {
        guard let password else { return message }
        return message.replacing(password, with: "***")
    }
}
