/// A libpq failure.
struct PGError: Error, CustomStringConvertible {
    /// The server's or libpq's message.
    var message: String
    /// SQLSTATE, when the server sent one.
    var sqlState: String?
    /// Whether the connection is gone (a reconnect may help).
    var connectionLost: Bool

    var description: String { message }

    /// A unique violation (`23505`).
    var isUniqueViolation: Bool { sqlState == "23505" }
}
