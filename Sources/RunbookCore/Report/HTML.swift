/// HTML text helpers for the report renderers.
public enum HTML {
    /// `s` safe inside HTML text and double- or single-quoted attribute values.
    ///
    /// Escapes `&`, `<`, `>`, `"` and `'`; control characters other than tab, newline and carriage
    /// return become U+FFFD so that the page stays well-formed.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A string usable as an element id or URL fragment: ASCII letters, digits, `-` and `_`; others `_`.
    public static func identifier(_ s: String) -> String {
        String(
            String.UnicodeScalarView(
                s.unicodeScalars.map {
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
                        ? $0 : "_"
                }
            )
        )
    }

    /// A number for SVG coordinates: integral values without a fraction, others with one decimal.
    static func number(_ d: Double) -> String {
        let tenths = Int64((d * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? sign + String(magnitude / 10) : sign + "\(magnitude / 10).\(magnitude % 10)"
    }
}
