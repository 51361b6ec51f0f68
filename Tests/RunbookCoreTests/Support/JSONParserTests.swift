import RunbookCore
import Testing

@Suite struct JSONParserTests {
    // MARK: Valid documents

    @Test func rfc8259ObjectExample() throws {
        let text = """
            {
              "Image": {
                "Width":  800,
                "Height": 600,
                "Title":  "View from 15th Floor",
                "Thumbnail": {
                  "Url":    "http://www.example.com/image/481989943",
                  "Height": 125,
                  "Width":  100
                },
                "Animated" : false,
                "IDs": [116, 943, 234, 38793]
              }
            }
            """
        let value = try JSONParser.parse(text)
        let image = try #require(value["Image"])
        #expect(image["Width"] == .int(800))
        #expect(image["Title"] == .string("View from 15th Floor"))
        #expect(image["Thumbnail"]?["Url"] == .string("http://www.example.com/image/481989943"))
        #expect(image["Animated"] == .bool(false))
        #expect(image["IDs"] == .list([.int(116), .int(943), .int(234), .int(38793)]))
        guard case .map(let pairs) = image else {
            Issue.record("not a map")
            return
        }
        #expect(pairs.map(\.key) == ["Width", "Height", "Title", "Thumbnail", "Animated", "IDs"])
    }

    @Test func rfc8259ArrayExample() throws {
        let text = """
            [
              {
                 "precision": "zip",
                 "Latitude":  37.7668,
                 "Longitude": -122.3959,
                 "Address":   "",
                 "City":      "SAN FRANCISCO",
                 "State":     "CA",
                 "Zip":       "94107",
                 "Country":   "US"
              },
              {
                 "precision": "zip",
                 "Latitude":  37.371991,
                 "Longitude": -122.026020,
                 "Address":   "",
                 "City":      "SUNNYVALE",
                 "State":     "CA",
                 "Zip":       "94085",
                 "Country":   "US"
              }
            ]
            """
        let value = try JSONParser.parse(text)
        guard case .list(let items) = value else {
            Issue.record("not a list")
            return
        }
        #expect(items.count == 2)
        #expect(items[0]["Latitude"] == .double(37.7668))
        #expect(items[1]["Longitude"] == .double(-122.026020))
        #expect(items[1]["City"] == .string("SUNNYVALE"))
    }

    @Test(arguments: [
        ("42", Value.int(42)),
        ("-0", .int(0)),
        (" \t\r\n true \n", .bool(true)),
        ("false", .bool(false)),
        ("null", .null),
        ("\"\"", .string("")),
        ("[]", .list([])),
        ("{}", .map([])),
        ("[[], {}, [null]]", .list([.list([]), .map([]), .list([.null])])),
        ("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", .string("\"\\/\u{08}\u{0C}\n\r\t")),
        ("\"\\u00e9\\u00E9é\"", .string("ééé")),
        ("\"\\ud83d\\ude00 😀\"", .string("😀 😀")),
        ("\"\\u0000\"", .string("\u{0}")),
        ("\"\\u2028\"", .string("\u{2028}")),
        ("{\"a\":{\"a\":1}}", .map([(key: "a", value: .map([(key: "a", value: .int(1))]))])),
    ])
    func validDocuments(text: String, expected: Value) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test func numbers() throws {
        #expect(isInt(try JSONParser.parse("9223372036854775807"), Int64.max))
        #expect(isInt(try JSONParser.parse("-9223372036854775808"), Int64.min))
        #expect(isDouble(try JSONParser.parse("9223372036854775808"), 9_223_372_036_854_775_808.0))
        #expect(isDouble(try JSONParser.parse("-9223372036854775809"), -9_223_372_036_854_775_809.0))
        #expect(isDouble(try JSONParser.parse("1e2"), 100))
        #expect(isDouble(try JSONParser.parse("1E+2"), 100))
        #expect(isDouble(try JSONParser.parse("2.50"), 2.5))
        #expect(isDouble(try JSONParser.parse("-0.0"), 0))
        #expect(isDouble(try JSONParser.parse("1e-400"), 0))
        #expect(isDouble(try JSONParser.parse("5e-324"), .leastNonzeroMagnitude))
        #expect(isDouble(try JSONParser.parse("1.7976931348623157e308"), Double.greatestFiniteMagnitude))
        #expect(throws: JSONParseError.self) { try JSONParser.parse(String(repeating: "9", count: 400)) }
        let huge = try JSONParser.parse("1" + String(repeating: "0", count: 30))
        #expect(isDouble(huge, 1e30))
    }

