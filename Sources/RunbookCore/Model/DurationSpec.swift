/// A duration written the way operators write them: `30s`, `10m`, `3h30m`, `500ms`, `1d`.
public struct DurationSpec: Hashable, Sendable, CustomStringConvertible {
    /// The duration in milliseconds.
    public var milliseconds: Int64

    /// Creates a duration from milliseconds.
    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Creates a duration from seconds.
    public init(seconds: Int64) {
        self.milliseconds = seconds * 1000
    }

    /// The duration as a Swift `Duration`.
    public var duration: Duration { .milliseconds(milliseconds) }

    /// The duration in seconds, as a Double.
    public var seconds: Double { Double(milliseconds) / 1000 }

    /// Canonical text, largest units first: `3h30m`, `1m30s`, `250ms`.
    public var description: String {
        if milliseconds == 0 { return "0s" }
        var rest = milliseconds
        var out = ""
        for (unit, size) in DurationSpec.units {
            if rest >= size {
                out += "\(rest / size)\(unit)"
                rest %= size
            }
        }
        return out
    }

    private static let units: [(String, Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1),
    ]

    /// Parses `1h30m`, `45s`, `1.5h`, `200ms`; `nil` for anything else (such as `10 parsecs`).
    public static func parse(_ text: String) -> DurationSpec? {
        let scalars = Array(text.trimmingSpaces().unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        var i = 0
        var total: Double = 0
        while i < scalars.count {
            var number = ""
            while i < scalars.count, ("0"..."9").contains(scalars[i]) || scalars[i] == "." {
                number.unicodeScalars.append(scalars[i])
                i += 1
            }
            var unit = ""
            while i < scalars.count, ("a"..."z").contains(scalars[i]) {
                unit.unicodeScalars.append(scalars[i])
                i += 1
            }
            guard let value = Double(number), let size = units.first(where: { $0.0 == unit })?.1 else { return nil }
            total += value * Double(size)
        }
        guard total.isFinite, total < 1e15 else { return nil }
        return DurationSpec(milliseconds: Int64(total.rounded()))
    }
}
