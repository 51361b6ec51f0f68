/// Writes `Value`s as compact, deterministic JSON (map keys keep their order).
///
/// Deterministic output matters: journal lines are hashed, and plan JSON is diffed by people.
public enum JSONWriter {
    /// The JSON text of a value.
    public static func string(_ value: Value) -> String {
        var out = ""
        write(value, into: &out, indent: nil, level: 0)
        return out
    }

    /// The JSON text of a value, pretty-printed with two-space indentation.
    public static func pretty(_ value: Value) -> String {
        var out = ""
        write(value, into: &out, indent: "  ", level: 0)
        return out
    }

    private static func write(_ value: Value, into out: inout String, indent: String?, level: Int) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isFinite {
                out += d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) + ".0" : String(d)
            } else {
                out += "null"
            }
        case .string(let s): writeString(s, into: &out)
        case .list(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent: indent, level: level + 1)
                write(item, into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent: indent, level: level)
            out += "]"
        case .map(let pairs):
            if pairs.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (i, pair) in pairs.enumerated() {
                if i > 0 { out += "," }
                newline(&out, indent: indent, level: level + 1)
                writeString(pair.key, into: &out)
                out += indent == nil ? ":" : ": "
                write(pair.value, into: &out, indent: indent, level: level + 1)
            }
            newline(&out, indent: indent, level: level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, indent: String?, level: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<level { out += indent }
    }

    /// Appends `s` as a JSON string literal.
    ///
    /// Copies runs of characters that need no escape in one append; only `"`, `\\`, controls and
    /// U+2028/U+2029 are escaped (all of them start at a scalar boundary, so the runs are valid slices).
    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        let utf8 = s.utf8
        var runStart = utf8.startIndex
        var i = runStart
        while i != utf8.endIndex {
            let (escape, width) = escapeAt(i, in: utf8)
            guard let escape else {
                i = utf8.index(after: i)
                continue
            }
            out += s[runStart..<i]
            out += escape
            i = utf8.index(i, offsetBy: width)
            runStart = i
        }
        out += s[runStart..<utf8.endIndex]
        out += "\""
    }

    /// The escape for the character starting at `i`, and how many UTF-8 bytes it replaces; nil if none is needed.
    private static func escapeAt(_ i: String.UTF8View.Index, in utf8: String.UTF8View) -> (String?, Int) {
        let byte = utf8[i]
        switch byte {
        case UInt8(ascii: "\""): return ("\\\"", 1)
        case UInt8(ascii: "\\"): return ("\\\\", 1)
        case UInt8(ascii: "\n"): return ("\\n", 1)
        case UInt8(ascii: "\r"): return ("\\r", 1)
        case UInt8(ascii: "\t"): return ("\\t", 1)
        case 0x08: return ("\\b", 1)
        case 0x0C: return ("\\f", 1)
        case 0..<0x20:
            let hex = String(byte, radix: 16)
            return ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex, 1)
        case 0xE2:
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
            let second = utf8.index(after: i)
            guard second != utf8.endIndex, utf8[second] == 0x80 else { return (nil, 1) }
            let third = utf8.index(after: second)
            guard third != utf8.endIndex else { return (nil, 1) }
            switch utf8[third] {
            case 0xA8: return ("\\u2028", 3)
            case 0xA9: return ("\\u2029", 3)
            default: return (nil, 1)
            }
        default: return (nil, 1)
        }
    }
}
