/// Splits expression source into tokens, tracking exact source positions.
///
/// Columns count Unicode scalars; a newline advances the line and resets the column to 1.
struct ExpressionLexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line: Int
    private var column: Int
    private var previousWasDot = false

    /// A lexer over `source`, whose first character is at `origin`.
    init(_ source: String, origin: SourceLocation) {
        scalars = Array(source.unicodeScalars)
        line = origin.line
        column = origin.column
    }

    /// The position of the next unread character.
    var location: SourceLocation { SourceLocation(line: line, column: column) }

    /// Reads the next token.
    mutating func next() throws(ExpressionError) -> ExpressionToken {
        skipWhitespace()
        let start = location
        let afterDot = previousWasDot
        previousWasDot = false
        guard index < scalars.count else { return ExpressionToken(kind: .end, location: start) }
        let c = scalars[index]
        if afterDot, Self.isMemberStart(c) {
            return ExpressionToken(kind: .identifier(readMember()), location: start)
        }
        if Self.isIdentifierStart(c) {
            return ExpressionToken(kind: .identifier(readIdentifier()), location: start)
        }
        if Self.isDigit(c) { return try readNumber(start: start) }
        if c == "'" || c == "\"" {
            return ExpressionToken(kind: .string(try readString(start: start)), location: start)
        }
        let symbol = try readSymbol(start: start)
        if symbol == "." { previousWasDot = true }
        return ExpressionToken(kind: .symbol(symbol), location: start)
    }

    // MARK: - Character reading

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func skipWhitespace() {
        while let c = peek(), c == " " || c == "\t" || c == "\n" || c == "\r" { advance() }
    }

    private mutating func readIdentifier() -> String {
        var out = String.UnicodeScalarView()
        while let c = peek(), Self.isIdentifierPart(c) {
            out.append(c)
            advance()
        }
        return String(out)
    }

    /// A member name after `.`: letters, digits, `_`, and `-` between them (step ids use `-`).
    private mutating func readMember() -> String {
        var out = String.UnicodeScalarView()
        while let c = peek() {
            if Self.isIdentifierPart(c) {
                out.append(c)
                advance()
            } else if c == "-", let after = peek(1), Self.isIdentifierPart(after) {
                out.append(c)
                advance()
            } else {
                break
            }
        }
        return String(out)
    }

    private mutating func readNumber(start: SourceLocation) throws(ExpressionError) -> ExpressionToken {
        var text = String.UnicodeScalarView()
        var isFloat = false
        func digits(_ lexer: inout ExpressionLexer, into text: inout String.UnicodeScalarView) {
            while let c = lexer.peek(), ExpressionLexer.isDigit(c) {
                text.append(c)
                lexer.advance()
            }
        }
        digits(&self, into: &text)
        if peek() == ".", let d = peek(1), Self.isDigit(d) {
            isFloat = true
            text.append(".")
            advance()
            digits(&self, into: &text)
        }
        if let e = peek(), e == "e" || e == "E" {
            var offset = 1
            if let sign = peek(1), sign == "+" || sign == "-" { offset = 2 }
            if let d = peek(offset), Self.isDigit(d) {
                isFloat = true
                for _ in 0..<offset {
                    if let c = peek() { text.append(c) }
                    advance()
                }
                digits(&self, into: &text)
            }
        }
        if let c = peek(), Self.isIdentifierPart(c) {
            throw ExpressionError(at: location, "unexpected character \(Self.describe(c)) after number")
        }
        let literal = String(text)
        guard isFloat else { return ExpressionToken(kind: .integer(literal), location: start) }
        guard let value = Double(literal), value.isFinite else {
            throw ExpressionError(at: start, "number '\(literal)' is out of range")
        }
        return ExpressionToken(kind: .float(value), location: start)
    }

    private mutating func readString(start: SourceLocation) throws(ExpressionError) -> String {
        let quote = scalars[index]
        advance()
        var out = String.UnicodeScalarView()
        while let c = peek() {
            if c == quote {
                advance()
                return String(out)
            }
            if c == "\\" {
                let escapeLocation = location
                advance()
                guard let e = peek() else { break }
                switch e {
                case "\\": out.append("\\")
                case "'": out.append("'")
                case "\"": out.append("\"")
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default:
                    throw ExpressionError(
                        at: escapeLocation,
                        "unknown escape '\\\(String(e))' in string (use \\\\ \\' \\\" \\n \\t or \\r)"
                    )
                }
                advance()
                continue
            }
            out.append(c)
            advance()
        }
        throw ExpressionError(at: start, "unterminated string")
    }

    private mutating func readSymbol(start: SourceLocation) throws(ExpressionError) -> String {
        guard let c = peek() else { return "" }
        let next = peek(1)
        let two: String? =
            switch (c, next) {
            case ("=", "="): "=="
            case ("!", "="): "!="
            case ("<", "="): "<="
            case (">", "="): ">="
            case ("&", "&"): "&&"
            case ("|", "|"): "||"
            default: nil
            }
        if let two {
            advance()
            advance()
            return two
        }
        switch c {
        case "<", ">", "!", "+", "-", "*", "/", "(", ")", "[", "]", ",", ".":
            advance()
            return String(c)
        case "=": throw ExpressionError(at: start, "unexpected '=' (use '==' to compare)")
        case "&": throw ExpressionError(at: start, "unexpected '&' (use '&&')")
        case "|": throw ExpressionError(at: start, "unexpected '|' (use '||')")
        default: throw ExpressionError(at: start, "unexpected character \(Self.describe(c))")
        }
    }

    // MARK: - Character classes

    static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }

    static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool { isIdentifierStart(c) || isDigit(c) }

    static func isMemberStart(_ c: Unicode.Scalar) -> Bool { isIdentifierPart(c) }

    /// Whether `name` can be written after a `.` without index syntax.
    static func isPlainMember(_ name: String) -> Bool {
        let s = Array(name.unicodeScalars)
        guard let first = s.first, let last = s.last, isIdentifierPart(first), isIdentifierPart(last) else {
            return false
        }
        return s.allSatisfy { isIdentifierPart($0) || $0 == "-" }
    }

    /// A string as a single-quoted expression literal.
    static func quoted(_ s: String) -> String {
        var out = "'"
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "'"
    }

    /// A character as shown in an error message: `'#'`, or `U+0007` for invisible ones.
    static func describe(_ c: Unicode.Scalar) -> String {
        if c.value < 0x20 || c.value == 0x7F || (c.value >= 0x80 && c.value < 0xA0) || c.properties.isWhitespace {
            return "U+" + hex(c.value)
        }
        return "'\(String(c))'"
    }

    private static func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
