import RunbookCore

extension StreamingRedactor {
    /// `text` fed through a fresh stream of `redactor` in random pieces, then finished.
    static func redactInRandomChunks(_ text: String, _ redactor: Redactor, using rng: inout SplitMix64) -> String {
        var stream = StreamingRedactor(redactor)
        var out = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            let n = Int.random(in: 1...max(1, rest.count), using: &rng)
            out += stream.feed(String(rest.prefix(n)))
            rest = rest.dropFirst(n)
        }
        return out + stream.finish()
    }
}
