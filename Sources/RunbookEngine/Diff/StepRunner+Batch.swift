import RunbookCore

extension StepRunner {
    /// A `batch:` rendered to a positive whole number.
    func batchSize(_ template: Template, context: EvaluationContext) throws -> Int {
        let value = try render { try template.render(in: context) }
        guard let n = value.numeric, n >= 1, n == n.rounded(), n <= 1_000_000 else {
            throw StepFailure("batch must be a whole number from 1 to 1000000, got \(value.text)")
        }
        return Int(n)
    }
}
