/// A failure reported by a connector, with what an operator needs to act on it.
///
/// `description` never contains connection strings or passwords; connectors put server detail in `detail`.
public struct ExecutorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A short, stable classification.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let raw: String
        private init(_ raw: String) { self.raw = raw }

        /// Could not connect or the connection was lost.
        public static let connection = Code("connection")
        /// The server rejected the query (syntax, constraint, permission…).
        public static let server = Code("server")
        /// The step's timeout expired and the query was cancelled.
        public static let timeout = Code("timeout")
        /// The task was cancelled (Ctrl-C) and the query was cancelled.
        public static let cancelled = Code("cancelled")
        /// The peer broke the protocol.
        public static let protocolViolation = Code("protocol")
        /// The configuration is unusable (bad URL, unknown sslmode…).
        public static let configuration = Code("configuration")
        /// The connection was lost after the server had the query: it may or may not have run.
        public static let inDoubt = Code("in_doubt")

        public var description: String { raw }
    }

    /// What kind of failure.
    public var code: Code
    /// One line for the operator.
    public var message: String
    /// More: server detail, hint, the query with a caret at the error position.
    public var detail: String?
    /// Server error code (SQLSTATE, Neo4j status code).
    public var serverCode: String?
    /// The GQL status the server sent with its error (Neo4j on Bolt 5.7+), if any.
    public var gqlStatus: String?
    /// Whether trying again may succeed (connection lost, serialization failure, deadlock, transient Neo4j errors).
    public var isTransient: Bool

    /// Creates an error.
    public init(
        code: Code,
        message: String,
        detail: String? = nil,
        serverCode: String? = nil,
        gqlStatus: String? = nil,
        isTransient: Bool = false
    ) {
        self.code = code
        self.message = message
        self.detail = detail
        self.serverCode = serverCode
        self.gqlStatus = gqlStatus
        self.isTransient = isTransient
    }

    /// The server's codes as one bracketed suffix (` [Neo.ClientError.Statement.SyntaxError, GQL status 42001]`),
    /// or empty.
    public var codeSuffix: String {
        switch (serverCode, gqlStatus) {
        case (let code?, let gql?): return " [\(code), GQL status \(gql)]"
        case (let code?, nil): return " [\(code)]"
        case (nil, let gql?): return " [GQL status \(gql)]"
        case (nil, nil): return ""
        }
    }

    /// The message and the server's codes (`message [code]`).
    public var description: String {
        var s = message + codeSuffix
        if let detail { s += "\n" + detail }
        return s
    }
}
