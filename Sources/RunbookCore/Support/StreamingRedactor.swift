/// Redacts secrets from output that arrives in chunks, such as a command's stdout.
///
/// A secret split across chunks is still redacted: `feed` returns only what is already safe to
/// show and holds back a short tail (shorter than the longest spelling of a secret) that could be the
/// start of a secret in one of its forms. `finish` flushes the rest.
///
/// Matching works on Unicode scalars (not grapheme clusters or bytes) and on the same encoded forms
/// as `Redactor`. Every scalar covered by at least one occurrence of any secret is
/// hidden; each maximal run of hidden scalars becomes one `***`, so overlapping or adjacent
/// occurrences are fully covered. Feeding a text in any chunking and then calling `finish` yields
/// exactly `Redactor.redact` of the whole text.
public struct StreamingRedactor: Sendable {
    private let matcher: SecretMatcher
    /// Scalars received but not yet emitted.
    private var pending: [Unicode.Scalar] = []
    /// Positions in `pending` below this index are covered by a secret already matched.
    private var coveredUntil = 0
    /// Whether the last emitted output was a `***` whose run may continue.
    private var inCoveredRun = false

    /// Creates a streaming redactor for these secret values (empty strings are ignored).
    public init(secrets: [String]) {
        matcher = SecretMatcher(secrets: secrets)
    }

    /// Creates a streaming redactor with the secrets of `redactor`.
    public init(_ redactor: Redactor) {
        matcher = redactor.matcher
    }

    /// The number of Unicode scalars currently held back.
    public var heldBackCount: Int { pending.count }

    /// Adds a chunk and returns the redacted text that is safe to emit now.
    public mutating func feed(_ chunk: String) -> String {
        if matcher.isEmpty && pending.isEmpty { return chunk }
        pending.append(contentsOf: chunk.unicodeScalars)
        return drain(isFinal: false)
    }

    /// Ends the stream: returns the redacted remainder and resets for a new stream.
    public mutating func finish() -> String {
        let out = drain(isFinal: true)
        pending = []
        coveredUntil = 0
        inCoveredRun = false
        return out
    }

    private mutating func drain(isFinal: Bool) -> String {
        var out = String.UnicodeScalarView()
        var position = 0
        scanning: while position < pending.count {
            switch matcher.match(in: pending, at: position, isFinal: isFinal) {
            case .undecided: break scanning
            case .full(let length): coveredUntil = max(coveredUntil, position + length)
            case .none: break
            }
            if position < coveredUntil {
                if !inCoveredRun {
                    out.append(contentsOf: "***".unicodeScalars)
                    inCoveredRun = true
                }
            } else {
                out.append(pending[position])
                inCoveredRun = false
            }
            position += 1
        }
        pending.removeFirst(position)
        coveredUntil = max(0, coveredUntil - position)
        return String(out)
    }
}
