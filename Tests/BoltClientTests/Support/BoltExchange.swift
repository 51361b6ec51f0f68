import Foundation

@testable import BoltClient

/// One Bolt conversation between a client and a Neo4j server, written in this project's exchange notation.
///
/// One line per message, in order:
///
///     bolt 5.7                                   the version the server agrees to in the handshake
///     client RUN "RETURN 1" {} {}                the client must send this (fields are JSON patterns)
///     server SUCCESS {"fields": ["n"]}           the server answers this (after the client line before it)
///     optional RESET                             the client may send this here, any number of times;
///                                                the answer is SUCCESS {} (nothing for GOODBYE)
///     hangup                                     the server closes the connection
///
/// `#` starts a comment line. Patterns: `"*"` matches anything; `{"Z": "*"}`, `{"R": "*"}`, `{"U": "*"}`,
/// `{"{}": "*"}`, `{"[]": "*"}` match any integer, float, string, map or list; a map key in brackets
/// (`"[db]"`) may be absent; every other value must be equal, type included (`42` is an integer, `0.5` a
/// float, `"42"` a string). `#NAME#` placeholders are replaced before parsing.
struct BoltExchange: Sendable {
    struct Message: Sendable, CustomStringConvertible {
        var name: String
        var fields: [ScriptJSON]
        var description: String { "\(name) \(fields)" }
    }

    enum Line: Sendable {
        case client(Message)
        case server(Message)
        case optional(Message)
        case hangup
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    var major: UInt8 = 5
    var minor: UInt8 = 0
    var lines: [Line] = []

    /// Parses an exchange; `substitutions` replace `#NAME#` placeholders first.
    init(_ text: String, substitutions: [String: String] = [:]) throws {
        var text = text
        for (key, value) in substitutions { text = text.replacingOccurrences(of: "#\(key)#", with: value) }
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let keyword = line.prefix { $0 != " " }
            let rest = String(line.dropFirst(keyword.count))
            do {
                switch keyword {
                case "bolt":
                    let parts = rest.trimmingCharacters(in: .whitespaces).split(separator: ".")
                    guard parts.count == 2, let major = UInt8(parts[0]), let minor = UInt8(parts[1]) else {
                        throw ParseError(description: "bad version")
                    }
                    (self.major, self.minor) = (major, minor)
                case "client": lines.append(.client(try Self.message(rest)))
                case "server": lines.append(.server(try Self.message(rest)))
                case "optional": lines.append(.optional(try Self.message(rest)))
                case "hangup": lines.append(.hangup)
                default: throw ParseError(description: "unknown keyword '\(keyword)'")
                }
            } catch {
                throw ParseError(description: "exchange line \(number + 1): \(error): \(line)")
            }
        }
    }

    private static func message(_ text: String) throws -> Message {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let name = trimmed.prefix { $0 != " " }
        guard !name.isEmpty else { throw ParseError(description: "missing message name") }
        return Message(name: String(name), fields: try ScriptJSON.parseSequence(String(trimmed.dropFirst(name.count))))
    }
}

/// Follows a ``BoltExchange`` as client messages arrive and says what the server answers.
struct BoltExchangeInterpreter {
    /// What the server does after one client message.
    struct Reply {
        var messages: [BoltExchange.Message] = []
        var hangup = false
    }

    struct Mismatch: Error, CustomStringConvertible {
        var description: String
    }

    private let lines: [BoltExchange.Line]
    private var index = 0
    /// Every client message received, in order (tests check what did or did not arrive).
    private(set) var received: [String] = []

    init(_ exchange: BoltExchange) {
        lines = exchange.lines
    }

    /// The server's answer to one client message (tag name and fields).
    mutating func receive(_ name: String, _ fields: [BoltValue]) throws -> Reply {
        received.append(name)
        while index < lines.count {
            switch lines[index] {
            case .optional(let m):
                if Self.matches(m, name, fields) {
                    var reply = Reply()
                    if name != "GOODBYE" { reply.messages = [.init(name: "SUCCESS", fields: [.object([])])] }
                    return reply
                }
                index += 1
            case .client(let m):
                guard Self.matches(m, name, fields) else {
                    throw Mismatch(description: "expected \(m), got \(name) \(fields)")
                }
                index += 1
                return serverLines()
            case .server(let m):
                throw Mismatch(description: "the server was to send \(m) first, but the client sent \(name)")
            case .hangup:
                throw Mismatch(description: "the server hung up, but the client sent \(name)")
            }
        }
        throw Mismatch(description: "the exchange is over, but the client sent \(name) \(fields)")
    }

    /// Whether the client may disconnect now (only optional lines or a hangup are left).
    var isComplete: Bool {
        lines[index...].allSatisfy {
            switch $0 {
            case .optional, .hangup: return true
            case .client, .server: return false
            }
        }
    }

    private mutating func serverLines() -> Reply {
        var reply = Reply()
        while index < lines.count {
            switch lines[index] {
            case .server(let m): reply.messages.append(m)
            case .hangup: reply.hangup = true
            case .client, .optional: return reply
            }
            index += 1
        }
        return reply
    }

    private static func matches(_ m: BoltExchange.Message, _ name: String, _ fields: [BoltValue]) -> Bool {
        m.name == name && m.fields.count == fields.count && zip(m.fields, fields).allSatisfy { $0.matches($1) }
    }
}