    // MARK: Invalid documents

    @Test(arguments: [
        "", " ", "[", "]", "{", "}", "[1,]", "[,1]", "{\"a\":1,}", "{,}", "[1 2]", "[1,,2]",
        "01", "-01", "00", "1.", ".5", "+1", "-", "1e", "1e+", "1.e3", "0x10", "1_000",
        "NaN", "Infinity", "-Infinity", "tru", "nul", "fals", "True", "NULL",
        "\"abc", "\"a\tb\"", "\"a\nb\"", "\"\u{1F}\"", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\",
        "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\ud800x\"", "\"\\ude00\\ud83d\"",
        "{a:1}", "{'a':1}", "{\"a\" 1}", "{\"a\":}", "{1:2}", "{\"a\":1 \"b\":2}",
        "1 2", "[1]x", "{} {}", "// comment\n1", "/* c */ 1", "\u{FEFF}1", "\u{A0}1", "[1]\u{0}",
        "1e400", "-1e400",
    ])
    func invalidDocuments(text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func errorOffsets() {
        #expect(parseError("[1,]")?.offset == 3)
        #expect(parseError("{\"a\":1,\"a\":2}")?.offset == 7)
        #expect(parseError("{\"a\":1,\"a\":2}")?.message == "duplicate key \"a\" in object")
        #expect(parseError("01")?.message == "leading zeros are not allowed in numbers")
        #expect(parseError("[1] 2")?.offset == 4)
        #expect(parseError("\"\\ud800\"")?.message == "lone high surrogate in \\u escape")
    }

    @Test func duplicateKeysAnywhere() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse("{\"x\":[{\"k\":1,\"j\":2,\"k\":3}]}") }
        #expect(throws: JSONParseError.self) { try JSONParser.parse("{\"\\u0061\":1,\"a\":2}") }
        // Same key in sibling objects is fine.
        #expect((try? JSONParser.parse("[{\"k\":1},{\"k\":2}]")) != nil)
    }

    @Test func invalidUTF8IsAnError() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xFF, 0x22] as [UInt8]) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xC3, 0x22] as [UInt8]) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xED, 0xA0, 0x80, 0x22] as [UInt8]) }
        #expect((try? JSONParser.parse([0x22, 0xC3, 0xA9, 0x22] as [UInt8])) == .string("é"))
    }

    @Test func depthLimit() throws {
        let limit = JSONParser.maximumDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect((try? JSONParser.parse(deepest)) != nil)
        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        #expect(parseError(tooDeep)?.message == "nesting deeper than 512 levels")
        let objects = String(repeating: "{\"a\":", count: limit) + "1" + String(repeating: "}", count: limit)
        #expect((try? JSONParser.parse(objects)) != nil)
        let tooDeepObjects =
            String(repeating: "{\"a\":", count: limit + 1) + "1" + String(repeating: "}", count: limit + 1)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(tooDeepObjects) }
        // Way past the limit, unterminated: an error, not a crash.
        #expect(throws: JSONParseError.self) { try JSONParser.parse(String(repeating: "[", count: 200_000)) }
    }

    // MARK: Round trip and fuzz

    @Test func writerEscapesExactlyTheCharactersJSONNeeds() {
        // Journal hashes depend on these bytes: escapes must stay exactly as they are.
        let text = "a\"\\\n\r\t\u{8}\u{C}\u{1}\u{1F}é\u{2028}\u{2029}\u{2027}😀/\u{7F}z"
        #expect(
            JSONWriter.string(.string(text)) == #""a\"\\\n\r\t\b\f\u0001\u001fé\u2028\u2029"# + "\u{2027}😀/\u{7F}z\""
        )
        #expect(JSONWriter.string(.string("")) == "\"\"")
        #expect(JSONWriter.string(.string("\u{E2}")) == "\"\u{E2}\"")
    }

    @Test func roundTripsRandomValuesThroughJSONWriter() throws {
        var rng = SplitMix64(seed: 8259)
        for _ in 0..<500 {
            let value = randomValue(depth: 0, using: &rng)
            let compact = JSONWriter.string(value)
            let parsed = try JSONParser.parse(compact)
            #expect(identical(parsed, value), "\(compact)")
            #expect(identical(try JSONParser.parse(JSONWriter.pretty(value)), value))
        }
    }

    @Test func fuzzRandomBytesNeverCrash() {
        var rng = SplitMix64(seed: 20_000)
        let alphabet =
            Array("{}[]\",:\\/-+.0123456789eEtruefalsnul \t\n\r".utf8) + [0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xED, 0xFF]
        var accepted = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...48, using: &rng)
            let bytes: [UInt8] = (0..<length).map { _ in
                Bool.random(using: &rng)
                    ? alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
                    : UInt8.random(in: 0...255, using: &rng)
            }
            if (try? JSONParser.parse(bytes)) != nil { accepted += 1 }
        }
        #expect(accepted >= 0)
    }

    @Test func fuzzMutatedDocumentsNeverCrash() {
        var rng = SplitMix64(seed: 77)
        for _ in 0..<2_000 {
            var bytes = Array(JSONWriter.string(randomValue(depth: 0, using: &rng)).utf8)
            for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[i] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: i)
                default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: i)
                }
            }
            _ = try? JSONParser.parse(bytes)
        }
    }

    // MARK: Helpers

    private func parseError(_ text: String) -> JSONParseError? {
        do {
            _ = try JSONParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    private func isInt(_ value: Value, _ expected: Int64) -> Bool {
        if case .int(let i) = value { return i == expected }
        return false
    }

    private func isDouble(_ value: Value, _ expected: Double) -> Bool {
        if case .double(let d) = value { return d == expected }
        return false
    }
}

/// Structural equality that, unlike `==`, tells `.int(1)` from `.double(1)`.
func identical(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.double(let x), .double(let y)): return x == y
    case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
    case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
    case (.map(let x), .map(let y)):
        return x.count == y.count
            && zip(x, y).allSatisfy {
                $0.key.unicodeScalars.elementsEqual($1.key.unicodeScalars) && identical($0.value, $1.value)
            }
    default: return false
    }
}

