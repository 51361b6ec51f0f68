/// Finds secrets, in any of the forms `SecretSpellings` lists, in a buffer of Unicode scalars.
///
/// Shared by `Redactor` and `StreamingRedactor`.
struct SecretMatcher: Sendable {
    /// The outcome of trying every pattern at one position.
    enum Match: Equatable {
        /// No secret starts here.
        case none
        /// The longest occurrence starting here covers this many scalars.
        case full(Int)
        /// A secret might start here, but the buffer ends before it can be decided.
        case undecided
    }

    /// Every pattern of every secret.
    private let patterns: [SecretSpellings.Pattern]
    /// For each pattern whose slots each have one single-scalar spelling (base64 fragments), those scalars:
    /// matched by a plain comparison.
    private let literals: [[Unicode.Scalar]?]
    /// Indexes into `patterns` by a scalar their first slot can start with.
    private let byFirstScalar: [Unicode.Scalar: [Int]]
    /// The most scalars one occurrence can cover (0 without secrets).
    let maxLength: Int

    init(secrets: [String]) {
        var unique = Set<String>()
        var patterns: [SecretSpellings.Pattern] = []
        for secret in secrets where !secret.isEmpty && unique.insert(secret).inserted {
            patterns += SecretSpellings.patterns(for: secret)
        }
        var table: [Unicode.Scalar: [Int]] = [:]
        for (index, pattern) in patterns.enumerated() {
            guard let first = pattern.first else { continue }
            var starts = Set<Unicode.Scalar>()
            for spelling in first { if let s = spelling.first { starts.insert(s) } }
            for s in starts { table[s, default: []].append(index) }
        }
        self.patterns = patterns
        literals = patterns.map { pattern in
            pattern.allSatisfy { $0.count == 1 && $0[0].count == 1 } ? pattern.map { $0[0][0] } : nil
        }
        byFirstScalar = table
        maxLength = patterns.map { $0.reduce(0) { $0 + ($1.map(\.count).max() ?? 0) } }.max() ?? 0
    }

    /// Whether there is nothing to redact.
    var isEmpty: Bool { maxLength == 0 }

    /// The longest occurrence of any secret starting at `position` of `buffer`.
    ///
    /// Unless `isFinal`, an occurrence that the buffer's end might cut short makes the answer
    /// `.undecided`, because more input could complete it.
    func match(in buffer: [Unicode.Scalar], at position: Int, isFinal: Bool) -> Match {
        guard let candidates = byFirstScalar[buffer[position]] else { return .none }
        var longest = 0
        for index in candidates {
            let outcome =
                literals[index].map { match(literal: $0, in: buffer, at: position, isFinal: isFinal) }
                ?? match(patterns[index], in: buffer, at: position, isFinal: isFinal)
            switch outcome {
            case .undecided: return .undecided
            case .full(let length): longest = max(longest, length)
            case .none: break
            }
        }
        return longest > 0 ? .full(longest) : .none
    }

    /// Matches a pattern of single scalars.
    private func match(literal: [Unicode.Scalar], in buffer: [Unicode.Scalar], at position: Int, isFinal: Bool) -> Match
    {
        let available = buffer.count - position
        if literal.count > available {
            let prefix = !isFinal && literal[0..<available].elementsEqual(buffer[position...])
            return prefix ? .undecided : .none
        }
        return buffer[position..<(position + literal.count)].elementsEqual(literal) ? .full(literal.count) : .none
    }

    /// Matches one pattern, tracking every buffer position its slots can reach (no backtracking blow-up).
    private func match(
        _ pattern: SecretSpellings.Pattern,
        in buffer: [Unicode.Scalar],
        at position: Int,
        isFinal: Bool
    ) -> Match {
        var reached = [position]
        var next: [Int] = []
        for slot in pattern {
            next.removeAll(keepingCapacity: true)
            for start in reached {
                let available = buffer.count - start
                for spelling in slot {
                    if spelling.count > available {
                        if !isFinal && spelling[0..<available].elementsEqual(buffer[start...]) { return .undecided }
                        continue
                    }
                    let end = start + spelling.count
                    if !next.contains(end), buffer[start..<end].elementsEqual(spelling) { next.append(end) }
                }
            }
            if next.isEmpty { return .none }
            swap(&reached, &next)
        }
        return .full((reached.max() ?? position) - position)
    }
}
