import NIOCore

extension ByteBuffer {
    /// Runs `body`, restoring the reader index when it returns `nil` (need more bytes) or throws.
    mutating func parseUnwindingIfNeeded<T>(_ body: (inout ByteBuffer) throws -> T?) rethrows -> T? {
        let saved = readerIndex
        do {
            guard let value = try body(&self) else {
                moveReaderIndex(to: saved)
                return nil
            }
            return value
        } catch {
            moveReaderIndex(to: saved)
            throw error
        }
    }
}
