/// A JSON value as written in a ``BoltExchange`` line (typed where a map has one type key: `{"Z": "1"}`).
indirect enum ScriptJSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([ScriptJSON])
    case object([(String, ScriptJSON)])

    static func == (a: ScriptJSON, b: ScriptJSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        default: return false
        }
    }

    /// Parses whitespace-separated JSON values (the fields of one message line).
    static func parseSequence(_ text: String) throws -> [ScriptJSON] {
        var parser = Parser(Array(text.utf8))
        var values: [ScriptJSON] = []
        parser.skipSpace()
        while !parser.atEnd {
            values.append(try parser.value())
            parser.skipSpace()
        }
        return values
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        var atEnd: Bool { i >= bytes.count }

        mutating func skipSpace() { ws() }

        mutating func ws() { while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 } }

        mutating func value() throws -> ScriptJSON {
            ws()
            guard i < bytes.count else { throw ParseError(description: "unexpected end") }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var pairs: [(String, ScriptJSON)] = []
                ws()
                if bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    return .object(pairs)
                }
                while true {
                    ws()
                    guard case .string(let key) = try value() else { throw ParseError(description: "key") }
                    ws()
                    guard bytes[i] == UInt8(ascii: ":") else { throw ParseError(description: "expected :") }
                    i += 1
                    pairs.append((key, try value()))
                    ws()
                    if bytes[i] == UInt8(ascii: ",") {
                        i += 1
                        continue
                    }
                    guard bytes[i] == UInt8(ascii: "}") else { throw ParseError(description: "expected }") }
                    i += 1
                    return .object(pairs)
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [ScriptJSON] = []
                ws()
                if bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    return .array(items)
                }
                while true {
                    items.append(try value())
                    ws()
                    if bytes[i] == UInt8(ascii: ",") {
                        i += 1
                        continue
                    }
                    guard bytes[i] == UInt8(ascii: "]") else { throw ParseError(description: "expected ]") }
                    i += 1
                    return .array(items)
                }
            case UInt8(ascii: "\""):
                i += 1
                var out: [UInt8] = []
                while bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\") {
                        i += 1
                        let escaped: [UInt8: UInt8] = [0x6E: 0x0A, 0x74: 0x09, 0x72: 0x0D]
                        out.append(escaped[bytes[i]] ?? bytes[i])
                    } else {
                        out.append(bytes[i])
                    }
                    i += 1
                }
                i += 1
                return .string(String(decoding: out, as: UTF8.self))
            case UInt8(ascii: "t"):
                i += 4
                return .bool(true)
            case UInt8(ascii: "f"):
                i += 5
                return .bool(false)
            case UInt8(ascii: "n"):
                i += 4
                return .null
            default:
                let start = i
                while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
                guard i > start else { throw ParseError(description: "unexpected byte \(bytes[i]) at \(i)") }
                return .number(String(decoding: bytes[start..<i], as: UTF8.self))
            }
        }
    }
}
