#if os(Linux)
import Glibc
import RunbookCore

/// Reads Linux's `/proc` to find live members of a process group.
enum ProcessTable {
    /// Whether a process in group `pgid` exists and is not a zombie.
    static func hasRunningProcess(inGroup pgid: pid_t) -> Bool {
        guard let directory = opendir("/proc") else { return true }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = pid_t(name), let stat = status(of: pid) else { continue }
            if stat.group == pgid, stat.state != "Z", stat.state != "X" { return true }
        }
        return false
    }

    /// A process's state letter and process group, from `/proc/PID/stat`; `nil` if it is gone.
    static func status(of pid: pid_t) -> (state: Character, group: pid_t)? {
        guard let text = read("/proc/\(pid)/stat"), let stat = ProcStat(text) else { return nil }
        return (stat.state, stat.group)
    }

    private static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}
#endif
