/// Parses the text inside `${{ … }}` into an `Expression`.
///
/// Precedence, lowest first: `||`, `&&`, `== !=`, `< <= > >=`, `+ -`, `* /`, prefix `! -`.
/// Binary operators are left-associative. Runs in linear time and never traps: nesting deeper
/// than `maximumDepth` is reported as an error.
public enum ExpressionParser {
    /// The deepest expression tree (and parenthesis/operator nesting) accepted.
    public static let maximumDepth = 100

    /// Parses `source`, whose first character is at `origin`.
    ///
    /// - Throws: `ExpressionError` at the exact position of the first problem.
    public static func parse(_ source: String, origin: SourceLocation) throws(ExpressionError) -> Expression {
        var parser = try ExpressionParserState(source, origin: origin)
        return try parser.parseAll()
    }
}

/// The mutable state of one parse.
private struct ExpressionParserState {
    private var lexer: ExpressionLexer
    private var current: ExpressionToken
    private var nesting = 0

    init(_ source: String, origin: SourceLocation) throws(ExpressionError) {
        lexer = ExpressionLexer(source, origin: origin)
        current = try lexer.next()
    }

    mutating func parseAll() throws(ExpressionError) -> Expression {
        if current.kind == .end {
            throw ExpressionError(at: current.location, "expected an expression")
        }
        let (expression, _) = try parseBinary(minimumPrecedence: 1)
        if current.kind != .end {
            throw ExpressionError(at: current.location, "unexpected \(current.display) after expression")
        }
        return expression
    }

    private mutating func advance() throws(ExpressionError) {
        current = try lexer.next()
    }

    private func tooDeep() -> ExpressionError {
        ExpressionError(
            at: current.location,
            "expression is nested too deeply (more than \(ExpressionParser.maximumDepth) levels)"
        )
    }

    private func checked(_ depth: Int) throws(ExpressionError) -> Int {
        if depth > ExpressionParser.maximumDepth { throw tooDeep() }
        return depth
    }

    private mutating func enter() throws(ExpressionError) {
        nesting += 1
        if nesting > ExpressionParser.maximumDepth { throw tooDeep() }
    }

    private mutating func leave() { nesting -= 1 }

    private var binaryOperator: BinaryOperator? {
        guard case .symbol(let s) = current.kind else { return nil }
        return BinaryOperator(rawValue: s)
    }

    /// Parses operators of at least `minimumPrecedence`; returns the tree and its depth.
    private mutating func parseBinary(minimumPrecedence: Int) throws(ExpressionError) -> (Expression, Int) {
        var (lhs, depth) = try parseUnary()
        while let op = binaryOperator, op.precedence >= minimumPrecedence {
            let at = current.location
            try advance()
            let (rhs, rhsDepth) = try parseBinary(minimumPrecedence: op.precedence + 1)
            lhs = .binary(op, lhs, rhs, at: at)
            depth = try checked(max(depth, rhsDepth) + 1)
        }
        return (lhs, depth)
    }

    private mutating func parseUnary() throws(ExpressionError) -> (Expression, Int) {
        guard case .symbol(let s) = current.kind, let op = UnaryOperator(rawValue: s) else {
            return try parsePrimary()
        }
        let at = current.location
        try advance()
        if op == .negate, case .integer(let digits) = current.kind, Int64(digits) == nil,
            let minimum = Int64("-" + digits)
        {
            // -9223372036854775808: the magnitude alone does not fit, the negative value does.
            try advance()
            return (.literal(.int(minimum), at: at), 1)
        }
        try enter()
        let (operand, depth) = try parseUnary()
        leave()
        return (.unary(op, operand, at: at), try checked(depth + 1))
    }

    private mutating func parsePrimary() throws(ExpressionError) -> (Expression, Int) {
        let token = current
        switch token.kind {
        case .integer(let digits):
            guard let value = Int64(digits) else {
                throw ExpressionError(at: token.location, "integer literal '\(digits)' does not fit in 64 bits")
            }
            try advance()
            return (.literal(.int(value), at: token.location), 1)
        case .float(let value):
            try advance()
            return (.literal(.double(value), at: token.location), 1)
        case .string(let value):
            try advance()
            return (.literal(.string(value), at: token.location), 1)
        case .identifier(let name):
            try advance()
            switch name {
            case "true": return (.literal(.bool(true), at: token.location), 1)
            case "false": return (.literal(.bool(false), at: token.location), 1)
            case "null": return (.literal(.null, at: token.location), 1)
            default: break
            }
            if current.isSymbol("(") { return try parseCall(name: name, at: token.location) }
            return (try parseReference(head: name, at: token.location), 1)
        case .symbol("("):
            try advance()
            try enter()
            let inner = try parseBinary(minimumPrecedence: 1)
            leave()
            guard current.isSymbol(")") else {
                throw ExpressionError(
                    at: current.location,
                    "expected ')' to close '(' at \(token.location), found \(current.display)"
                )
            }
            try advance()
            return inner
        case .end:
            throw ExpressionError(at: token.location, "expected an expression, found end of input")
        case .symbol:
            throw ExpressionError(at: token.location, "expected an expression, found \(token.display)")
        }
    }

    private mutating func parseCall(name: String, at: SourceLocation) throws(ExpressionError) -> (Expression, Int) {
        try advance()  // (
        try enter()
        var arguments: [Expression] = []
        var depth = 1
        if !current.isSymbol(")") {
            while true {
                let (argument, argumentDepth) = try parseBinary(minimumPrecedence: 1)
                arguments.append(argument)
                depth = max(depth, try checked(argumentDepth + 1))
                if current.isSymbol(",") {
                    try advance()
                    continue
                }
                guard current.isSymbol(")") else {
                    throw ExpressionError(
                        at: current.location,
                        "expected ')' after arguments, found \(current.display)"
                    )
                }
                break
            }
        }
        leave()
        try advance()  // )
        return (.call(name: name, arguments: arguments, at: at), depth)
    }

    private mutating func parseReference(head: String, at: SourceLocation) throws(ExpressionError) -> Expression {
        var path = [head]
        while true {
            if current.isSymbol(".") {
                try advance()
                guard case .identifier(let member) = current.kind else {
                    throw ExpressionError(at: current.location, "expected a name after '.', found \(current.display)")
                }
                path.append(member)
                try advance()
            } else if current.isSymbol("[") {
                try advance()
                switch current.kind {
                case .string(let key): path.append(key)
                case .integer(let digits): path.append(Int64(digits).map { String($0) } ?? digits)
                default:
                    throw ExpressionError(
                        at: current.location,
                        "expected a string or integer inside '[ ]', found \(current.display)"
                    )
                }
                try advance()
                guard current.isSymbol("]") else {
                    throw ExpressionError(at: current.location, "expected ']' after index, found \(current.display)")
                }
                try advance()
            } else {
                return .reference(path: path, at: at)
            }
        }
    }
}
