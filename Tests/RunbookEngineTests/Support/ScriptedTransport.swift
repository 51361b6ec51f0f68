import Foundation
import RunbookCore
import RunbookEngine
import Synchronization

/// A notification transport that plays a scripted sink per URL (no network): `ok` records the body, `refused`
/// fails at once as a refused connection would, `hang` sends nothing back until the request's timeout passes on the
/// given clock, then fails as a timed-out request would.
final class ScriptedTransport: NotificationTransport {
    enum Behaviour: Sendable { case ok, refused, hang }

    struct Refused: Error, CustomStringConvertible { var description: String { "connection refused" } }
    struct TimedOut: Error, CustomStringConvertible { var description: String { "no response within the timeout" } }

    let behaviours: [String: Behaviour]
    let clock: any RunClock
    let log = Mutex<[(url: String, body: String)]>([])

    init(_ behaviours: [String: Behaviour], clock: any RunClock) {
        self.behaviours = behaviours
        self.clock = clock
    }

    func post(_ url: String, body: [UInt8], timeout: Duration) async throws -> Int {
        log.withLock { $0.append((url, String(decoding: body, as: UTF8.self))) }
        switch behaviours[url] ?? .ok {
        case .ok: return 200
        case .refused: throw Refused()
        case .hang:
            try await clock.sleep(for: timeout)
            throw TimedOut()
        }
    }

    /// The bodies posted to `url`, parsed.
    func bodies(_ url: String) -> [Value] {
        log.withLock { $0 }.filter { $0.url == url }.compactMap { try? JSONParser.parse($0.body) }
    }

    /// How many attempts reached `url`.
    func attempts(_ url: String) -> Int { log.withLock { $0 }.filter { $0.url == url }.count }
}
