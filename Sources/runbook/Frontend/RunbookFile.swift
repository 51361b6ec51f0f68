import ArgumentParser
import RunbookCore

#if canImport(Glibc)
import Glibc
#endif

/// Reads and loads a runbook file, printing diagnostics as `FILE:LINE:COL: error: message`.
enum RunbookFile {
    /// Reads a whole file; throws a message naming the path on failure.
    static func readBytes(_ path: String) throws(FileReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileReadError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            throw FileReadError(path: path, reason: "is a directory")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileReadError(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
            if bytes.count > RunbookLoader.maximumByteCount { break }
        }
        return bytes
    }

    /// Loads a runbook; prints its diagnostics to stderr.
    ///
    /// Returns `nil` if it has errors.
    static func load(_ path: String, printWarnings: Bool = true) -> Runbook? {
        let bytes: [UInt8]
        do {
            bytes = try readBytes(path)
        } catch {
            FileHandleOutput.stderr("\(path): error: cannot read: \(error.reason)\n")
            return nil
        }
        return load(path, bytes: bytes, printWarnings: printWarnings)
    }

    /// Loads a runbook from bytes already read; prints its diagnostics to stderr.
    static func load(_ path: String, bytes: [UInt8], printWarnings: Bool = true) -> Runbook? {
        let result = RunbookLoader.load(bytes: bytes)
        for d in result.diagnostics where d.severity == .error || printWarnings {
            FileHandleOutput.stderr(d.rendered(file: path) + "\n")
        }
        return result.runbook
    }
}

/// A file that could not be read.
struct FileReadError: Error {
    let path: String
    let reason: String
}
