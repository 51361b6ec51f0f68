import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Who and where: `user@host`, pid.
public enum Identity {
    /// The user name (`$USER`, else the passwd entry, else the uid).
    public static var user: String {
        if let u = ProcessInfo.processInfo.environment["USER"], !u.isEmpty { return u }
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "uid\(getuid())"
    }

    /// The host name.
    public static var host: String {
        ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost"
    }

    /// `user@host`.
    public static var operatorName: String { "\(user)@\(host)" }

    /// This process id.
    public static var pid: Int { Int(getpid()) }

    /// Whether a process is alive.
    public static func isAlive(pid: Int32) -> Bool { kill(pid, 0) == 0 || errno == EPERM }
}
