import Foundation
import RunbookCore
import RunbookEngine
import Testing

/// A journal whose last line was torn by a crash: opening cuts the tail off and records `journal.repaired` before
/// it returns, so the repair is on disk even if nothing is appended afterwards, and the chain stays whole.
struct FileJournalRepairTests {
    /// A fresh run directory `<tmp>/runs/<id>/` and the path of its journal.
    func journalPath() throws -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("runbook-repair-\(UUID().uuidString)/runs/repair-20260101-000000-0001")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("journal.jsonl").path
    }

    /// The `type` and `seq` of every line of the file, parsed with Foundation's JSON reader (not the tool's).
    func lines(_ path: String) throws -> [(type: String, seq: Int)] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return (object?["type"] as? String ?? "?", object?["seq"] as? Int ?? -1)
        }
    }

    /// Whether the file's hash chain verifies.
    func verifies(_ path: String) throws -> Bool {
        JournalReader.read(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path)))).problem == nil
    }

    /// A journal of two events, sealed, whose third line was torn mid-write.
    func tornJournal() async throws -> String {
        let path = try journalPath()
        let first = try await FileJournal.open(path: path)
        try await first.append(JournalEventType.runStarted, .map([("run_id", .string("repair"))]))
        try await first.append(JournalEventType.stepSkipped, .map([("step", .string("a"))]))
        try await first.seal()
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"seq\":2,\"ty".utf8))
        try handle.close()
        return path
    }

    @Test func theRepairIsOnDiskAsSoonAsTheJournalIsOpenAndTheChainVerifies() async throws {
        let path = try await tornJournal()

        let reopened = try await FileJournal.open(path: path)
        #expect(reopened.openWarnings.count == 1)
        #expect(reopened.openWarnings.first?.contains("torn by a crash") == true)
        // Before any append: the torn bytes are gone and the repair is recorded in their place.
        let opened = try lines(path)
        #expect(
            opened.map(\.type) == [
                JournalEventType.runStarted, JournalEventType.stepSkipped, JournalEventType.journalRepaired,
            ]
        )
        #expect(opened.map(\.seq) == [0, 1, 2])
        #expect(try verifies(path))
        #expect(reopened.events.last?.type == JournalEventType.journalRepaired)

        // The next event follows it, and the repair is not written a second time.
        let event = try await reopened.append(JournalEventType.stepSkipped, .map([("step", .string("b"))]))
        #expect(event.seq == 3)
        try await reopened.seal()
        let written = try lines(path)
        #expect(written.map(\.seq) == [0, 1, 2, 3])
        #expect(written.filter { $0.type == JournalEventType.journalRepaired }.count == 1)
        #expect(try verifies(path))
        let head = try String(contentsOfFile: (path as NSString).deletingLastPathComponent + "/head", encoding: .utf8)
        #expect(head.hasPrefix("3 "))
    }

    @Test func reopeningARepairedJournalRecordsNothingMore() async throws {
        let path = try await tornJournal()
        _ = try await FileJournal.open(path: path)
        let again = try await FileJournal.open(path: path)
        #expect(again.openWarnings.isEmpty)
        #expect(try lines(path).filter { $0.type == JournalEventType.journalRepaired }.count == 1)
        #expect(try lines(path).count == 3)
        #expect(try verifies(path))
    }

    @Test func openingARunInTheFileStoreRecordsTheRepairBeforeAnyAppend() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-repair-\(UUID().uuidString)")
        let store = FileRunStore(root: root.path)
        let runID = "repair-20260101-000000-0002"
        let lock = try store.lock(runbookID: "repair", runID: runID)
        let created = try await store.createRun(runID, runbookID: "repair", runbook: Array("x".utf8), lock: lock)
        try await created.append(JournalEventType.runStarted, .map([("run_id", .string(runID))]))
        let path = store.journalLocation(runID)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"seq\":1,".utf8))
        try handle.close()

        // A resume that stops before appending anything (say, of a run that already finished) still keeps the record.
        let opened = try await store.openJournal(runID, lock: lock)
        #expect(opened.openWarnings.count == 1)
        #expect(try lines(path).map(\.type) == [JournalEventType.runStarted, JournalEventType.journalRepaired])
        #expect(try verifies(path))
        await lock.release()
    }
}
