import BoltClient

/// ISO 8601 text for Bolt temporal values (no time zone database: named zones keep the UTC instant).
enum TemporalFormatter {
    /// `YYYY-MM-DD` for days since 1970-01-01 (proleptic Gregorian calendar).
    static func date(days: Int64) -> String {
        // Civil-from-days (Hinnant's public-domain algorithm), eras of 146,097 days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let yearText = year < 0 ? "-" + pad(-year, 4) : (year > 9999 ? "+" + String(year) : pad(year, 4))
        return "\(yearText)-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// `HH:MM:SS[.fraction]` for nanoseconds since midnight.
    static func time(nanoseconds: Int64) -> String {
        let ns = ((nanoseconds % 86_400_000_000_000) + 86_400_000_000_000) % 86_400_000_000_000
        let seconds = ns / 1_000_000_000
        return "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
            + fraction(ns % 1_000_000_000)
    }

    /// `Z` or `±HH:MM[:SS]`.
    static func offset(_ seconds: Int64) -> String {
        if seconds == 0 { return "Z" }
        let sign = seconds < 0 ? "-" : "+"
        let a = abs(seconds)
        let rest = a % 60 == 0 ? "" : ":\(pad(a % 60, 2))"
        return "\(sign)\(pad(a / 3600, 2)):\(pad(a / 60 % 60, 2))\(rest)"
    }

    /// Local date and time for seconds since 1970-01-01T00:00 plus nanoseconds.
    static func localDateTime(seconds: Int64, nanoseconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        return date(days: days) + "T" + time(nanoseconds: secondOfDay * 1_000_000_000 + nanoseconds)
    }

    /// ISO 8601 duration such as `P1Y2M3DT4H5M6.5S`.
    static func duration(months: Int64, days: Int64, seconds: Int64, nanoseconds: Int64) -> String {
        var s = "P"
        if months / 12 != 0 { s += "\(months / 12)Y" }
        if months % 12 != 0 { s += "\(months % 12)M" }
        if days != 0 { s += "\(days)D" }
        let totalSeconds = seconds + nanoseconds / 1_000_000_000
        let ns = nanoseconds % 1_000_000_000
        if totalSeconds != 0 || ns != 0 {
            s += "T"
            if totalSeconds / 3600 != 0 { s += "\(totalSeconds / 3600)H" }
            if totalSeconds / 60 % 60 != 0 { s += "\(totalSeconds / 60 % 60)M" }
            if totalSeconds % 60 != 0 || ns != 0 { s += "\(totalSeconds % 60)" + fraction(abs(ns)) + "S" }
        }
        return s == "P" ? "PT0S" : s
    }

    private static func fraction(_ ns: Int64) -> String {
        guard ns != 0 else { return "" }
        var digits = pad(ns, 9)
        while digits.hasSuffix("0") { digits.removeLast() }
        return "." + digits
    }

    private static func pad(_ n: Int64, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
