/// A Bolt protocol version.
public struct BoltVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The major version.
    public var major: UInt8
    /// The minor version.
    public var minor: UInt8

    /// Creates a version.
    public init(_ major: UInt8, _ minor: UInt8) {
        self.major = major
        self.minor = minor
    }

    /// Orders by major, then minor.
    public static func < (a: BoltVersion, b: BoltVersion) -> Bool { (a.major, a.minor) < (b.major, b.minor) }

    /// `major.minor`.
    public var description: String { "\(major).\(minor)" }
}
