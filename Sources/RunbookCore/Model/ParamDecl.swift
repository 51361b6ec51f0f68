/// An operator input, set with `-p name=value`.
public struct ParamDecl: Sendable {
    /// The types a parameter can have.
    public enum Kind: String, Sendable, CaseIterable {
        /// Text (the default).
        case string
        /// A 64-bit integer.
        case int
        /// A floating point number.
        case float
        /// `true` or `false`.
        case bool

        /// The expression type of values of this kind.
        public var valueType: ValueType {
            switch self {
            case .string: return .string
            case .int: return .int
            case .float: return .float
            case .bool: return .bool
            }
        }
    }

    /// The name, as referenced by `params.NAME`.
    public var name: String
    /// The declared type.
    public var kind: Kind
    /// The default value, already converted to `kind`.
    public var defaultValue: Value?
    /// Whether the operator must supply it.
    public var required: Bool
    /// A short description for `plan` and errors.
    public var description: String?
    /// Allowed values, if restricted.
    public var choices: [Value]?
    /// Where the parameter is declared.
    public var location: SourceLocation

    /// Creates a parameter declaration.
    public init(
        name: String,
        kind: Kind = .string,
        defaultValue: Value? = nil,
        required: Bool = false,
        description: String? = nil,
        choices: [Value]? = nil,
        location: SourceLocation
    ) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.required = required
        self.description = description
        self.choices = choices
        self.location = location
    }

    /// Converts command-line text to this parameter's type, or returns a message saying what was expected.
    public func convert(_ text: String) -> Result<Value, ParamError> {
        switch kind {
        case .string: return .success(.string(text))
        case .int:
            guard let i = Int64(text.trimmingSpaces()) else {
                return .failure(ParamError(message: "parameter '\(name)' expects an int, got '\(text)'"))
            }
            return .success(.int(i))
        case .float:
            guard let d = Double(text.trimmingSpaces()), d.isFinite else {
                return .failure(ParamError(message: "parameter '\(name)' expects a float, got '\(text)'"))
            }
            return .success(.double(d))
        case .bool:
            switch text.trimmingSpaces().lowercased() {
            case "true", "yes", "1": return .success(.bool(true))
            case "false", "no", "0": return .success(.bool(false))
            default: return .failure(ParamError(message: "parameter '\(name)' expects true or false, got '\(text)'"))
            }
        }
    }
}

/// A parameter value that does not fit its declaration.
public struct ParamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(message: String) { self.message = message }

    public var description: String { message }
}
