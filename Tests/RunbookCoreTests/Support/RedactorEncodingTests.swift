import Foundation
import RunbookCore
import Testing

/// Secrets in the forms they travel in: JSON-escaped, percent-encoded, base64 — alone, embedded, streamed.
@Suite struct RedactorEncodingTests {
    /// A secret with every character that encoders treat specially.
    let secret = #"s3"cr/et+k&y=v\al"#
    var redactor: Redactor { Redactor(secrets: [secret]) }

    func jsonString(_ s: String, escapingSlashes: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = escapingSlashes ? [] : [.withoutEscapingSlashes]
        return String(decoding: try encoder.encode(s), as: UTF8.self)
    }

    func base64(_ s: String, urlSafe: Bool = false) -> String {
        let b = Data(s.utf8).base64EncodedString()
        guard urlSafe else { return b }
        return b.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test func jsonEscapedOnceAndTwiceWithAndWithoutEscapedSlashes() throws {
        for escapingSlashes in [true, false] {
            let once = try jsonString(secret, escapingSlashes: escapingSlashes)
            let twice = try jsonString(#"{"password":\#(once)}"#, escapingSlashes: escapingSlashes)
            for text in [once, twice, #"{"log":\#(twice),"n":1}"#] {
                let out = redactor.redact(text)
                #expect(!out.contains("cr/et") && !out.contains(#"cr\/et"#) && !out.contains("v\\"), "\(out)")
                #expect(out.contains("***"))
            }
        }
        #expect(try redactor.redact(jsonString(secret)) == #""***""#)
    }

    @Test func jsonUnicodeEscapesAsGoAndPythonWriteThem() {
        // Go escapes & as \u0026; Python's ensure_ascii escapes non-ASCII; any mix is one occurrence.
        let go = #"s3\"cr\/et+k\u0026y=v\\al"#
        #expect(redactor.redact("{\"p\":\"\(go)\"}") == #"{"p":"***"}"#)
        let unicode = Redactor(secrets: ["pässwörd🔑"])
        #expect(unicode.redact(#"x "p\u00e4ssw\u00F6rd\ud83d\udd11" y"#) == #"x "***" y"#)
    }

    @Test func percentEncodedWithPlusOrPercentTwentyForSpaces() throws {
        let strict = try #require(secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let query = try #require(secret.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed))
        for encoded in [strict, strict.lowercased(), query] {
            let out = redactor.redact("postgres://app:\(encoded)@db:5432/x?sslmode=require")
            #expect(out == "postgres://app:***@db:5432/x?sslmode=require", "\(encoded) → \(out)")
        }
        let spaced = Redactor(secrets: ["correct horse battery"])
        #expect(spaced.redact("q=correct+horse+battery&x=1") == "q=***&x=1")
        #expect(spaced.redact("q=correct%20horse%20battery") == "q=***")
    }

    @Test func base64AloneEmbeddedAtEveryAlignmentAndURLSafe() {
        #expect(!redactor.redact(base64(secret)).contains(String(base64(secret).dropFirst().dropLast(4))))
        for prefix in ["", "u", "us", "user:", "admin:", "ops-team:"] {
            let header = "Authorization: Basic " + base64(prefix + secret)
            let out = redactor.redact(header)
            // Left of *** only the prefix's characters (and one that mixes its bits with the secret's);
            // right of it at most one mixed character and padding.
            let parts = out.dropFirst("Authorization: Basic ".count).components(separatedBy: "***")
            #expect(parts.count == 2, "\(prefix): \(out)")
            #expect((parts.first?.count ?? 99) <= (prefix.utf8.count * 8 + 5) / 6, "\(prefix): \(out)")
            #expect((parts.last?.count ?? 99) <= 3, "\(prefix): \(out)")
            let urlSafe = redactor.redact(base64(prefix + secret + "!", urlSafe: true))
            #expect(urlSafe.contains("***"), "\(prefix): \(urlSafe)")
        }
        // Base64 of text without the secret is left alone.
        let other = base64("nothing to see here")
        #expect(redactor.redact(other) == other)
    }

    @Test func shortSecretsHaveNoBase64Patterns() {
        let r = Redactor(secrets: ["pw"])
        #expect(r.redact(base64("pw")) == base64("pw"))
        #expect(r.redact("pw") == "***")
    }

    @Test func streamingCatchesEveryFormAcrossEveryChunkBoundary() throws {
        let forms = [
            secret,
            try jsonString(secret),
            try jsonString(try jsonString(secret)),
            try #require(secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)),
            base64("user:" + secret),
        ]
        for form in forms {
            let text = "before \(form) after"
            let whole = redactor.redact(text)
            #expect(whole != text)
            let scalars = Array(text.unicodeScalars)
            for cut in 1..<scalars.count {
                var stream = StreamingRedactor(redactor)
                let head = String(String.UnicodeScalarView(scalars[..<cut]))
                let tail = String(String.UnicodeScalarView(scalars[cut...]))
                let out = stream.feed(head) + stream.feed(tail) + stream.finish()
                #expect(out == whole, "cut at \(cut) of \(form)")
            }
        }
    }

    @Test func mixedSpellingsAndRandomTextStreamLikeOneShot() {
        var rng = SplitMix64(seed: 1616)
        let secrets = [#"a"b\c"#, "x y+z", "base64-me!"]
        let r = Redactor(secrets: secrets)
        let alphabet: [String] = ["a", "b", "c", "\\", "\"", "%22", "%5C", "x", " ", "+", "y", "z", "%20", "u", "0"]
        for _ in 0..<400 {
            let text = (0..<Int.random(in: 0...25, using: &rng)).map { _ in
                alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
            }.joined()
            let out = StreamingRedactor.redactInRandomChunks(text, r, using: &rng)
            #expect(out == r.redact(text), "\(text)")
        }
    }
}
