/// Which static types the operators accept, shared by the type checker.
enum TypeRules {
    /// Whether `==`/`!=` can ever be true between values of these types.
    ///
    /// Null compares with anything, int with float, duration with string.
    static func canTestEquality(_ l: ValueType, _ r: ValueType) -> Bool {
        if l == .any || r == .any || l == .null || r == .null || l == r { return true }
        if isNumber(l) && isNumber(r) { return true }
        let textual: Set<ValueType> = [.string, .duration]
        return textual.contains(l) && textual.contains(r)
    }

    /// Whether `< <= > >=` accept these types: both numbers, both strings or both durations.
    static func canOrder(_ l: ValueType, _ r: ValueType) -> Bool {
        let orderable: Set<ValueType> = [.any, .int, .float, .string, .duration]
        guard orderable.contains(l), orderable.contains(r) else { return false }
        if l == .any || r == .any || l == r { return true }
        return isNumber(l) && isNumber(r)
    }

    /// The result type of `+ - * /`, or nil when the operands can never be combined.
    static func arithmetic(_ op: BinaryOperator, _ l: ValueType, _ r: ValueType) -> ValueType? {
        let operand: Set<ValueType> = op == .add ? [.any, .int, .float, .string] : [.any, .int, .float]
        guard operand.contains(l), operand.contains(r) else { return nil }
        if op == .add, l == .string || r == .string {
            return l == .int || l == .float || r == .int || r == .float ? nil : .string
        }
        if op == .divide { return .float }
        if l == .int && r == .int { return .int }
        if l == .float || r == .float { return .float }
        return .any
    }

    private static func isNumber(_ t: ValueType) -> Bool { t == .int || t == .float }
}
