/// The counts and example keys of a keyed diff (`compare op: same_rows`).
public struct KeyedDiffTally: Sendable {
    /// A difference class.
    public enum Class: String, Sendable, CaseIterable {
        /// A key only the left side has.
        case onlyLeft = "only_left"
        /// A key only the right side has.
        case onlyRight = "only_right"
        /// A key both sides have, with different values.
        case changed
    }

    /// Keys only on the left.
    public private(set) var onlyLeft = 0
    /// Keys only on the right.
    public private(set) var onlyRight = 0
    /// Keys on both sides with different values.
    public private(set) var changed = 0
    /// Keys on both sides with the same values.
    public private(set) var same = 0
    /// Rows read from each side.
    public private(set) var leftRows = 0
    /// Rows read from the right side.
    public private(set) var rightRows = 0
    /// Up to `limit` example keys of each class, in key order.
    public private(set) var examples: [Class: [Value]] = [:]
    /// How many examples of each class are kept.
    public let limit: Int

    /// Creates an empty tally keeping `examples` keys per class.
    public init(examples: Int) { self.limit = examples }

    /// Records one key's outcome: a difference class, or nil for the same row.
    public mutating func record(_ difference: Class?, key: [Value]) {
        switch difference {
        case nil:
            same += 1
            leftRows += 1
            rightRows += 1
            return
        case .onlyLeft:
            onlyLeft += 1
            leftRows += 1
        case .onlyRight:
            onlyRight += 1
            rightRows += 1
        case .changed:
            changed += 1
            leftRows += 1
            rightRows += 1
        }
        if let c = difference, examples[c, default: []].count < limit {
            examples[c, default: []].append(KeyOrder.display(key))
        }
    }

    /// All three difference counts.
    public var differences: Int { onlyLeft + onlyRight + changed }

    /// Whether both sides hold the same rows.
    public var holds: Bool { differences == 0 }

    /// The step's outputs.
    public var fields: [String: Value] {
        [
            "value": .bool(holds), "only_left": .int(Int64(onlyLeft)), "only_right": .int(Int64(onlyRight)),
            "changed": .int(Int64(changed)), "same": .int(Int64(same)), "left": .int(Int64(leftRows)),
            "right": .int(Int64(rightRows)), "difference": .int(Int64(differences)),
            "examples": .map(Class.allCases.map { (key: $0.rawValue, value: .list(examples[$0] ?? [])) }),
        ]
    }

    /// "3 only left, 1 only right, 2 changed, 994 same".
    public var summary: String {
        "\(onlyLeft) only left, \(onlyRight) only right, \(changed) changed, \(same) same"
    }

    /// One line per class with differences: its example keys.
    public var detail: String {
        Class.allCases.compactMap { c -> String? in
            let count: Int
            switch c {
            case .onlyLeft: count = onlyLeft
            case .onlyRight: count = onlyRight
            case .changed: count = changed
            }
            guard count > 0 else { return nil }
            let keys = (examples[c] ?? []).map(\.text).joined(separator: ", ")
            let more = count > (examples[c]?.count ?? 0) ? ", …" : ""
            return "\(c.rawValue) \(count): \(keys)\(more)"
        }.joined(separator: "\n")
    }
}
