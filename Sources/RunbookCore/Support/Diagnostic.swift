/// One problem found in a runbook, anchored at a source position.
///
/// Rendered by the CLI as `FILE:LINE:COL: error: message`.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    /// How serious the problem is.
    public enum Severity: String, Sendable, Hashable {
        /// The runbook cannot be used.
        case error
        /// The runbook can run, but an operator should look.
        case warning
    }

    /// Error or warning.
    public var severity: Severity
    /// Where the offending node starts.
    public var location: SourceLocation
    /// A one-line message saying what is wrong and what was expected.
    public var message: String

    /// Creates a diagnostic.
    public init(_ severity: Severity = .error, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    /// `LINE:COL: error: message` (the CLI prefixes the file name).
    public var description: String { "\(location): \(severity.rawValue): \(message)" }

    /// Renders the diagnostic with its file name: `FILE:LINE:COL: error: message`.
    public func rendered(file: String) -> String { "\(file):\(description)" }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Diagnostics in source order (stable for equal positions).
    public func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { a, b in
            a.element.location == b.element.location ? a.offset < b.offset : a.element.location < b.element.location
        }.map(\.element)
    }
}
