/// Static checking of expressions: the types of operands, functions and references, reported as
/// diagnostics at the offending position before anything runs.
///
/// `.any` (captures, env) is compatible with everything and checked at run time.
public enum ExpressionTypeChecker {
    /// The static type of `expression` and every problem found in it.
    public static func check(
        _ expression: Expression,
        in environment: TypeEnvironment
    ) -> (type: ValueType, diagnostics: [Diagnostic]) {
        var checker = TypeCheckerState(environment: environment)
        let type = checker.check(expression)
        return (type, checker.diagnostics)
    }

    /// The static type of a rendered template (the expression's type for a single expression,
    /// otherwise string) and every problem in its expressions.
    public static func check(
        _ template: Template,
        in environment: TypeEnvironment
    ) -> (type: ValueType, diagnostics: [Diagnostic]) {
        var checker = TypeCheckerState(environment: environment)
        var type = ValueType.string
        for part in template.parts {
            if case .expression(let expression, _, _) = part { type = checker.check(expression) }
        }
        return (template.isSingleExpression ? type : .string, checker.diagnostics)
    }
}

/// The diagnostics collected while checking one expression.
private struct TypeCheckerState {
    let environment: TypeEnvironment
    var diagnostics: [Diagnostic] = []

    init(environment: TypeEnvironment) {
        self.environment = environment
    }

    private mutating func error(_ at: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.error, at: at, message))
    }

    mutating func check(_ expression: Expression) -> ValueType {
        switch expression {
        case .literal(let value, _):
            return value.type
        case .reference(let path, let at):
            switch environment.resolve(path, at) {
            case .success(let type): return type
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
                return .any
            }
        case .unary(.not, let operand, _):
            _ = check(operand)
            return .bool
        case .unary(.negate, let operand, let at):
            let type = check(operand)
            if type.isNumeric { return type }
            error(at, "cannot negate a \(type) value")
            return .any
        case .binary(let op, let lhs, let rhs, let at):
            let left = check(lhs)
            let right = check(rhs)
            return checkBinary(op, left, right, at: at)
        case .call(let name, let arguments, let at):
            guard let function = BuiltinFunction(rawValue: name) else {
                error(at, "unknown function '\(name)'\(Suggestion.hint(for: name, in: BuiltinFunction.names))")
                for argument in arguments { _ = check(argument) }
                return .any
            }
            let types = arguments.map { check($0) }
            return checkCall(function, arguments, types, at: at)
        }
    }

    // MARK: - Operators

    private mutating func checkBinary(
        _ op: BinaryOperator,
        _ l: ValueType,
        _ r: ValueType,
        at: SourceLocation
    ) -> ValueType {
        switch op {
        case .and, .or:
            return .bool
        case .equal, .notEqual:
            if !TypeRules.canTestEquality(l, r) { error(at, "cannot compare \(l) with \(r) using '\(op)'") }
            return .bool
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            if !TypeRules.canOrder(l, r) { error(at, "cannot compare \(l) with \(r) using '\(op)'") }
            return .bool
        case .add, .subtract, .multiply, .divide:
            if let type = TypeRules.arithmetic(op, l, r) { return type }
            error(at, "cannot apply '\(op)' to \(l) and \(r)")
            return .any
        }
    }

    // MARK: - Functions

    private mutating func checkCall(
        _ function: BuiltinFunction,
        _ arguments: [Expression],
        _ types: [ValueType],
        at: SourceLocation
    ) -> ValueType {
        let name = function.rawValue
        guard function.accepts(argumentCount: arguments.count) else {
            let expected =
                switch function {
                case .len, .abs: "1 argument"
                case .contains, .matches: "2 arguments"
                case .format: "at least 1 argument"
                }
            error(at, "'\(name)' expects \(expected), got \(arguments.count): \(function.signature)")
            return resultType(function, types)
        }
        let argument = { (i: Int) in (type: types[i], location: arguments[i].location) }
        switch function {
        case .len:
            require(argument(0), in: [.string, .list, .map], "len() needs a string, list or map")
        case .contains:
            require(argument(0), in: [.string, .list], "contains() searches a string or a list")
            if types[0] == .string {
                require(argument(1), in: [.string], "contains() on a string needs a string to look for")
            }
        case .matches:
            require(argument(0), in: [.string, .int, .float, .bool, .null], "matches() needs a text value")
            require(argument(1), in: [.string], "matches() needs a pattern string")
            if case .literal(.string(let pattern), let patternAt) = arguments[1] {
                do {
                    _ = try Regex(pattern)
                } catch {
                    self.error(patternAt, "invalid regular expression \(ExpressionLexer.quoted(pattern)): \(error)")
                }
            }
        case .abs:
            require(argument(0), in: [.int, .float], "abs() needs a number")
        case .format:
            require(argument(0), in: [.string], "format() needs a format string first")
            if case .literal(.string(let format), let formatAt) = arguments[0] {
                checkFormat(format, at: formatAt, argumentCount: arguments.count - 1)
            }
        }
        return resultType(function, types)
    }

    private mutating func checkFormat(_ format: String, at: SourceLocation, argumentCount: Int) {
        switch BuiltinFunction.placeholders(in: format) {
        case .failure(let problem):
            error(at, problem.message)
        case .success(let indices):
            if let missing = indices.first(where: { $0 >= argumentCount }) {
                let given = argumentCount == 1 ? "1 value is" : "\(argumentCount) values are"
                error(at, "format placeholder {\(missing)} has no value (\(given) given)")
            }
        }
    }

    private func resultType(_ function: BuiltinFunction, _ types: [ValueType]) -> ValueType {
        switch function {
        case .len: return .int
        case .contains, .matches: return .bool
        case .abs: return types.first.map { $0 == .int || $0 == .float ? $0 : .any } ?? .any
        case .format: return .string
        }
    }

    private mutating func require(
        _ argument: (type: ValueType, location: SourceLocation),
        in allowed: [ValueType],
        _ message: String
    ) {
        if argument.type == .any || allowed.contains(argument.type) { return }
        error(argument.location, "\(message), got \(argument.type)")
    }
}
