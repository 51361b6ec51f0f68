import Foundation
import RunbookTestSupport

extension CLIHarness {
    /// The journals of every run in the state directory `state`, concatenated.
    func journalText(state: String = "s") -> String {
        let runs = dir.appendingPathComponent("\(state)/runs")
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
        return ids.map { read("\(state)/runs/\($0)/journal.jsonl") }.joined()
    }

    /// Kills the run's process group with SIGKILL as soon as its journal contains `marker` (or after `polls`
    /// polls 5 ms apart, or when it ended by itself), and reaps it.
    func kill(_ running: Running, once marker: String, polls: Int = 6000) async {
        var waited = 0
        while waited < polls, running.process.isRunning, !journalText().contains(marker) {
            await OffPool.pause(seconds: 0.005)
            waited += 1
        }
        running.killGroup()
        _ = await running.finish()
    }
}
