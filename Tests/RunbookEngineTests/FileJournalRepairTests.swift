import Foundation
import RunbookCore
import RunbookEngine
import Testing

/// A journal whose last line was torn by a crash: opening cuts the tail off at once and the next write records
/// `journal.repaired` before its own event, so the chain stays whole.
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

    @Test func theRepairIsRecordedByTheNextAppendAndTheChainVerifies() async throws {
        let path = try journalPath()
        let first = try FileJournal(path: path)
        try await first.append(JournalEventType.runStarted, .map([("run_id", .string("repair"))]))
        try await first.append(JournalEventType.stepSkipped, .map([("step", .string("a"))]))
        try await first.seal()
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"seq\":2,\"ty".utf8))
        try handle.close()

        let reopened = try FileJournal(path: path)
        #expect(reopened.openWarnings.count == 1)
        #expect(reopened.openWarnings.first?.contains("torn by a crash") == true)
        // The torn bytes are gone as soon as the journal is open.
        #expect(try lines(path).map(\.type) == [JournalEventType.runStarted, JournalEventType.stepSkipped])

        let event = try await reopened.append(JournalEventType.stepSkipped, .map([("step", .string("b"))]))
        #expect(event.seq == 3)
        let written = try lines(path)
        #expect(written.map(\.seq) == [0, 1, 2, 3])
        #expect(written[2].type == JournalEventType.journalRepaired)
        let types = reopened.events.map(\.type)
        #expect(Array(types.suffix(2)) == [JournalEventType.journalRepaired, JournalEventType.stepSkipped])
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(JournalReader.read(bytes: bytes).problem == nil)
    }

    @Test func aSealWithoutAnotherEventStillRecordsTheRepair() async throws {
        let path = try journalPath()
        let first = try FileJournal(path: path)
        try await first.append(JournalEventType.runStarted, .map([("run_id", .string("repair"))]))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"seq\":1".utf8))
        try handle.close()

        let reopened = try FileJournal(path: path)
        try await reopened.seal()
        #expect(try lines(path).map(\.type) == [JournalEventType.runStarted, JournalEventType.journalRepaired])
        let head = try String(contentsOfFile: (path as NSString).deletingLastPathComponent + "/head", encoding: .utf8)
        #expect(head.hasPrefix("1 "))
    }
}
