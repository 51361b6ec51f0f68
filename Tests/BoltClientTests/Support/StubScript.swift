import Foundation

/// A TestKit stub script parsed for replay (our own reader of its documented notation; see NOTICE.md).
struct StubScript: Sendable {
    struct Message: Sendable {
        var name: String
        var fields: [ScriptJSON]
    }

    enum ServerAction: Sendable {
        case send(Message)
        case exit
        case noop
    }

    enum BlockKind: Sendable {
        case optional, zeroOrMore, oneOrMore
    }

    indirect enum Item: Sendable {
        case client(Message)
        case server([ServerAction])
        case auto(Message)
        case optional(Message)
        case zeroOrMore(Message)
        case oneOrMore(Message)
        case block(BlockKind, [Item])
        case alternatives([[Item]])
    }

    var major: UInt8 = 5
    var minor: UInt8 = 0
    var items: [Item] = []

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses a script; `substitutions` replace `#NAME#` placeholders first.
    init(_ text: String, substitutions: [String: String] = [:]) throws {
        var text = text
        for (key, value) in substitutions { text = text.replacingOccurrences(of: "#\(key)#", with: value) }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }[...]
        for line in lines where line.hasPrefix("!: BOLT ") {
            let parts = line.dropFirst(8).split(separator: ".")
            major = UInt8(parts[0]) ?? 5
            minor = parts.count > 1 ? UInt8(parts[1]) ?? 0 : 0
        }
        items = try Self.parseItems(&lines, until: [])
    }

    private static func message(_ text: Substring) throws -> Message {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let name = trimmed.prefix { $0 != " " }
        return Message(name: String(name), fields: try ScriptJSON.parseSequence(String(trimmed.dropFirst(name.count))))
    }

    private static func action(_ text: Substring) throws -> ServerAction {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "<EXIT>" { return .exit }
        if t == "<NOOP>" { return .noop }
        return .send(try message(text[...]))
    }

    private static func parseItems(_ lines: inout ArraySlice<String>, until ends: Set<String>) throws -> [Item] {
        var items: [Item] = []
        var last: Character = " "
        while let line = lines.first {
            if ends.contains(line) { return items }
            lines.removeFirst()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!:") || line.hasPrefix("PY:") { continue }
            switch line {
            case "{?": items.append(.block(.optional, try block(&lines, end: "?}")))
            case "{*": items.append(.block(.zeroOrMore, try block(&lines, end: "*}")))
            case "{+": items.append(.block(.oneOrMore, try block(&lines, end: "+}")))
            case "{{":
                var alternatives: [[Item]] = []
                while true {
                    alternatives.append(try parseItems(&lines, until: ["----", "}}"]))
                    guard let end = lines.popFirst() else { throw ParseError(description: "unterminated {{") }
                    if end == "}}" { break }
                }
                items.append(.alternatives(alternatives))
            default:
                let prefix = line.prefix(2)
                let rest = line.dropFirst(2)
                switch prefix {
                case "C:":
                    items.append(.client(try message(rest)))
                    last = "C"
                case "S:":
                    items.append(.server([try action(rest)]))
                    last = "S"
                case "A:": items.append(.auto(try message(rest)))
                case "?:": items.append(.optional(try message(rest)))
                case "*:": items.append(.zeroOrMore(try message(rest)))
                case "+:": items.append(.oneOrMore(try message(rest)))
                default:
                    // A continuation line of the previous C:/S: block.
                    if last == "S", case .server(let actions) = items.last {
                        items[items.count - 1] = .server(actions + [try action(line[...])])
                    } else if last == "C" {
                        items.append(.client(try message(line[...])))
                    } else {
                        throw ParseError(description: "cannot read line: \(line)")
                    }
                }
            }
        }
        return items
    }

    private static func block(_ lines: inout ArraySlice<String>, end: String) throws -> [Item] {
        let items = try parseItems(&lines, until: [end])
        guard lines.popFirst() == end else { throw ParseError(description: "missing \(end)") }
        return items
    }
}
