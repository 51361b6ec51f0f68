extension Expression {
    /// Evaluates the expression.
    ///
    /// - Throws: `ExpressionError` at the offending node for an undefined reference, a type error,
    ///   division by zero, integer overflow or a bad regular expression. Never traps.
    public func evaluate(in context: EvaluationContext) throws(ExpressionError) -> Value {
        try ExpressionEvaluator(context: context).evaluate(self)
    }
}

/// Evaluates expressions against one context.
struct ExpressionEvaluator {
    let context: EvaluationContext

    func evaluate(_ expression: Expression) throws(ExpressionError) -> Value {
        switch expression {
        case .literal(let value, _):
            return value
        case .reference(let path, let at):
            guard let value = context.resolve(path) else {
                throw ExpressionError(at: at, "undefined reference '\(Expression.describe(path: path))'")
            }
            return value
        case .unary(.not, let operand, _):
            return .bool(!(try evaluate(operand)).isTruthy)
        case .unary(.negate, let operand, let at):
            return try RuntimeOperations.negate(try evaluate(operand), at: at)
        case .binary(.and, let lhs, let rhs, _):
            guard try evaluate(lhs).isTruthy else { return .bool(false) }
            return .bool(try evaluate(rhs).isTruthy)
        case .binary(.or, let lhs, let rhs, _):
            if try evaluate(lhs).isTruthy { return .bool(true) }
            return .bool(try evaluate(rhs).isTruthy)
        case .binary(let op, let lhs, let rhs, let at):
            let left = try evaluate(lhs)
            let right = try evaluate(rhs)
            return try RuntimeOperations.apply(op, left, right, at: at)
        case .call(let name, let arguments, let at):
            var values: [Value] = []
            for argument in arguments { values.append(try evaluate(argument)) }
            return try RuntimeFunctions.call(name, values, arguments: arguments, at: at)
        }
    }
}
