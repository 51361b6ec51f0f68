/// Splits a string into literal text and `${{ … }}` expressions, tracking source positions.
struct TemplateScanner {
    private let scalars: [Unicode.Scalar]
    private let origin: SourceLocation

    init(_ text: String, origin: SourceLocation) {
        scalars = Array(text.unicodeScalars)
        self.origin = origin
    }

    func scan() throws(ExpressionError) -> Template {
        var parts: [Template.Part] = []
        var literal = String.UnicodeScalarView()
        var location = origin
        var i = 0
        while i < scalars.count {
            guard isOpening(at: i) else {
                literal.append(scalars[i])
                location = Self.advance(location, over: scalars[i])
                i += 1
                continue
            }
            let dollar = location
            let innerStart = i + 3
            let innerOrigin = dollar.advanced(by: 3)
            guard let innerEnd = closing(from: innerStart) else {
                // A naive `}}` means an unterminated string inside; let the parser say so precisely.
                if let naiveEnd = naiveClosing(from: innerStart) {
                    _ = try ExpressionParser.parse(text(innerStart, naiveEnd), origin: innerOrigin)
                }
                throw ExpressionError(at: dollar, "unterminated '${{' (missing '}}')")
            }
            let source = text(innerStart, innerEnd)
            if source.trimmingSpaces().isEmpty {
                throw ExpressionError(at: dollar, "empty expression '${{ }}'")
            }
            let expression = try ExpressionParser.parse(source, origin: innerOrigin)
            if !literal.isEmpty {
                parts.append(.literal(String(literal)))
                literal = String.UnicodeScalarView()
            }
            parts.append(.expression(expression, source: source.trimmingSpaces(), at: dollar))
            location = dollar
            for k in i..<(innerEnd + 2) { location = Self.advance(location, over: scalars[k]) }
            i = innerEnd + 2
        }
        if !literal.isEmpty { parts.append(.literal(String(literal))) }
        return Template(parts: parts)
    }

    private func isOpening(at i: Int) -> Bool {
        i + 2 < scalars.count && scalars[i] == "$" && scalars[i + 1] == "{" && scalars[i + 2] == "{"
    }

    /// The index of the `}}` that ends the expression starting at `start`, skipping string literals.
    private func closing(from start: Int) -> Int? {
        var j = start
        while j < scalars.count {
            let c = scalars[j]
            if c == "'" || c == "\"" {
                j += 1
                while j < scalars.count, scalars[j] != c {
                    j += scalars[j] == "\\" ? 2 : 1
                }
                j += 1
                continue
            }
            if c == "}", j + 1 < scalars.count, scalars[j + 1] == "}" { return j }
            j += 1
        }
        return nil
    }

    private func naiveClosing(from start: Int) -> Int? {
        var j = start
        while j + 1 < scalars.count {
            if scalars[j] == "}", scalars[j + 1] == "}" { return j }
            j += 1
        }
        return nil
    }

    private func text(_ from: Int, _ to: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[from..<to])
        return String(view)
    }

    static func advance(_ location: SourceLocation, over c: Unicode.Scalar) -> SourceLocation {
        c == "\n" ? SourceLocation(line: location.line + 1, column: 1) : location.advanced(by: 1)
    }
}
