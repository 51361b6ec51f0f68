/// An error from a Bolt connection: a server FAILURE, a lost connection, a timeout, or bad bytes.
///
/// `description` never contains credentials.
public struct BoltError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of error.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let raw: String
        private init(_ raw: String) { self.raw = raw }

        /// The connection could not be made or was lost.
        public static let connection = Code("connection")
        /// The server answered FAILURE.
        public static let server = Code("server")
        /// The request took longer than its timeout and was cancelled with RESET.
        public static let timeout = Code("timeout")
        /// The calling task was cancelled.
        public static let cancelled = Code("cancelled")
        /// The server sent something the protocol does not allow.
        public static let protocolViolation = Code("protocol")
        /// The configuration (URL, TLS) is unusable.
        public static let configuration = Code("configuration")
        /// A second request was started while one was in flight, or the state does not allow it.
        public static let misuse = Code("misuse")

        /// The code's name.
        public var description: String { raw }
    }

    /// The category.
    public var code: Code
    /// A human-readable message.
    public var message: String
    /// The Neo4j status code of a server FAILURE (`Neo.ClientError.Statement.SyntaxError`).
    public var serverCode: String?
    /// The GQL status of a server FAILURE (Bolt 5.7+, `42001`), when the server sent one.
    public var gqlStatus: String?
    /// Whether the request may have reached the server: `false` only when it provably did not (the connection
    /// was known to be closed before the send, or the send itself failed), so running it again cannot repeat it.
    public var mayHaveReachedServer: Bool

    /// Creates an error.
    public init(
        _ code: Code,
        _ message: String,
        serverCode: String? = nil,
        gqlStatus: String? = nil,
        mayHaveReachedServer: Bool = true
    ) {
        self.code = code
        self.message = message
        self.serverCode = serverCode
        self.gqlStatus = gqlStatus
        self.mayHaveReachedServer = mayHaveReachedServer
    }

    /// Whether retrying the same work later may succeed.
    ///
    /// True for `Neo.TransientError.*` (except the client-caused `Transaction.Terminated` and
    /// `Transaction.LockClientStopped`), cluster leadership changes and lost connections.
    public var isTransient: Bool {
        if code == .connection { return true }
        guard let serverCode else { return false }
        if serverCode == "Neo.TransientError.Transaction.Terminated"
            || serverCode == "Neo.TransientError.Transaction.LockClientStopped"
        {
            return false
        }
        return serverCode.hasPrefix("Neo.TransientError.") || serverCode == "Neo.ClientError.Cluster.NotALeader"
            || serverCode == "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase"
    }

    /// The message, with the server code when there is one.
    public var description: String {
        switch (serverCode, gqlStatus) {
        case (let code?, let gql?): return "\(message) [\(code), GQL status \(gql)]"
        case (let code?, nil): return "\(message) [\(code)]"
        default: return message
        }
    }
}