/// A random string: ASCII, control characters, quotes, backslashes, accents, CJK, emoji.
func randomString(using rng: inout SplitMix64) -> String {
    let pool: [Unicode.Scalar] = [
        "a", "b", "z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "\u{301}",
        "ß", "中", "\u{2028}", "\u{FFFF}", "😀", "\u{10FFFF}", "{", "}", "[", ":", ",",
    ]
    var s = String.UnicodeScalarView()
    for _ in 0..<Int.random(in: 0...12, using: &rng) {
        if Int.random(in: 0..<4, using: &rng) == 0,
            let scalar = Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &rng))
        {
            s.append(scalar)
        } else {
            s.append(pool[Int.random(in: 0..<pool.count, using: &rng)])
        }
    }
    return String(s)
}

/// A random value with finite doubles and unique map keys.
func randomValue(depth: Int, using rng: inout SplitMix64) -> Value {
    let kind = Int.random(in: 0..<(depth >= 4 ? 5 : 7), using: &rng)
    switch kind {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &rng))
    case 2:
        let choices: [Int64] = [0, 1, -1, .max, .min, Int64.random(in: .min ... .max, using: &rng)]
        return .int(choices[Int.random(in: 0..<choices.count, using: &rng)])
    case 3:
        var d = Double(bitPattern: rng.next())
        if !d.isFinite { d = Double.random(in: -1e6...1e6, using: &rng) }
        let choices: [Double] = [
            d, 0.5, -2.0, 1e15, 1e300, .leastNonzeroMagnitude, 123456.789,
            Double(Int.random(in: -1000...1000, using: &rng)),
        ]
        return .double(choices[Int.random(in: 0..<choices.count, using: &rng)])
    case 4: return .string(randomString(using: &rng))
    case 5:
        return .list((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(depth: depth + 1, using: &rng) })
    default:
        var pairs: [(key: String, value: Value)] = []
        var keys = Set<String>()
        for _ in 0..<Int.random(in: 0...4, using: &rng) {
            let key = randomString(using: &rng)
            guard keys.insert(key).inserted else { continue }
            pairs.append((key: key, value: randomValue(depth: depth + 1, using: &rng)))
        }
        return .map(pairs)
    }
}
