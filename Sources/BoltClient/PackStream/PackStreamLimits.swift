/// Limits that keep a hostile or broken peer from exhausting the decoder.
public struct PackStreamLimits: Sendable, Hashable {
    /// The deepest nesting of lists, maps and structures accepted.
    public var maximumDepth: Int
    /// The largest string, byte array, list or map length accepted.
    public var maximumLength: Int

    /// Creates limits.
    public init(maximumDepth: Int = 128, maximumLength: Int = 256 * 1024 * 1024) {
        self.maximumDepth = maximumDepth
        self.maximumLength = maximumLength
    }

    /// 128 levels and 256 MiB.
    public static let `default` = PackStreamLimits()
}
