/// Keeps the last `limit` bytes of a stream and counts the rest.
struct TailBuffer {
    let limit: Int
    private var bytes: [UInt8] = []
    /// Bytes appended in all.
    private(set) var total = 0

    init(limit: Int) {
        self.limit = limit
    }

    mutating func append(_ chunk: [UInt8]) {
        total += chunk.count
        if chunk.count >= limit {
            bytes = Array(chunk.suffix(limit))
            return
        }
        bytes += chunk
        // Trim in batches so appending stays amortised O(1) per byte.
        if bytes.count > 2 * limit { bytes.removeFirst(bytes.count - limit) }
    }

    /// The kept tail as text, and how many bytes were left out before it.
    ///
    /// When bytes were dropped, a partial UTF-8 sequence at the start of the tail is dropped too
    /// rather than shown as a replacement character.
    func finish() -> (text: String, dropped: Int) {
        var kept = bytes.suffix(limit)
        if total > kept.count {
            var skipped = 0
            while skipped < 3, let first = kept.first, first & 0xC0 == 0x80 {
                kept = kept.dropFirst()
                skipped += 1
            }
        }
        return (String(decoding: kept, as: UTF8.self), total - kept.count)
    }
}
