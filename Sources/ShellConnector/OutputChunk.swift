/// A piece of a process's output, passed on as soon as it is read for live display.
public struct OutputChunk: Sendable, Hashable {
    /// Which stream the text came from.
    public enum Stream: Sendable, Hashable {
        /// Standard output.
        case stdout
        /// Standard error.
        case stderr
    }

    /// Which stream the text came from.
    public var stream: Stream
    /// The text, decoded as UTF-8 with invalid bytes replaced by U+FFFD.
    ///
    /// A character split across two reads is delivered whole, in the later chunk.
    public var text: String

    /// Creates a chunk.
    public init(stream: Stream, text: String) {
        self.stream = stream
        self.text = text
    }
}
