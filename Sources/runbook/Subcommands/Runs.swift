import ArgumentParser
import Foundation
import RunbookCore
import RunbookEngine

extension RunbookCommand {
    /// `runbook runs`.
    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List runs in the state directory.")

        @OptionGroup var state: StateOptions

        func run() async throws {
            let store = try await state.store()
            var lines: [String] = []
            for id in try await Launch.reporting({ try await store.runIDs() }) {
                guard let s = await StateOptions.runState(store, id) else {
                    lines.append("\(id)  (unreadable journal)")
                    continue
                }
                let status = s.outcome?.rawValue ?? (s.interrupted ? "stopped" : "unfinished")
                let done = s.status.values.filter { $0 == .succeeded }.count
                let holder =
                    s.outcome == nil ? await store.holder(of: s.runbookID).flatMap { $0.contains(id) ? $0 : nil } : nil
                lines.append(
                    "\(id)  \(status)  started \(s.startedAt) by \(s.operatorName)  \(done) steps done"
                        + (holder.map { "  [held: \($0)]" } ?? "")
                )
            }
            FileHandleOutput.stdout(
                lines.isEmpty ? "no runs in \(store.location)\n" : lines.joined(separator: "\n") + "\n"
            )
        }
    }
}
