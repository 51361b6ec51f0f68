import Foundation
import RunbookCore
import Testing

/// Typed journal records read every line this version writes and write it back byte for byte.
@Suite struct JournalRecordTests {
    /// The golden journals of the replay tests (the CLI snapshot tests read the same files).
    static let goldenJournals: [URL] = {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("RunbookCLITests/Fixtures/replay")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { dir.appendingPathComponent($0) }
    }()

    /// Re-encodes an event from its record: same header, `data` written back by the record.
    static func reencoded(_ event: JournalEvent) -> JournalEvent {
        let record = event.record
        return JournalEvent(
            version: event.version,
            seq: event.seq,
            time: event.time,
            prev: event.prev,
            type: record.type,
            data: record.data
        )
    }

    @Test func everyGoldenJournalReEncodesByteForByte() throws {
        #expect(Self.goldenJournals.count >= 4)
        var types: Set<String> = []
        for url in Self.goldenJournals {
            let text = try String(contentsOf: url, encoding: .utf8)
            let result = JournalReader.read(text)
            #expect(result.problem == nil, "\(url.lastPathComponent)")
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.count == result.events.count)
            for (event, line) in zip(result.events, lines) {
                types.insert(event.type)
                if case .unknown = event.record { Issue.record("\(event.type) read as unknown") }
                #expect(Self.reencoded(event).line == line, "\(url.lastPathComponent) seq \(event.seq)")
                #expect(JournalRecord(type: event.type, data: event.record.data) == event.record)
            }
            // The chain over the re-encoded lines is the chain of the file.
            let again = result.events.map { Self.reencoded($0).line + "\n" }.joined()
            #expect(again == text)
            #expect(JournalReader.read(again).headHash == result.headHash)
        }
        #expect(types.count >= 15)
    }

    /// One record of every type this version writes, built the way the writers build them.
    static var samples: [JournalRecord] {
        let produced = JournalRecord.StepFailed.Produced(
            value: .int(3),
            summary: "3 rows",
            outputs: [JournalField("differences", .int(2))]
        )
        let failed = JournalRecord.StepFailed(
            step: "s",
            attempt: 2,
            durationMs: 12,
            error: "boom",
            detail: "line 1\nline 2",
            onFailure: "warn",
            retryInMs: 500,
            injected: .fail,
            produced: produced
        )
        let started = JournalRecord.StepStarted(
            step: "s",
            role: "main",
            phase: "p",
            kind: "shell",
            attempt: 1,
            mutates: true,
            command: ["echo hi"]
        )
        let succeeded = JournalRecord.StepSucceeded(
            step: "s",
            attempt: 1,
            durationMs: 4,
            value: .string("hi"),
            summary: "exit 0",
            outputs: ["stdout": .string("hi\n"), "exit_code": .int(0)]
        )
        return [
            .runStarted(
                .init(
                    runID: "r1",
                    runbook: "rb",
                    runbookDigest: "d",
                    file: "rb.yaml",
                    params: [JournalField("env", .string("prod")), JournalField("n", .null)],
                    operatorName: "ann@h",
                    host: "h",
                    pid: 7,
                    toolVersion: "1.0",
                    from: "a",
                    only: nil,
                    injections: [FaultInjection(step: "s", mode: .fail)]
                )
            ),
            .runResumed(
                .init(
                    operatorName: "bob@h",
                    host: "h",
                    pid: 8,
                    allowChanged: true,
                    runbookDigest: "d2",
                    changedSteps: ["s"],
                    reentry: .init(kind: "from_step", step: "a", reset: ["a", "s"], reason: "fixed")
                )
            ),
            .runInterrupted(.init(reason: "interrupted (SIGINT/SIGTERM)", inFlight: ["s"])),
            .runFinished(.init(.succeededWithWarnings, message: "done", warnings: [.init(step: "s", error: "boom")])),
            .guardStarted(started), .guardPassed(succeeded), .guardFailed(failed),
            .stepStarted(started),
            .stepOutput(.init(step: "s", stream: "stderr", chunk: 1, text: "oops\n")),
            .stepSucceeded(succeeded), .stepFailed(failed),
            .stepSkipped(.init(step: "s", reason: "when is false", by: "runbook")),
            .stepInDoubt(.init(step: "s", attempt: 1)),
            .stepReconciled(.init(step: "s", present: true, detail: "")),
            .gateWaiting(.init(step: "g", prompt: "go?", confirm: "yes", approvers: 2, timeoutMs: 60_000)),
            .gateApproved(
                .init(
                    step: "g",
                    approver: GateApprover(name: "ann@h", via: .yesFlag),
                    confirmation: "yes",
                    runbookDigest: "d",
                    paramsDigest: "p",
                    count: 1,
                    required: 2,
                    complete: false
                )
            ),
            .gateRejected(.init(step: "g", by: "bob@h", reason: "not now")),
            .gateTimedOut(.init(step: "g", afterMs: 60_000)),
            .rollbackStarted(.init(scenario: "undo", trigger: "s", error: "boom", manual: false, steps: ["u1"])),
            .rollbackFinished(.init(scenario: "undo", succeeded: true, resume: .init(from: "s", reset: ["s"]))),
            .transferCheckpoint(.init(step: "t", lastKey: .list([.int(1), .string("a")]), rows: 10, batches: 1)),
            .syncBatch(.init(step: "y", batch: 1, upserted: 2, deleted: 1, transient: 0, lastKey: .int(9))),
            .journalRepaired(.init(warning: "journal line 3 was torn")),
            .abortTriggered(
                .init(
                    step: "s",
                    scope: "phase p",
                    prometheus: "http://prom:9090",
                    query: "up == 0",
                    series: 1,
                    answer: "[]"
                )
            ),
            .notifyFailed(
                .init(sink: 0, kind: "slack", url: "https://hooks:443", error: "refused", event: "gate_waiting")
            ),
            .notifySummary(
                .init(sink: 1, kind: "webhook", url: "http://h:80", delivered: 3, failed: 1, dropped: 0, undelivered: 0)
            ),
        ]
    }

    /// The same records with every optional part left out.
    static var sparseSamples: [JournalRecord] {
        [
            .runStarted(
                .init(
                    runID: "r1",
                    runbook: "rb",
                    runbookDigest: "d",
                    file: "rb.yaml",
                    params: [],
                    operatorName: "ann@h",
                    host: "h",
                    pid: 7,
                    toolVersion: nil,
                    from: nil,
                    only: nil
                )
            ),
            .runResumed(
                .init(
                    operatorName: "bob@h",
                    host: "h",
                    pid: 8,
                    allowChanged: false,
                    runbookDigest: "d",
                    changedSteps: [],
                    reentry: nil
                )
            ),
            .runInterrupted(.init(reason: "gate 'g' timed out")),
            .runFinished(.init(.failed, message: "step 's' failed", warnings: [])),
            .stepFailed(
                .init(
                    step: "s",
                    attempt: 0,
                    durationMs: 0,
                    error: "cannot render",
                    detail: nil,
                    onFailure: "abort",
                    retryInMs: nil,
                    injected: nil,
                    produced: .init(value: .null, summary: "")
                )
            ),
            .gateWaiting(.init(step: "g", prompt: "go?", confirm: nil, approvers: 1, timeoutMs: nil)),
            .rollbackFinished(.init(scenario: "undo", succeeded: false, resume: nil)),
            .unknown(type: "future.event", data: .map([("x", .int(1)), ("nested", .map([("y", .list([]))]))])),
        ]
    }

    @Test func everyEventTypeHasARecordThatRoundTrips() {
        var state = JournalWriterState()
        var text = ""
        for record in Self.samples + Self.sparseSamples {
            let (event, line) = state.append(type: record.type, time: "2026-12-01T10:00:00.000Z", data: record.data)
            text += line + "\n"
            #expect(event.record == record, "\(record.type)")
            #expect(Self.reencoded(event).line == line, "\(record.type)")
        }
        let read = JournalReader.read(text)
        #expect(read.problem == nil)
        #expect(read.events.map(\.record) == Self.samples + Self.sparseSamples)
        let written = Set(Self.samples.map(\.type))
        #expect(written == Set(JournalEventType.all))
        #expect(!Self.samples.contains { if case .unknown = $0 { true } else { false } })
    }

    @Test func keysOfANewerVersionStayInTheirPlaceAfterTheKnownOnes() throws {
        let line =
            #"{"v":1,"seq":0,"time":"2026-12-01T10:00:00.000Z","prev":"\#(JournalEvent.genesisHash)","type":"step.skipped","data":{"step":"s","reason":"r","by":"ann@h","ticket":"OPS-1","why":{"a":[1,2]}}}"#
        let event = try JournalEvent(decoding: line)
        guard case .stepSkipped(let skipped) = event.record else {
            Issue.record("expected step.skipped, got \(event.record)")
            return
        }
        #expect(skipped.step == "s" && skipped.by == "ann@h")
        #expect(skipped.extra.map(\.key) == ["ticket", "why"])
        #expect(Self.reencoded(event).line == line)
    }

    @Test func aKeyOfAnUnexpectedTypeIsKeptRatherThanDefaulted() throws {
        let data: Value = .map([("step", .string("s")), ("attempt", .string("2"))])
        guard case .stepInDoubt(let r) = JournalRecord(type: JournalEventType.stepInDoubt, data: data) else {
            Issue.record("expected step.in_doubt")
            return
        }
        #expect(r.attempt == 1)
        #expect(r.extra == [JournalField("attempt", .string("2"))])
    }

    @Test func defaultsOfOlderJournalsAreDecidedByTheRecord() {
        let started = JournalRecord(type: JournalEventType.stepStarted, data: .map([("step", .string("s"))]))
        guard case .stepStarted(let s) = started else {
            Issue.record("expected step.started")
            return
        }
        #expect(s.attempt == 1)
        let failed = JournalRecord(type: JournalEventType.guardFailed, data: .map([("step", .string("g"))]))
        guard case .guardFailed(let f) = failed else {
            Issue.record("expected guard.failed")
            return
        }
        #expect(f.final && f.attempt == 1 && f.error == "failed" && f.produced == nil)
        // A gate approval journaled before quorums completes the gate; one of a quorum says so itself.
        let early = JournalRecord(type: JournalEventType.gateApproved, data: .map([("step", .string("g"))]))
        guard case .gateApproved(let a) = early else {
            Issue.record("expected gate.approved")
            return
        }
        #expect(a.complete && a.count == 1 && a.required == 1)
        var state = RunState()
        state.apply(early, time: "2026-12-01T10:00:00.000Z")
        #expect(state.status["g"] == .succeeded)
    }
}
