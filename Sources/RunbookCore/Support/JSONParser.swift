/// A strict RFC 8259 JSON parser producing `Value`s.
///
/// - Numbers without a fraction or exponent that fit in `Int64` become `.int`; every other number
///   becomes `.double`. A number too large for a finite `Double` (such as `1e400`) is an error.
/// - Objects become `.map` with their keys in document order. A duplicate key is an error; keys are
///   compared as Swift strings, so two keys that differ only in Unicode normalization count as
///   duplicates.
/// - Strings: control characters (U+0000–U+001F) must be escaped; `\u` escapes of UTF-16 surrogates
///   must form a valid high/low pair — a lone surrogate is an error (never silently replaced).
///   Raw bytes must be valid UTF-8.
/// - Containers may nest at most `maximumDepth` (512) levels.
/// - Only the four JSON whitespace characters are allowed between tokens; no comments, no trailing
///   commas, no leading zeros, no `NaN`/`Infinity`.
///
/// The parser is iterative (no recursion), so deep input cannot exhaust the stack, and it never
/// traps on any input: every failure is a `JSONParseError` with a byte offset.
public enum JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 512

    /// Parses a JSON text.
    public static func parse(_ text: String) throws(JSONParseError) -> Value {
        var scanner = JSONScanner(bytes: Array(text.utf8))
        return try scanner.parseDocument()
    }

    /// Parses a JSON text given as UTF-8 bytes (invalid UTF-8 inside strings is an error).
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> Value {
        var scanner = JSONScanner(bytes: Array(bytes))
        return try scanner.parseDocument()
    }
}
