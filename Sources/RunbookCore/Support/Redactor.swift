/// Replaces every occurrence of every secret value, raw or encoded, with `***`.
///
/// Matching works on Unicode scalars: a secret matches where its scalar sequence occurs (no Unicode
/// normalization, no case folding), each scalar spelled as itself or in an encoded form — JSON string
/// escapes (also escaped twice), percent-encoding — and the secret's base64 fragments at every byte
/// alignment match too (see `SecretSpellings`). Every scalar covered by any occurrence of any
/// secret is hidden, and each maximal run of hidden scalars becomes a single `***` — so overlapping
/// secrets (`abc`, `bcd` in `abcd`) and a secret containing another (`pass`, `password`) leave no
/// fragment behind. Secrets are plain text: regular-expression metacharacters have no meaning.
public struct Redactor: Sendable {
    let matcher: SecretMatcher

    /// Creates a redactor for these secret values.
    ///
    /// Empty strings are ignored.
    public init(secrets: [String]) {
        matcher = SecretMatcher(secrets: secrets)
    }

    /// Whether the redactor has no secrets (and so returns its input unchanged).
    public var isEmpty: Bool { matcher.isEmpty }

    /// The most Unicode scalars one occurrence of a secret, in any spelling, can cover (0 without secrets).
    public var maxSecretLength: Int { matcher.maxLength }

    /// `s` with every secret replaced by `***`.
    public func redact(_ s: String) -> String {
        if matcher.isEmpty { return s }
        var stream = StreamingRedactor(self)
        return stream.feed(s) + stream.finish()
    }

    /// `v` with secrets redacted deeply: strings, strings inside lists and maps, and map keys.
    ///
    /// Numbers, booleans and null are left as they are. If redaction makes two keys of one map
    /// equal, later ones get a suffix (`*** (2)`, `*** (3)`, …) so the map keeps unique keys.
    public func redact(_ v: Value) -> Value {
        if matcher.isEmpty { return v }
        switch v {
        case .null, .bool, .int, .double: return v
        case .string(let s): return .string(redact(s))
        case .list(let items): return .list(items.map { redact($0) })
        case .map(let pairs):
            var seen = Set<String>()
            var out: [(key: String, value: Value)] = []
            out.reserveCapacity(pairs.count)
            for pair in pairs {
                var key = redact(pair.key)
                if seen.contains(key) {
                    var n = 2
                    while seen.contains("\(key) (\(n))") { n += 1 }
                    key = "\(key) (\(n))"
                }
                seen.insert(key)
                out.append((key: key, value: redact(pair.value)))
            }
            return .map(out)
        }
    }
}
