extension ValueTemplate {
    /// The value with its templates evaluated: YAML literals keep their types, a template that is exactly one
    /// `${{ }}` keeps the expression's type, any other template is a string.
    public func render(in context: EvaluationContext) throws(ExpressionError) -> Value {
        try ExpectEvaluator.render(self, context)
    }
}
