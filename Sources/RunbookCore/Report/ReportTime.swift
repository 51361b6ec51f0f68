/// Journal timestamps as numbers, and durations as short text (pure, no clock).
public enum ReportTime {
    /// Milliseconds since 1970 for an RFC 3339 UTC time such as `2026-11-25T15:34:49.123Z`.
    ///
    /// Accepts an optional fraction of any length and a `Z` or `±hh:mm` offset; returns `nil` for
    /// anything else.
    public static func milliseconds(_ text: String) -> Int64? {
        let s = Array(text.utf8)
        guard s.count >= 19, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-"),
            s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: " "), s[13] == UInt8(ascii: ":"),
            s[16] == UInt8(ascii: ":"),
            let year = number(s, 0, 4), let month = number(s, 5, 2), let day = number(s, 8, 2),
            let hour = number(s, 11, 2), let minute = number(s, 14, 2), let second = number(s, 17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var millis: Int64 = 0
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            var scale: Int64 = 100
            while i < s.count, let digit = digit(s[i]) {
                millis += digit * scale
                scale /= 10
                i += 1
            }
        }
        var offsetMinutes: Int64 = 0
        if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            guard i + 6 == s.count, let h = number(s, i + 1, 2), let m = number(s, i + 4, 2) else { return nil }
            offsetMinutes = (h * 60 + m) * (s[i] == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        } else if i < s.count, s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") {
            i += 1
        }
        guard i == s.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = ((days * 24 + hour) * 60 + minute) * 60 + second - offsetMinutes * 60
        return seconds * 1000 + millis
    }

    /// A duration for people: `850ms`, `4.2s`, `3m07s`, `2h05m`.
    public static func duration(milliseconds ms: Int64) -> String {
        if ms < 1000 { return "\(max(ms, 0))ms" }
        if ms < 60_000 {
            let tenths = (ms + 50) / 100
            return "\(tenths / 10).\(tenths % 10)s"
        }
        let seconds = (ms + 500) / 1000
        if seconds < 3600 { return "\(seconds / 60)m" + pad(seconds % 60) + "s" }
        return "\(seconds / 3600)h" + pad(seconds % 3600 / 60) + "m"
    }

    /// The clock part of a journal time: `15:34:49.123`.
    public static func clock(_ text: String) -> String {
        guard let t = text.firstIndex(of: "T") else { return text }
        return String(text[text.index(after: t)...].prefix(12))
    }

    private static func pad(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }

    private static func digit(_ byte: UInt8) -> Int64? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int64(byte - UInt8(ascii: "0")) : nil
    }

    private static func number(_ s: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        guard start + count <= s.count else { return nil }
        var n: Int64 = 0
        for i in start..<(start + count) {
            guard let d = digit(s[i]) else { return nil }
            n = n * 10 + d
        }
        return n
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
