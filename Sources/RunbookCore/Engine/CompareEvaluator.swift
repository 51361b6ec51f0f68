/// Applies a `compare` operator to two scalar values.
public enum CompareEvaluator {
    /// The verdict of one comparison.
    public struct Verdict: Sendable, Hashable {
        /// Whether the comparison holds.
        public var holds: Bool
        /// right − left when both are numbers.
        public var difference: Value
        /// "left 100 vs right 98 (difference −2, 2%): not equal".
        public var message: String
    }

    /// Compares `left` and `right` with `op`.
    public static func evaluate(_ op: CompareOperator, left: Value, right: Value) -> Verdict {
        let l = left.numeric
        let r = right.numeric
        var difference = Value.null
        var relative = ""
        if let l, let r {
            let d = r - l
            difference = d == d.rounded() && abs(d) < 1e15 ? .int(Int64(d)) : .double(d)
            if l != 0 { relative = ", \(Value.format(((abs(d) / abs(l)) * 10_000).rounded() / 100))%" }
        }
        let holds: Bool
        switch op {
        case .equal, .sameRows:
            if let l, let r { holds = l == r } else { holds = left.text == right.text }
        case .withinPercent(let p):
            guard let l, let r else { return notNumeric(left, right, op) }
            holds = abs(r - l) <= abs(l) * p / 100
        case .withinAbsolute(let a):
            guard let l, let r else { return notNumeric(left, right, op) }
            holds = abs(r - l) <= a
        case .leftGTE, .leftLTE, .leftGT, .leftLT:
            guard let l, let r else { return notNumeric(left, right, op) }
            switch op {
            case .leftGTE: holds = l >= r
            case .leftLTE: holds = l <= r
            case .leftGT: holds = l > r
            default: holds = l < r
            }
        }
        let diffText = difference == .null ? "" : " (difference \(difference.text)\(relative))"
        let message = "left \(left.text) vs right \(right.text)\(diffText): \(holds ? "holds" : "fails") \(op)"
        return Verdict(holds: holds, difference: difference, message: message)
    }

    static func notNumeric(_ left: Value, _ right: Value, _ op: CompareOperator) -> Verdict {
        Verdict(
            holds: false,
            difference: .null,
            message: "left \(left.text) vs right \(right.text): \(op) needs two numbers"
        )
    }
}
