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
        let lock = try await store.lock(runbookID: runbookID, runID: runID)
        let journal = try await store.createRun(runID, runbookID: runbookID, runbook: Array("x".utf8), lock: lock)
        try await journal.append(JournalEventType.runStarted, .map([("run_id", .string(runID))]))
        return (runID, lock)
    }

    @Test func twoWritersAppendingTheSameSeqExactlyOneWins() async throws {
        let schema = try TeamSchema()
        let a = try await PostgresRunStore(url: schema.url, environment: [:])
        let b = try await PostgresRunStore(url: schema.url, environment: [:])
        let (runID, lock) = try await makeRun(a, runbookID: "race")
        // Two writers that both think they hold the lease (same generation) and both read the journal at seq 1.
        nonisolated(unsafe) let journals = [
            try await a.openJournal(runID, lock: lock), try await b.openJournal(runID, lock: lock),
        ]
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
        #expect(try await a.readJournal(runID)?.problem == nil)
        await lock.release()
    }

    @Test func anAppendWithAStaleGenerationIsRefused() async throws {
        let schema = try TeamSchema()
        let a = try await PostgresRunStore(url: schema.url, environment: [:])
        let (runID, lock) = try await makeRun(a, runbookID: "fence")
        let journal = try await a.openJournal(runID, lock: lock)
        // The holder stalls past its expiry; another process takes the lease over (generation + 1).
        _ = try schema.query("UPDATE runbook_leases SET expires_at = clock_timestamp() - interval '1 second'")
        let b = try await PostgresRunStore(url: schema.url, environment: [:])
        let taken = try await b.lock(runbookID: "fence", runID: runID)
        await #expect(throws: RunStoreError.self) {
            try await journal.append(JournalEventType.stepSkipped, .map([("from", .string("zombie"))]))
        }
        do {
            try await journal.append(JournalEventType.stepSkipped, .map([("from", .string("zombie"))]))
        } catch let error as RunStoreError {
            #expect(error.exitCode == .locked)
            #expect(error.description.contains("lost the lease"))
        }
        let fresh = try await b.openJournal(runID, lock: taken)
        let event = try await fresh.append(JournalEventType.stepSkipped, .map([("from", .string("new holder"))]))
        #expect(event.seq == 1)
        let generations = try schema.query("SELECT seq, generation FROM runbook_events ORDER BY seq")
        #expect(generations.map { $0[1] } == ["1", "2"])
        await taken.release()
        await lock.release()
    }

    @Test func theHeartbeatNoticesATakeoverSoAWaitingRunStopsWithoutAnAppend() async throws {
        let schema = try TeamSchema()
        let a = try await PostgresRunStore(url: schema.url, environment: ["RUNBOOK_LEASE_SECONDS": "1"])
        let (runID, lock) = try await makeRun(a, runbookID: "beat")
        let journal = try await a.openJournal(runID, lock: lock)
        try journal.ensureWritable()
        // Another process takes the lease over, as its lock does once the lease expired: the generation grows. (One
        // statement here: with a 1 s lease the heartbeat may renew a lease expired by hand before a second lock.)
        _ = try schema.query(
            """
            UPDATE runbook_leases SET generation = generation + 1, holder = 'another host',
                   expires_at = clock_timestamp() + interval '30 seconds'
            WHERE runbook_id = 'beat'
            """
        )
        let noticed = await TeamRunbooks.wait(10) { (try? journal.ensureWritable()) == nil }
        #expect(noticed)
        #expect(throws: RunStoreError.self) { try journal.ensureWritable() }
        await lock.release()
    }

    @Test func aSecondLockWhileTheLeaseIsLiveNamesTheHolder() async throws {
        let schema = try TeamSchema()
        let a = try await PostgresRunStore(url: schema.url, environment: [:])
        let lock = try await a.lock(runbookID: "held", runID: "held-1")
        do {
            _ = try await a.lock(runbookID: "held", runID: "held-2")
            Issue.record("a second lock was granted")
        } catch {
            guard case .held(let holder) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(holder.contains("run held-1"))
            #expect(holder.contains("pid \(Identity.pid)"))
        }
        await lock.release()
        // Released: the lease row has expired, so the next run takes the lock at once.
        let again = try await a.lock(runbookID: "held", runID: "held-2")
        await again.release()
    }

    @Test func aCancelledRunStillJournalsItsInterruptionAndGivesTheLeaseBack() async throws {
        let schema = try TeamSchema()
        let a = try await PostgresRunStore(url: schema.url, environment: [:])
        let (runID, taken) = try await makeRun(a, runbookID: "cancelled")
        nonisolated(unsafe) let lock = taken
        nonisolated(unsafe) let journal = try await a.openJournal(runID, lock: lock)
        // What a run does after Ctrl-C: its task is cancelled, and it still records the stop, seals and unlocks.
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await journal.append(JournalEventType.runInterrupted, .map([("signal", .string("SIGINT"))]))
            try await journal.seal()
            await lock.release()
        }
        try await task.value
        let types = try schema.query("SELECT type FROM runbook_events WHERE run_id = $1 ORDER BY seq", [runID])
        #expect(types.map { $0.first ?? nil } == [JournalEventType.runStarted, JournalEventType.runInterrupted])
        let sealed = try schema.query("SELECT sealed_seq FROM runbook_runs WHERE run_id = $1", [runID])
        #expect(sealed.first?.first == "1")
        let expired = try schema.query(
            "SELECT expires_at <= clock_timestamp() FROM runbook_leases WHERE runbook_id = 'cancelled'"
        )
        #expect(expired.first?.first == "t")
    }

    @Test func aSchemaFromANewerVersionIsRefused() async throws {
        let schema = try TeamSchema()
        _ = try await PostgresRunStore(url: schema.url, environment: [:])
        _ = try schema.query("INSERT INTO runbook_schema_version (version, tool) VALUES (99, 'future')")
        do {
            _ = try await PostgresRunStore(url: schema.url, environment: [:])
            Issue.record("a newer schema was accepted")
        } catch let error as RunStoreError {
            #expect(error.exitCode == .invalidInput)
            #expect(error.description.contains("schema version 99"))
        }
    }

    @Test func anUnreachableServerIsAClearError() async throws {
        do {
            _ = try await PostgresRunStore(url: "postgresql://runbook:secret@127.0.0.1:1/runbook", environment: [:])
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
