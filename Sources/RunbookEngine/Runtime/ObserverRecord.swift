import RunbookCore

/// An event an observer asks the driver to journal, such as a notification sink that could not be reached.
///
/// Observers never write the journal themselves: the driver, its only writer, drains their records on the run's
/// task at its next append and once more after `finish`, and prints `line` on the terminal.
public struct ObserverRecord: Sendable {
    /// The journal event type.
    public var type: String
    /// Its data (redacted by the driver like every event).
    public var data: Value
    /// A terminal line to show with it, if any.
    public var line: String?

    /// Creates a record.
    public init(type: String, data: Value, line: String? = nil) {
        self.type = type
        self.data = data
        self.line = line
    }
}
