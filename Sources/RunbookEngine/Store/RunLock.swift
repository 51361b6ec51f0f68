import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One run at a time per runbook and state directory.
///
/// An exclusive `flock(2)` on `locks/<runbook>.lock`: the kernel releases it when the holder dies, so a lock left
/// by a dead process is recovered automatically. The file records the holder (run id, host, pid) for the message
/// a second run prints.
public final class RunLock {
    private let fd: Int32
    /// The lock file.
    public let path: String

    /// Who holds a lock.
    public struct Holder: Sendable, CustomStringConvertible {
        /// Run id, host, pid, since — as written by the holder.
        public var text: String
        public var description: String { text.isEmpty ? "another process (no holder recorded)" : text }
    }

    /// Why the lock could not be taken.
    public enum Failure: Error {
        /// Another live process holds it.
        case held(Holder)
        /// The lock file cannot be used.
        case io(String)
    }

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// Takes the lock without waiting, recording `holder`.
    public static func acquire(path: String, holder: String) throws(Failure) -> RunLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io("cannot open lock \(path): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let text = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingSpaces() ?? ""
            close(fd)
            throw .held(Holder(text: text))
        }
        ftruncate(fd, 0)
        let bytes = Array((holder + "\n").utf8)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        fsync(fd)
        return RunLock(fd: fd, path: path)
    }

    /// Updates the recorded holder (for example once the run id is known).
    public func record(_ holder: String) {
        ftruncate(fd, 0)
        let bytes = Array((holder + "\n").utf8)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    /// Releases the lock.
    public func release() {
        ftruncate(fd, 0)
        flock(fd, LOCK_UN)
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
