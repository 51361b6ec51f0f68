import Foundation
import RunbookEngine

/// Resolves a `RUN|JOURNAL` argument: a journal file, a run directory, a run id or a unique prefix.
enum JournalArgument {
    /// The journal path, or exit 2 with a message.
    static func path(_ run: String, state: StateOptions) throws -> String {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: run, isDirectory: &isDir), !run.hasSuffix("/") {
            return isDir.boolValue ? run + "/journal.jsonl" : run
        }
        return state.directory.journalPath(try state.resolveRun(run))
    }
}
