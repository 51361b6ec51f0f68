import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes small files atomically: temp file, fsync, rename.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        let temp = path + ".tmp.\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw JournalStoreError("cannot write \(temp): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == bytes.count, synced == 0, rename(temp, path) == 0 else {
            unlink(temp)
            throw JournalStoreError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
