/// Finds secrets in a buffer of Unicode scalars (shared by `Redactor` and `StreamingRedactor`).
struct SecretMatcher: Sendable {
    /// The outcome of trying every secret at one position.
    enum Match: Equatable {
        /// No secret starts here.
        case none
        /// The longest secret starting here has this many scalars.
        case full(Int)
        /// A secret might start here, but the buffer ends before it can be decided.
        case undecided
    }

    /// Secrets by their first scalar, each list longest first.
    private let byFirstScalar: [Unicode.Scalar: [[Unicode.Scalar]]]
    /// The length of the longest secret in scalars (0 without secrets).
    let maxLength: Int

    init(secrets: [String]) {
        var unique = Set<[Unicode.Scalar]>()
        for secret in secrets where !secret.isEmpty {
            unique.insert(Array(secret.unicodeScalars))
        }
        var table: [Unicode.Scalar: [[Unicode.Scalar]]] = [:]
        for scalars in unique {
            guard let first = scalars.first else { continue }
            table[first, default: []].append(scalars)
        }
        for key in table.keys {
            table[key]?.sort { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
        }
        byFirstScalar = table
        maxLength = unique.map(\.count).max() ?? 0
    }

    /// Whether there is nothing to redact.
    var isEmpty: Bool { maxLength == 0 }

    /// The longest secret starting at `position` of `buffer`.
    ///
    /// Unless `isFinal`, a secret that the buffer's end cuts short (the rest of the buffer is a prefix
    /// of it) makes the answer `.undecided`, because more input could complete it.
    func match(in buffer: [Unicode.Scalar], at position: Int, isFinal: Bool) -> Match {
        guard let candidates = byFirstScalar[buffer[position]] else { return .none }
        let available = buffer.count - position
        for candidate in candidates {
            if candidate.count > available {
                if !isFinal && candidate[0..<available].elementsEqual(buffer[position...]) { return .undecided }
                continue
            }
            if buffer[position..<(position + candidate.count)].elementsEqual(candidate) {
                return .full(candidate.count)
            }
        }
        return .none
    }
}
