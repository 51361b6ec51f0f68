/// How the client authenticates.
public enum BoltAuth: Sendable, Hashable {
    /// No authentication (`scheme: none`).
    case none
    /// User name and password (`scheme: basic`).
    case basic(user: String, password: String)
    /// A bearer token, e.g. an SSO access token (`scheme: bearer`).
    case bearer(token: String)

    /// The auth token map sent in LOGON (5.1+) or HELLO (4.4, 5.0).
    var token: BoltMap {
        switch self {
        case .none: return ["scheme": "none"]
        case .basic(let user, let password):
            return ["scheme": "basic", "principal": .string(user), "credentials": .string(password)]
        case .bearer(let token): return ["scheme": "bearer", "credentials": .string(token)]
        }
    }
}

extension BoltAuth: CustomStringConvertible {
    /// Describes the scheme without secrets.
    public var description: String {
        switch self {
        case .none: return "none"
        case .basic(let user, _): return "basic(\(user))"
        case .bearer: return "bearer"
        }
    }
}
