/// The forms a secret travels in, as patterns for `SecretMatcher`.
///
/// A pattern is a list of slots, one per scalar of the secret, each holding the spellings that scalar
/// may take: itself, its JSON string escapes (`\"`, `\\`, `\/`, `\n`, `\u0026`, …), those escaped once
/// more (a JSON string inside a JSON string), and its percent-encoding (`%2B`/`%2b`, space as `%20` or
/// `+`). Any mix of spellings within one occurrence matches, so every encoder's choice of which
/// characters to escape is covered. Base64 cannot be spelled scalar by scalar: each secret also yields
/// literal patterns for the base64 characters that depend only on its bytes, at each of the three
/// byte alignments (so `user:secret` encoded for Basic auth is caught), in the standard and the URL-safe
/// alphabet. Fragments shorter than `minimumBase64Fragment` characters are left out (secrets shorter than
/// five bytes have no base64 patterns) to keep ordinary text from matching.
enum SecretSpellings {
    /// The spellings of one scalar.
    typealias Slot = [[Unicode.Scalar]]
    /// A secret as a sequence of slots.
    typealias Pattern = [Slot]

    /// The shortest base64 fragment that is redacted.
    static let minimumBase64Fragment = 6

    /// Every pattern for `secret`: its scalar-by-scalar spellings and its base64 fragments.
    static func patterns(for secret: String) -> [Pattern] {
        var out: [Pattern] = [secret.unicodeScalars.map(spellings)]
        for fragment in base64Fragments(of: Array(secret.utf8)) {
            out.append(fragment.unicodeScalars.map { [[$0]] })
        }
        return out
    }

    /// The spellings of `c`, itself first, without duplicates.
    static func spellings(of c: Unicode.Scalar) -> Slot {
        let escaped = jsonEscapes(of: c)
        var all: [String] = [String(c)] + escaped
        all += escaped.map { escapeForJSONString($0, slashes: false) }
        all += escaped.map { escapeForJSONString($0, slashes: true) }
        all += percentEncodings(of: c)
        var seen = Set<String>()
        return all.filter { seen.insert($0).inserted }.map { Array($0.unicodeScalars) }
    }

    /// The JSON string escapes of `c` (not including `c` itself).
    static func jsonEscapes(of c: Unicode.Scalar) -> [String] {
        var out: [String] = []
        switch c {
        case "\"": out.append("\\\"")
        case "\\": out.append("\\\\")
        case "/": out.append("\\/")
        case "\n": out.append("\\n")
        case "\r": out.append("\\r")
        case "\t": out.append("\\t")
        case "\u{08}": out.append("\\b")
        case "\u{0C}": out.append("\\f")
        default: break
        }
        let isAlphanumeric = c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c))
        if !isAlphanumeric {
            var units: [UInt16] = []
            if c.value < 0x1_0000 {
                units = [UInt16(c.value)]
            } else {
                let v = c.value - 0x1_0000
                units = [UInt16(0xD800 + (v >> 10)), UInt16(0xDC00 + (v & 0x3FF))]
            }
            for uppercase in [false, true] {
                out.append(units.map { "\\u" + hex($0, digits: 4, uppercase: uppercase) }.joined())
            }
        }
        return out
    }

    /// `s` as the contents of a JSON string (how an escaped form is escaped again): `"` and `\` escaped, and
    /// `/` too when `slashes` (as encoders that escape slashes write it).
    static func escapeForJSONString(_ s: String, slashes: Bool) -> String {
        var out = ""
        for c in s.unicodeScalars {
            if c == "\"" || c == "\\" || (slashes && c == "/") { out.append("\\") }
            out.unicodeScalars.append(c)
        }
        return out
    }

    /// The percent-encodings of `c` (upper- and lowercase hex; `+` for a space); none for unreserved characters.
    static func percentEncodings(of c: Unicode.Scalar) -> [String] {
        let unreserved =
            c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "-._~".unicodeScalars.contains(c))
        if unreserved { return [] }
        let bytes = Array(String(c).utf8)
        var out = [false, true].map { uppercase in
            bytes.map { "%" + hex(UInt16($0), digits: 2, uppercase: uppercase) }.joined()
        }
        if c == " " { out.append("+") }
        return out
    }

    /// The base64 fragments of `bytes` at each alignment, in both alphabets, long enough to redact.
    static func base64Fragments(of bytes: [UInt8]) -> [String] {
        var out: [String] = []
        for alignment in 0..<3 {
            let core = base64Core(of: bytes, alignment: alignment)
            guard core.count >= minimumBase64Fragment else { continue }
            let standard = String(String.UnicodeScalarView(core.map { standardAlphabet[Int($0)] }))
            let urlSafe = String(String.UnicodeScalarView(core.map { urlSafeAlphabet[Int($0)] }))
            for fragment in [standard, urlSafe] where !out.contains(fragment) { out.append(fragment) }
        }
        return out
    }

    /// The 6-bit groups of base64 that depend only on `bytes` when `alignment` bytes precede them.
    static func base64Core(of bytes: [UInt8], alignment: Int) -> [UInt8] {
        let firstBit = 8 * alignment
        let endBit = firstBit + 8 * bytes.count
        var out: [UInt8] = []
        var group = (firstBit + 5) / 6
        while 6 * group + 6 <= endBit {
            var v: UInt8 = 0
            for bit in (6 * group)..<(6 * group + 6) {
                let index = (bit - firstBit) / 8
                let shift = 7 - (bit - firstBit) % 8
                v = (v << 1) | ((bytes[index] >> UInt8(shift)) & 1)
            }
            out.append(v)
            group += 1
        }
        return out
    }

    private static let standardAlphabet = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".unicodeScalars
    )
    private static let urlSafeAlphabet = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".unicodeScalars
    )

    private static func hex(_ value: UInt16, digits: Int, uppercase: Bool) -> String {
        let s = String(value, radix: 16, uppercase: uppercase)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }
}
