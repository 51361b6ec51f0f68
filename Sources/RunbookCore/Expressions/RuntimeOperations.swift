/// The run-time semantics of the operators.
///
/// Numbers compare across int and float. A string holding a number compares (`==`, `<`, …) with a
/// number numerically, because captured command output arrives as text.
enum RuntimeOperations {
    static func negate(_ value: Value, at: SourceLocation) throws(ExpressionError) -> Value {
        switch value {
        case .int(let i):
            let (result, overflow) = Int64(0).subtractingReportingOverflow(i)
            if overflow { throw ExpressionError(at: at, "integer overflow in '-'") }
            return .int(result)
        case .double(let d): return .double(-d)
        default: throw ExpressionError(at: at, "cannot negate a \(value.type) value")
        }
    }

    static func apply(_ op: BinaryOperator, _ l: Value, _ r: Value, at: SourceLocation) throws(ExpressionError) -> Value
    {
        switch op {
        case .equal: return .bool(equal(l, r))
        case .notEqual: return .bool(!equal(l, r))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let order = compare(l, r) else {
                throw ExpressionError(at: at, "cannot compare \(l.type) with \(r.type) using '\(op)'")
            }
            switch op {
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .add, .subtract, .multiply, .divide:
            return try arithmetic(op, l, r, at: at)
        case .and: return .bool(l.isTruthy && r.isTruthy)
        case .or: return .bool(l.isTruthy || r.isTruthy)
        }
    }

    /// Equality with int/float and number/numeric-string coercion; null equals only null.
    static func equal(_ l: Value, _ r: Value) -> Bool {
        if let (a, b) = numbers(l, r) {
            if case .int(let x) = a, case .int(let y) = b { return x == y }
            return (a.numeric ?? .nan) == (b.numeric ?? .nan)
        }
        return l == r
    }

    /// -1, 0 or 1; nil when the values cannot be ordered.
    static func compare(_ l: Value, _ r: Value) -> Int? {
        if let (a, b) = numbers(l, r) {
            if case .int(let x) = a, case .int(let y) = b { return x < y ? -1 : (x == y ? 0 : 1) }
            guard let x = a.numeric, let y = b.numeric, !x.isNaN, !y.isNaN else { return nil }
            return x < y ? -1 : (x == y ? 0 : 1)
        }
        if case .string(let x) = l, case .string(let y) = r { return x < y ? -1 : (x == y ? 0 : 1) }
        return nil
    }

    /// Both values as numbers, when both are numbers or one is a number and the other numeric text.
    private static func numbers(_ l: Value, _ r: Value) -> (Value, Value)? {
        switch (isNumber(l), isNumber(r)) {
        case (true, true): return (l, r)
        case (true, false): return parsedNumber(r).map { (l, $0) }
        case (false, true): return parsedNumber(l).map { ($0, r) }
        case (false, false): return nil
        }
    }

    private static func isNumber(_ v: Value) -> Bool {
        switch v {
        case .int, .double: return true
        default: return false
        }
    }

    private static func parsedNumber(_ v: Value) -> Value? {
        guard case .string(let s) = v else { return nil }
        let trimmed = s.trimmingSpaces()
        if let i = Int64(trimmed) { return .int(i) }
        if let d = Double(trimmed), d.isFinite { return .double(d) }
        return nil
    }

    private static func arithmetic(
        _ op: BinaryOperator,
        _ l: Value,
        _ r: Value,
        at: SourceLocation
    ) throws(ExpressionError) -> Value {
        if op == .add, case .string(let a) = l, case .string(let b) = r { return .string(a + b) }
        guard isNumber(l), isNumber(r), let x = l.numeric, let y = r.numeric else {
            throw ExpressionError(at: at, "cannot apply '\(op)' to \(l.type) and \(r.type)")
        }
        if op == .divide {
            if y == 0 { throw ExpressionError(at: at, "division by zero") }
            return try finite(x / y, op, at)
        }
        if case .int(let a) = l, case .int(let b) = r {
            let (result, overflow) =
                switch op {
                case .add: a.addingReportingOverflow(b)
                case .subtract: a.subtractingReportingOverflow(b)
                default: a.multipliedReportingOverflow(by: b)
                }
            if overflow { throw ExpressionError(at: at, "integer overflow in '\(op)'") }
            return .int(result)
        }
        switch op {
        case .add: return try finite(x + y, op, at)
        case .subtract: return try finite(x - y, op, at)
        default: return try finite(x * y, op, at)
        }
    }

    private static func finite(_ d: Double, _ op: BinaryOperator, _ at: SourceLocation) throws(ExpressionError) -> Value
    {
        guard d.isFinite else { throw ExpressionError(at: at, "arithmetic overflow in '\(op)'") }
        return .double(d)
    }
}
