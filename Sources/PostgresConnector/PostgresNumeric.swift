import RunbookCore

/// Decides how a `numeric` value is represented.
enum PostgresNumeric {
    /// `.double` when converting the decimal text to a double and back gives the same decimal number (so
    /// `0.1`, `1.50` and `12345` become doubles), otherwise the server's text as `.string` (more than ~15–17
    /// significant digits, `NaN`, values out of double range).
    static func value(_ text: String) -> Value {
        guard let d = Double(text), d.isFinite, let exact = canonical(text), exact == canonical(String(d)) else {
            return .string(text)
        }
        return .double(d)
    }

    /// A decimal as `[-]digits e exponent` meaning 0.digits × 10^exponent, without leading or trailing zeros.
    static func canonical(_ text: String) -> String? {
        var negative = false
        var digits: [UInt8] = []
        var pointPosition: Int?
        var exponent = 0
        var bytes = Substring(text).utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        while let b = bytes.first {
            if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                digits.append(b)
            } else if b == UInt8(ascii: "."), pointPosition == nil {
                pointPosition = digits.count
            } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                guard let e = Int(String(decoding: bytes.dropFirst(), as: UTF8.self)) else { return nil }
                exponent = e
                bytes = bytes[bytes.endIndex...]
                break
            } else {
                return nil
            }
            bytes = bytes.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var point = (pointPosition ?? digits.count) + exponent
        while let first = digits.first, first == UInt8(ascii: "0") {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0") { digits.removeLast() }
        if digits.isEmpty { return "0" }
        return (negative ? "-" : "") + String(decoding: digits, as: UTF8.self) + "e" + String(point)
    }
}
