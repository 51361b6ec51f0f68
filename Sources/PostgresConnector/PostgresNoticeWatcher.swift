import CLibPQ

/// Receives the messages libpq gets outside a query and remembers whether one ended the session.
///
/// A backend terminated while the connection is idle (`pg_terminate_backend`, server shutdown) sends a FATAL
/// error and then closes the socket. libpq hands an error that arrives while idle to the notice receiver, and the
/// close may not have arrived yet, so the FATAL notice is the first sign that the connection is gone. Notices
/// themselves (`RAISE NOTICE`, `DROP … IF EXISTS`) are dropped rather than printed to stderr as libpq would.
final class PostgresNoticeWatcher {
    /// Whether a FATAL or PANIC message arrived since the last `reset()`.
    private(set) var sessionEnded = false

    /// Forgets what was seen (after reconnecting).
    func reset() { sessionEnded = false }

    /// Installs this watcher as the connection's notice receiver; the watcher must outlive the connection.
    func install(on connection: OpaquePointer) {
        PQsetNoticeReceiver(
            connection,
            { context, result in
                guard let context, let result else { return }
                guard let severity = PQresultErrorField(result, Int32(UInt8(ascii: "V"))) else { return }
                let text = String(cString: severity)
                if text == "FATAL" || text == "PANIC" {
                    Unmanaged<PostgresNoticeWatcher>.fromOpaque(context).takeUnretainedValue().sessionEnded = true
                }
            },
            Unmanaged.passUnretained(self).toOpaque()
        )
    }
}
