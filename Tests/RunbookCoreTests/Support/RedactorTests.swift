import RunbookCore
import Testing

@Suite struct RedactorTests {
    @Test func positions() {
        let r = Redactor(secrets: ["hunter2"])
        #expect(r.redact("password is hunter2 ok") == "password is *** ok")
        #expect(r.redact("hunter2 first") == "*** first")
        #expect(r.redact("last hunter2") == "last ***")
        #expect(r.redact("hunter2") == "***")
        #expect(r.redact("a hunter2 b hunter2 c") == "a *** b *** c")
        #expect(r.redact("hunter") == "hunter")
        #expect(r.redact("") == "")
    }

    @Test func adjacentRepeatsCollapse() {
        let r = Redactor(secrets: ["pw"])
        #expect(r.redact("pwpw") == "***")
        #expect(r.redact("pwxpw") == "***x***")
    }

    @Test func overlappingAndNestedSecrets() {
        #expect(Redactor(secrets: ["pass", "password"]).redact("my password!") == "my ***!")
        #expect(Redactor(secrets: ["password", "pass"]).redact("pass password") == "*** ***")
        #expect(Redactor(secrets: ["abc", "bcd"]).redact("xabcdx") == "x***x")
        #expect(Redactor(secrets: ["aa"]).redact("aaa") == "***")
        #expect(Redactor(secrets: ["abcab"]).redact("abcabcab") == "***")
    }

    @Test func emptySecretsAreIgnored() {
        let r = Redactor(secrets: ["", ""])
        #expect(r.isEmpty)
        #expect(r.redact("anything") == "anything")
        #expect(Redactor(secrets: ["", "x"]).redact("axb") == "a***b")
    }

    @Test func metacharactersAndUnicode() {
        let r = Redactor(secrets: ["a.b*c+?(x)|[^$]\\d{2}", "pässwörd🔑", "秘密"])
        #expect(r.redact("1 a.b*c+?(x)|[^$]\\d{2} 2") == "1 *** 2")
        #expect(r.redact("aXbc") == "aXbc")
        #expect(r.redact("key=pässwörd🔑;") == "key=***;")
        #expect(r.redact("这是秘密。") == "这是***。")
        // Matching is by Unicode scalars: a decomposed spelling is a different secret.
        #expect(r.redact("pa\u{308}sswörd🔑") == "pa\u{308}sswörd🔑")
    }

    @Test func valuesAreRedactedDeeply() {
        let r = Redactor(secrets: ["s3cr3t", "tok"])
        let value: Value = .map([
            (key: "dsn", value: .string("postgres://u:s3cr3t@db/x")),
            (key: "list", value: .list([.string("tok"), .int(7), .map([(key: "s3cr3t", value: .string("a tok b"))])])),
            (key: "n", value: .null),
        ])
        let expected: Value = .map([
            (key: "dsn", value: .string("postgres://u:***@db/x")),
            (key: "list", value: .list([.string("***"), .int(7), .map([(key: "***", value: .string("a *** b"))])])),
            (key: "n", value: .null),
        ])
        #expect(r.redact(value) == expected)
        // Keys that become equal stay distinct.
        let keys: Value = .map([(key: "tok", value: .int(1)), (key: "s3cr3t", value: .int(2))])
        #expect(r.redact(keys) == .map([(key: "***", value: .int(1)), (key: "*** (2)", value: .int(2))]))
    }

    @Test func streamingSecretSplitAtEveryPoint() {
        let secrets = ["hunter2", "pässwörd🔑"]
        let redactor = Redactor(secrets: secrets)
        let texts = ["say hunter2 now", "hunter2", "xpässwörd🔑hunter2y", "no secret here", "hunte", "hunter2hunter"]
        for text in texts {
            let expected = redactor.redact(text)
            let scalars = Array(text.unicodeScalars)
            for split in 0...scalars.count {
                var stream = StreamingRedactor(secrets: secrets)
                let first = stream.feed(String(String.UnicodeScalarView(scalars[..<split])))
                #expect(!first.contains("hunter2") && !first.contains("pässwörd"))
                #expect(stream.heldBackCount <= redactor.maxSecretLength - 1)
                let second = stream.feed(String(String.UnicodeScalarView(scalars[split...])))
                let rest = stream.finish()
                #expect(first + second + rest == expected, "\(text) split at \(split)")
            }
        }
    }

    @Test func streamingEveryThreeWaySplitOfAnOverlap() {
        let secrets = ["abc", "bcd", "cdefg"]
        let text = "xxabcdefgyy"
        let expected = Redactor(secrets: secrets).redact(text)
        #expect(expected == "xx***yy")
        let chars = Array(text)
        for i in 0...chars.count {
            for j in i...chars.count {
                var stream = StreamingRedactor(secrets: secrets)
                let out =
                    stream.feed(String(chars[..<i])) + stream.feed(String(chars[i..<j]))
                    + stream.feed(String(chars[j...])) + stream.finish()
                #expect(out == expected, "splits \(i), \(j)")
            }
        }
    }

    @Test func streamingEmitsEarlyWhenNothingCanStartASecret() {
        var stream = StreamingRedactor(secrets: ["secret"])
        #expect(stream.feed("hello wor") == "hello wor")
        #expect(stream.heldBackCount == 0)
        #expect(stream.feed("ld, sec") == "ld, ")
        #expect(stream.heldBackCount == 3)
        #expect(stream.feed("ond") == "second")
        #expect(stream.feed("sec") == "")
        #expect(stream.finish() == "sec")
        // finish resets: the stream can be reused.
        #expect(stream.feed("secret") == "***")
        #expect(stream.finish() == "")
    }

    @Test func streamingMatchesOneShotOnRandomChunks() {
        var rng = SplitMix64(seed: 4242)
        let secrets = ["ab", "abab", "b😀c", "zz"]
        let redactor = Redactor(secrets: secrets)
        let alphabet: [Character] = ["a", "b", "c", "z", "😀", " "]
        for _ in 0..<500 {
            let text = String(
                (0..<Int.random(in: 0...30, using: &rng)).map { _ in
                    alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
                }
            )
            let out = StreamingRedactor.redactInRandomChunks(text, redactor, using: &rng)
            #expect(out == redactor.redact(text), "\(text)")
        }
    }
}
