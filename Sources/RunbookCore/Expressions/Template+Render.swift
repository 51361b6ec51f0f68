extension Template {
    /// Renders the template: a single expression yields its value with its type; anything else
    /// yields the literal text with each expression's `Value.text` in place.
    public func render(in context: EvaluationContext) throws(ExpressionError) -> Value {
        if let expression = singleExpression { return try expression.evaluate(in: context) }
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text): out += text
            case .expression(let expression, _, _): out += try expression.evaluate(in: context).text
            }
        }
        return .string(out)
    }
}
