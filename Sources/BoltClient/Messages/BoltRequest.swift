import NIOCore

/// A message the client sends.
public enum BoltRequest: Sendable, Hashable {
    /// HELLO (0x01) with `user_agent`, `bolt_agent` and, before 5.1, the credentials.
    case hello(extra: BoltMap)
    /// LOGON (0x6A) with the auth token (5.1+).
    case logon(auth: BoltMap)
    /// LOGOFF (0x6B) (5.1+).
    case logoff
    /// RUN (0x10).
    case run(query: String, parameters: BoltMap, extra: BoltMap)
    /// PULL (0x3F): `n` records (-1 = all) of result `qid` (-1 = last).
    case pull(n: Int64, qid: Int64)
    /// DISCARD (0x2F).
    case discard(n: Int64, qid: Int64)
    /// BEGIN (0x11).
    case begin(extra: BoltMap)
    /// COMMIT (0x12).
    case commit
    /// ROLLBACK (0x13).
    case rollback
    /// RESET (0x0F).
    case reset
    /// GOODBYE (0x02).
    case goodbye
    /// ROUTE (0x66, Bolt 4.4+): the routing table for a database (`db` in `extra`; absent for the home database).
    case route(context: BoltMap, bookmarks: [String], extra: BoltMap)

    /// The message's signature byte.
    public var tag: UInt8 {
        switch self {
        case .hello: return 0x01
        case .logon: return 0x6A
        case .logoff: return 0x6B
        case .run: return 0x10
        case .pull: return 0x3F
        case .discard: return 0x2F
        case .begin: return 0x11
        case .commit: return 0x12
        case .rollback: return 0x13
        case .reset: return 0x0F
        case .goodbye: return 0x02
        case .route: return 0x66
        }
    }

    /// The message's name as in the Bolt spec (`RUN`, `PULL`, …).
    public var name: String {
        switch self {
        case .hello: return "HELLO"
        case .logon: return "LOGON"
        case .logoff: return "LOGOFF"
        case .run: return "RUN"
        case .pull: return "PULL"
        case .discard: return "DISCARD"
        case .begin: return "BEGIN"
        case .commit: return "COMMIT"
        case .rollback: return "ROLLBACK"
        case .reset: return "RESET"
        case .goodbye: return "GOODBYE"
        case .route: return "ROUTE"
        }
    }

    /// The message's fields.
    public var fields: [BoltValue] {
        switch self {
        case .hello(let extra): return [.map(extra)]
        case .logon(let auth): return [.map(auth)]
        case .run(let query, let parameters, let extra): return [.string(query), .map(parameters), .map(extra)]
        case .pull(let n, let qid), .discard(let n, let qid):
            return [.map(qid == -1 ? ["n": .int(n)] : ["n": .int(n), "qid": .int(qid)])]
        case .begin(let extra): return [.map(extra)]
        case .route(let context, let bookmarks, let extra):
            return [.map(context), .list(bookmarks.map(BoltValue.string)), .map(extra)]
        case .logoff, .commit, .rollback, .reset, .goodbye: return []
        }
    }
}
