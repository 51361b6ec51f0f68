/// The cursor and grammar of `JSONParser`.
struct JSONScanner {
    /// An array or object under construction.
    private struct Frame {
        var isMap: Bool
        var items: [Value] = []
        var pairs: [(key: String, value: Value)] = []
        var keys: Set<String> = []
        var pendingKey = ""
    }

    private let bytes: [UInt8]
    private var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses exactly one value surrounded by optional whitespace.
    mutating func parseDocument() throws(JSONParseError) -> Value {
        var stack: [Frame] = []
        while true {
            skipWhitespace()
            guard let started = try parseValueStart(&stack) else { continue }
            guard let finished = try attach(started, to: &stack) else { continue }
            skipWhitespace()
            guard index == bytes.count else { throw error("unexpected characters after the JSON value") }
            return finished
        }
    }

    // MARK: Structure

    /// Parses the start of a value.
    ///
    /// Returns the value if it is complete (a scalar or an empty container), or `nil` after opening
    /// a non-empty container (pushed on `stack`).
    private mutating func parseValueStart(_ stack: inout [Frame]) throws(JSONParseError) -> Value? {
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard stack.count < JSONParser.maximumDepth else {
                throw error("nesting deeper than \(JSONParser.maximumDepth) levels")
            }
            index += 1
            skipWhitespace()
            if peek(UInt8(ascii: "}")) {
                index += 1
                return .map([])
            }
            var frame = Frame(isMap: true)
            let key = try parseKey(in: &frame)
            frame.pendingKey = key
            stack.append(frame)
            return nil
        case UInt8(ascii: "["):
            guard stack.count < JSONParser.maximumDepth else {
                throw error("nesting deeper than \(JSONParser.maximumDepth) levels")
            }
            index += 1
            skipWhitespace()
            if peek(UInt8(ascii: "]")) {
                index += 1
                return .list([])
            }
            stack.append(Frame(isMap: false))
            return nil
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw error("unexpected character \(describe(bytes[index])), expected a value")
        }
    }

    /// Adds a finished value to the innermost container, closing containers as their closing brackets come.
    ///
    /// Returns the whole document's value once the outermost container is closed
    /// (or at once if there is none), or `nil` when another element follows (after a comma).
    private mutating func attach(_ value: Value, to stack: inout [Frame]) throws(JSONParseError) -> Value? {
        var value = value
        while let top = stack.indices.last {
            if stack[top].isMap {
                stack[top].pairs.append((key: stack[top].pendingKey, value: value))
            } else {
                stack[top].items.append(value)
            }
            skipWhitespace()
            let isMap = stack[top].isMap
            guard index < bytes.count else {
                throw error(isMap ? "unexpected end of input in object" : "unexpected end of input in array")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: ",") {
                index += 1
                if isMap {
                    skipWhitespace()
                    let key = try parseKey(in: &stack[top])
                    stack[top].pendingKey = key
                }
                return nil
            }
            if isMap && byte == UInt8(ascii: "}") || !isMap && byte == UInt8(ascii: "]") {
                index += 1
                let frame = stack.removeLast()
                value = frame.isMap ? .map(frame.pairs) : .list(frame.items)
                continue
            }
            throw error(
                isMap
                    ? "unexpected character \(describe(byte)), expected ',' or '}' in object"
                    : "unexpected character \(describe(byte)), expected ',' or ']' in array"
            )
        }
        return value
    }

    /// Parses `"key" :` and checks the key is new in `frame`, recording it.
    private mutating func parseKey(in frame: inout Frame) throws(JSONParseError) -> String {
        guard peek(UInt8(ascii: "\"")) else {
            if index >= bytes.count { throw error("unexpected end of input, expected an object key") }
            throw error("unexpected character \(describe(bytes[index])), expected a string key")
        }
        let keyStart = index
        let key = try parseString()
        if frame.keys.contains(key) {
            throw JSONParseError(offset: keyStart, message: "duplicate key \(quoted(key)) in object")
        }
        frame.keys.insert(key)
        skipWhitespace()
        guard peek(UInt8(ascii: ":")) else { throw error("expected ':' after object key") }
        index += 1
        return key
    }

    // MARK: Scalars

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = index
        var ok = true
        literal.withUTF8Buffer { expected in
            for byte in expected {
                if index < bytes.count, bytes[index] == byte {
                    index += 1
                } else {
                    ok = false
                    return
                }
            }
        }
        if !ok {
            throw JSONParseError(offset: start, message: "invalid literal, expected '\(literal)'")
        }
    }

    private mutating func parseNumber() throws(JSONParseError) -> Value {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit in number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw error("leading zeros are not allowed in numbers") }
        } else {
            skipDigits()
        }
        var isInteger = true
        if peek(UInt8(ascii: ".")) {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error("expected a digit after '.' in number")
            }
            skipDigits()
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            isInteger = false
            index += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit in exponent") }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let int = Int64(text) { return .int(int) }
        guard let double = Double(text), double.isFinite else {
            throw JSONParseError(offset: start, message: "number out of range")
        }
        return .double(double)
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        let start = index
        index += 1  // opening quote
        var utf8: [UInt8] = []
        while true {
            guard index < bytes.count else {
                throw JSONParseError(offset: start, message: "unterminated string")
            }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let string = String(validating: utf8, as: UTF8.self) else {
                    throw JSONParseError(offset: start, message: "invalid UTF-8 in string")
                }
                return string
            case UInt8(ascii: "\\"):
                try parseEscape(into: &utf8)
            case 0..<0x20:
                throw error("unescaped control character \(describe(byte)) in string")
            default:
                utf8.append(byte)
                index += 1
            }
        }
    }

    /// Parses one escape sequence starting at the backslash and appends its UTF-8.
    private mutating func parseEscape(into utf8: inout [UInt8]) throws(JSONParseError) {
        let start = index
        index += 1
        guard index < bytes.count else { throw JSONParseError(offset: start, message: "unterminated escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4(escapeStart: start)
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw JSONParseError(offset: start, message: "lone high surrogate in \\u escape") }
                let lowStart = index
                index += 2
                let low = try parseHex4(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONParseError(offset: start, message: "lone high surrogate in \\u escape")
                }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw JSONParseError(offset: start, message: "lone low surrogate in \\u escape")
            }
            guard let scalar = Unicode.Scalar(scalarValue) else {
                throw JSONParseError(offset: start, message: "invalid \\u escape")
            }
            UTF8.encode(scalar) { utf8.append($0) }
        default:
            throw JSONParseError(offset: start, message: "invalid escape \\\(describeBare(byte)) in string")
        }
    }

    /// Parses four hex digits after `\u`.
    private mutating func parseHex4(escapeStart: Int) throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = hexValue(bytes[index]) else {
                throw JSONParseError(offset: escapeStart, message: "expected four hex digits after \\u")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    // MARK: Helpers

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    private func peek(_ byte: UInt8) -> Bool {
        index < bytes.count && bytes[index] == byte
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private func error(_ message: String) -> JSONParseError {
        JSONParseError(offset: index, message: message)
    }

    private func describe(_ byte: UInt8) -> String {
        "'" + describeBare(byte) + "'"
    }

    private func describeBare(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return String(UnicodeScalar(byte)) }
        return "0x" + SHA256.hexString([byte])
    }

    private func quoted(_ key: String) -> String {
        var out = ""
        JSONWriter.writeString(key, into: &out)
        return out
    }
}
