import Foundation
import RunbookCore
import RunbookEngine
import Testing

@testable import PostgresStore

/// The PostgreSQL run store against a real server: unique `(run_id, seq)`, fencing by lease generation, schema
/// versioning.
@Suite(.enabled(if: TeamSchema.available)) struct PostgresStoreTests {
    func makeRun(_ store: PostgresRunStore, runbookID: String) async throws -> (String, any RunStoreLock) {
        let runID = "\(runbookID)-20260101-000000-0001"
        let lock = try store.lock(runbookID: runbookID, runID: runID)
        let journal = try store.createRun(runID, runbookID: runbookID, runbook: Array("x".utf8), lock: lock)
        try await journal.append(JournalEventType.runStarted, .map([("run_id", .string(runID))]))
        return (runID, lock)
    }

    @Test func twoWritersAppendingTheSameSeqExactlyOneWins() async throws {
        let schema = try TeamSchema()
        let a = try PostgresRunStore(url: schema.url, environment: [:])
        let b = try PostgresRunStore(url: schema.url, environment: [:])
        let (runID, lock) = try await makeRun(a, runbookID: "race")
        defer { lock.release() }
        // Two writers that both think they hold the lease (same generation) and both read the journal at seq 1.
        nonisolated(unsafe) let journals = [try a.openJournal(runID, lock: lock), try b.openJournal(runID, lock: lock)]
        let outcomes = ResultBox()
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<2 {
                group.addTask {
                    do {
                        let event = try await journals[i].append(
                            JournalEventType.stepSkipped,
                            .map([("writer", .int(Int64(i)))])
                        )
                        outcomes.add("ok \(event.seq)")
                    } catch {
                        outcomes.add("refused: \(error)")
                    }
                }
            }
        }
        let results = outcomes.values
        #expect(results.filter { $0 == "ok 1" }.count == 1, "\(results)")
        #expect(results.filter { $0.hasPrefix("refused:") && $0.contains("already written") }.count == 1, "\(results)")
        let rows = try schema.query("SELECT count(*) FROM runbook_events WHERE run_id = $1 AND seq = 1", [runID])
        #expect(rows.first?.first == "1")
        #expect(try a.readJournal(runID)?.problem == nil)
    }

    @Test func anAppendWithAStaleGenerationIsRefused() async throws {
        let schema = try TeamSchema()
        let a = try PostgresRunStore(url: schema.url, environment: [:])
        let (runID, lock) = try await makeRun(a, runbookID: "fence")
        let journal = try a.openJournal(runID, lock: lock)
        // The holder stalls past its expiry; another process takes the lease over (generation + 1).
        _ = try schema.query("UPDATE runbook_leases SET expires_at = clock_timestamp() - interval '1 second'")
        let b = try PostgresRunStore(url: schema.url, environment: [:])
        let taken = try b.lock(runbookID: "fence", runID: runID)
        defer { taken.release() }
        await #expect(throws: RunStoreError.self) {
            try await journal.append(JournalEventType.stepSkipped, .map([("from", .string("zombie"))]))
        }
        do {
            try await journal.append(JournalEventType.stepSkipped, .map([("from", .string("zombie"))]))
        } catch let error as RunStoreError {
            #expect(error.exitCode == .locked)
            #expect(error.description.contains("lost the lease"))
        }
        let fresh = try b.openJournal(runID, lock: taken)
        let event = try await fresh.append(JournalEventType.stepSkipped, .map([("from", .string("new holder"))]))
        #expect(event.seq == 1)
        let generations = try schema.query("SELECT seq, generation FROM runbook_events ORDER BY seq")
        #expect(generations.map { $0[1] } == ["1", "2"])
    }

    @Test func theHeartbeatNoticesATakeoverSoAWaitingRunStopsWithoutAnAppend() async throws {
        let schema = try TeamSchema()
        let a = try PostgresRunStore(url: schema.url, environment: ["RUNBOOK_LEASE_SECONDS": "1"])
        let (runID, lock) = try await makeRun(a, runbookID: "beat")
        let journal = try a.openJournal(runID, lock: lock)
        try journal.ensureWritable()
        _ = try schema.query("UPDATE runbook_leases SET expires_at = clock_timestamp() - interval '1 second'")
        let taken = try a.lock(runbookID: "beat", runID: runID)
        defer { taken.release() }
        let noticed = await TeamRunbooks.wait(10) { (try? journal.ensureWritable()) == nil }
        #expect(noticed)
        #expect(throws: RunStoreError.self) { try journal.ensureWritable() }
    }

    @Test func aSecondLockWhileTheLeaseIsLiveNamesTheHolder() throws {
        let schema = try TeamSchema()
        let a = try PostgresRunStore(url: schema.url, environment: [:])
        let lock = try a.lock(runbookID: "held", runID: "held-1")
        defer { lock.release() }
        do {
            _ = try a.lock(runbookID: "held", runID: "held-2")
            Issue.record("a second lock was granted")
        } catch {
            guard case .held(let holder) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(holder.contains("run held-1"))
            #expect(holder.contains("pid \(Identity.pid)"))
        }
    }

    @Test func aSchemaFromANewerVersionIsRefused() throws {
        let schema = try TeamSchema()
        _ = try PostgresRunStore(url: schema.url, environment: [:])
        _ = try schema.query("INSERT INTO runbook_schema_version (version, tool) VALUES (99, 'future')")
        do {
            _ = try PostgresRunStore(url: schema.url, environment: [:])
            Issue.record("a newer schema was accepted")
        } catch let error as RunStoreError {
            #expect(error.exitCode == .invalidInput)
            #expect(error.description.contains("schema version 99"))
        }
    }

    @Test func anUnreachableServerIsAClearError() throws {
        do {
            _ = try PostgresRunStore(url: "postgresql://runbook:secret@127.0.0.1:1/runbook", environment: [:])
            Issue.record("connected to port 1")
        } catch let error as RunStoreError {
            #expect(error.exitCode == .invalidInput)
            #expect(error.description.contains("cannot use PostgreSQL state store"))
            #expect(!error.description.contains("secret"))
        }
    }
}

/// Collects results from concurrent closures.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) {
        lock.lock()
        items.append(s)
        lock.unlock()
    }
    var values: [String] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
