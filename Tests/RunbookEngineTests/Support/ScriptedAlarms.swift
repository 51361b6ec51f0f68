import Foundation
import RunbookEngine
import Synchronization

/// `abort_if` answers played from a script (no Prometheus): the n-th query gets the n-th answer, the last answer
/// repeats; `nil` in the script fails that query as an unreachable server would.
final class ScriptedAlarms: AlarmSource {
    struct Unreachable: Error, CustomStringConvertible { var description: String { "connection refused" } }

    let script: [AlarmAnswer?]
    let asked = Mutex<[String]>([])
    /// Awaited with the number of the query (1-based) before it is answered.
    let onQuery: @Sendable (Int) async -> Void

    init(_ script: [AlarmAnswer?], onQuery: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.script = script
        self.onQuery = onQuery
    }

    static let quiet = AlarmAnswer(series: 0, text: "[]")
    static let firing = AlarmAnswer(
        series: 1,
        text: #"[{"metric":{"__name__":"neo4j_write_failure_total"},"value":[1764590000,"5"]}]"#
    )

    func query(prometheus: String, query: String) async throws -> AlarmAnswer {
        let n = asked.withLock {
            $0.append(query)
            return $0.count
        }
        await onQuery(n)
        guard let answer = script[min(n, script.count) - 1] else { throw Unreachable() }
        return answer
    }
}
