/// A libpq or server failure: the message, the SQLSTATE when the server sent one, and whether the connection is
/// gone.
public struct PQError: Error, Sendable, CustomStringConvertible {
    /// The server's or libpq's message.
    public var message: String
    /// SQLSTATE, when the server sent one.
    public var sqlState: String?
    /// Whether the connection is gone (a reconnect may help).
    public var connectionLost: Bool

    /// Creates an error.
    public init(message: String, sqlState: String? = nil, connectionLost: Bool) {
        self.message = message
        self.sqlState = sqlState
        self.connectionLost = connectionLost
    }

    /// The message.
    public var description: String { message }

    /// A unique violation (`23505`).
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// Whether the server closes the session after this SQLSTATE (admin or crash shutdown, cannot connect now,
    /// any connection exception).
    public static func endsSession(_ state: String) -> Bool {
        state == "57P01" || state == "57P02" || state == "57P03" || state.hasPrefix("08")
    }
}
