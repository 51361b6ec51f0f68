import RunbookCore
import Testing

@Suite struct JournalTests {
    /// A journal of `count` events written with `JournalWriterState`, as file text.
    static func makeJournal(_ count: Int) -> (text: String, events: [JournalEvent], head: String) {
        var state = JournalWriterState()
        var text = ""
        var events: [JournalEvent] = []
        let types = JournalEventType.all
        for i in 0..<count {
            let data: Value = .map([
                (key: "step", value: .string("step-\(i)")),
                (key: "n", value: .int(Int64(i))),
                (key: "ratio", value: .double(Double(i) / 8)),
                (key: "note", value: .string(i % 3 == 0 ? "héllo \"wörld\"\n😀" : "ok")),
                (key: "tags", value: .list([.bool(i % 2 == 0), .null])),
            ])
            let second = String(i % 60)
            let time = "2026-11-25T15:34:\(second.count == 1 ? "0" + second : second).123Z"
            let (event, line) = state.append(type: types[i % types.count], time: time, data: data)
            events.append(event)
            text += line + "\n"
        }
        return (text, events, state.headHash)
    }

    @Test func lineFormatIsFixed() {
        var state = JournalWriterState()
        let (event, line) = state.append(
            type: JournalEventType.runStarted,
            time: "2026-11-25T15:34:49.123Z",
            data: .map([(key: "b", value: .int(1)), (key: "a", value: .string("x"))])
        )
        #expect(
            line == "{\"v\":1,\"seq\":0,\"time\":\"2026-11-25T15:34:49.123Z\",\"prev\":\""
                + String(repeating: "0", count: 64)
                + "\",\"type\":\"run.started\",\"data\":{\"b\":1,\"a\":\"x\"}}"
        )
        #expect(event.line == line)
        #expect(state.nextSeq == 1)
        #expect(state.headHash == SHA256.hex(of: line))
        let (second, _) = state.append(
            type: JournalEventType.stepStarted,
            time: "2026-11-25T15:34:50.000Z",
            data: .map([])
        )
        #expect(second.seq == 1)
        #expect(second.prev == SHA256.hex(of: line))
    }

    @Test func fiftyEventsReadBackEqual() {
        let (text, events, head) = Self.makeJournal(50)
        let result = JournalReader.read(text, expectedHead: head)
        #expect(result.problem == nil)
        #expect(result.tornTail == nil)
        #expect(result.verifies)
        #expect(result.events == events)
        #expect(result.events.map(\.seq) == Array(0..<50))
        #expect(result.validPrefixByteCount == text.utf8.count)
        #expect(result.headHash == head)
        // Appending continues the chain.
        var state = JournalWriterState(continuing: result)
        let (event, line) = state.append(
            type: JournalEventType.runFinished,
            time: "2026-11-25T16:00:00.000Z",
            data: .null
        )
        #expect(event.seq == 50)
        let longer = JournalReader.read(text + line + "\n", expectedHead: state.headHash)
        #expect(longer.problem == nil)
        #expect(longer.events.count == 51)
        #expect(longer.events.last?.data == .map([]))
    }

    @Test func emptyJournal() {
        let result = JournalReader.read("")
        #expect(result.events.isEmpty && result.problem == nil && result.tornTail == nil)
        #expect(result.headHash == JournalEvent.genesisHash)
        #expect(JournalReader.read("", expectedHead: JournalEvent.genesisHash).problem == nil)
        let missing = JournalReader.read("", expectedHead: SHA256.hex(of: "x"))
        #expect(missing.problem?.line == 0)
    }

    @Test func everySingleByteFlipIsDetected() throws {
        let (text, _, head) = Self.makeJournal(20)
        let bytes = Array(text.utf8)
        let lastLineStart = try #require(bytes.dropLast().lastIndex(of: 0x0A)) + 1
        var rng = SplitMix64(seed: 180)
        var checked = 0
        for position in bytes.indices {
            let random = UInt8.random(in: 0...255, using: &rng)
            for replacement in [bytes[position] ^ 0x01, bytes[position] ^ 0x20, random] {
                if replacement == bytes[position] { continue }
                var flipped = bytes
                flipped[position] = replacement
                let flippedText = String(decoding: flipped, as: UTF8.self)
                checked += 1
                if position < lastLineStart {
                    let result = JournalReader.read(flippedText)
                    #expect(result.problem != nil, "flip at byte \(position) to \(replacement) went unnoticed")
                } else {
                    let result = JournalReader.read(flippedText, expectedHead: head)
                    #expect(result.problem != nil, "flip at byte \(position) (last line) went unnoticed")
                }
            }
        }
        #expect(checked > bytes.count * 2)
    }

    @Test func modifiedLastLineNeedsTheHead() throws {
        let (text, events, head) = Self.makeJournal(3)
        var lines = text.split(separator: "\n").map(String.init)
        var last = events[2]
        last.data = .map([(key: "forged", value: .bool(true))])
        lines[2] = last.line
        let forged = lines.joined(separator: "\n") + "\n"
        #expect(JournalReader.read(forged).problem == nil)
        let problem = try #require(JournalReader.read(forged, expectedHead: head).problem)
        #expect(problem.line == 3)
        #expect(problem.description == "journal line 3: last line does not match the recorded head hash")
        // A whole line cut off the end is caught the same way.
        let shortened = lines.prefix(2).joined(separator: "\n") + "\n"
        #expect(JournalReader.read(shortened, expectedHead: head).problem?.line == 2)
        // The head is compared case-insensitively and without surrounding whitespace.
        #expect(JournalReader.read(text, expectedHead: head.uppercased() + "\n").problem == nil)
    }

    @Test func tornTailAtEveryOffsetOfTheLastLine() throws {
        let (text, events, head) = Self.makeJournal(20)
        let bytes = Array(text.utf8)
        let lastLineStart = try #require(bytes.dropLast().lastIndex(of: 0x0A)) + 1
        for cut in lastLineStart..<bytes.count {
            let truncated = String(decoding: bytes[..<cut], as: UTF8.self)
            let result = JournalReader.read(truncated)
            #expect(result.problem == nil, "cut at \(cut)")
            #expect(result.events == Array(events.prefix(19)))
            #expect(result.validPrefixByteCount == lastLineStart)
            if cut == lastLineStart {
                #expect(result.tornTail == nil)
            } else {
                #expect(
                    result.tornTail
                        == JournalReadResult.TornTail(
                            line: 20,
                            byteOffset: lastLineStart,
                            byteCount: cut - lastLineStart
                        )
                )
                #expect(result.warnings.count == 1)
            }
            // The recorded head still names line 20, which never got committed.
            #expect(JournalReader.read(truncated, expectedHead: result.headHash).problem == nil)
            #expect(JournalReader.read(truncated, expectedHead: head).problem != nil)
        }
    }

    @Test func seqGap() throws {
        var state = JournalWriterState()
        let (_, line0) = state.append(type: JournalEventType.runStarted, time: "t", data: .map([]))
        let skipped = JournalEvent(
            seq: 2,
            time: "t",
            prev: SHA256.hex(of: line0),
            type: JournalEventType.stepStarted,
            data: .map([])
        )
        let result = JournalReader.read(line0 + "\n" + skipped.line + "\n")
        let problem = try #require(result.problem)
        #expect(problem.line == 2)
        #expect(problem.reason == .wrongSeq(expected: 1, found: 2))
        #expect(problem.description == "journal line 2: wrong seq (expected 1, found 2)")
        #expect(result.events.count == 1)
        #expect(result.validPrefixByteCount == line0.utf8.count + 1)
        #expect(result.tornTail == nil)
    }

    @Test func brokenChain() throws {
        let first = JournalEvent(seq: 0, time: "t", prev: SHA256.hex(of: "nope"), type: "run.started", data: .map([]))
        let atStart = try #require(JournalReader.read(first.line + "\n").problem)
        #expect(atStart.reason == .brokenChain && atStart.line == 1)
        let (text, _, _) = Self.makeJournal(2)
        let lines = text.split(separator: "\n").map(String.init)
        let reordered = lines[1] + "\n" + lines[0] + "\n"
        #expect(JournalReader.read(reordered).problem?.line == 1)
    }

    @Test func newerVersionMessage() throws {
        var state = JournalWriterState()
        var text = ""
        for _ in 0..<2 { text += state.append(type: "run.started", time: "t", data: .map([])).line + "\n" }
        let future = JournalEvent(
            version: 2,
            seq: 2,
            time: "t",
            prev: state.headHash,
            type: "run.started",
            data: .map([])
        )
        let result = JournalReader.read(text + future.line + "\n")
        let problem = try #require(result.problem)
        #expect(problem.reason == .newerVersion(2))
        #expect(
            problem.description == "journal line 3 was written by a newer runbook (version 2; this one reads up to 1)"
        )
        #expect(result.events.count == 2)
        // Reported even when the rest of the line is in a format this version does not know.
        let strange = JournalReader.read("{\"v\":7,\"whatever\":[]}\n")
        #expect(strange.problem?.reason == .newerVersion(7))
    }

    @Test func unknownEventTypeDecodes() {
        var state = JournalWriterState()
        let (event, line) = state.append(
            type: "drone.launched",
            time: "2026-11-25T15:34:49.123Z",
            data: .map([(key: "x", value: .int(1))])
        )
        #expect(!JournalEventType.isKnown("drone.launched"))
        #expect(JournalEventType.isKnown(JournalEventType.stepInDoubt))
        let result = JournalReader.read(line + "\n")
        #expect(result.problem == nil)
        #expect(result.events == [event])
        #expect(result.events.first?.type == "drone.launched")
    }

    @Test func decodingAcceptsAnyKeyOrderAndExtraKeys() throws {
        let line =
            "{\"data\":{},\"type\":\"step.skipped\",\"prev\":\"\(JournalEvent.genesisHash)\",\"time\":\"t\",\"seq\":0,\"v\":1,\"extra\":true}"
        let event = try JournalEvent(decoding: line)
        #expect(event.type == "step.skipped")
        #expect(JournalReader.read(line + "\n").problem == nil)
    }

    @Test(arguments: [
        ("bad json", "is not valid JSON: unexpected character 'b', expected a value (at byte 0 of the line)"),
        ("[1]", "is not a JSON object"),
        ("{\"v\":1,\"seq\":0,\"prev\":\"p\",\"type\":\"x\",\"data\":{}}", "has no 'time' field"),
        (
            "{\"v\":1,\"seq\":\"0\",\"time\":\"t\",\"prev\":\"p\",\"type\":\"x\",\"data\":{}}",
            "field 'seq' must be an integer"
        ),
        (
            "{\"v\":1,\"seq\":0,\"time\":\"t\",\"prev\":\"p\",\"type\":\"x\",\"data\":[]}",
            "field 'data' must be an object"
        ),
        ("{\"v\":0,\"seq\":0,\"time\":\"t\",\"prev\":\"p\",\"type\":\"x\",\"data\":{}}", "unsupported version 0"),
        ("", "is not valid JSON"),
    ])
    func malformedLines(line: String, message: String) throws {
        let problem = try #require(JournalReader.read(line + "\n").problem)
        #expect(problem.line == 1)
        #expect(problem.description.contains(message), "\(problem)")
    }

    @Test func rawBytesKeepFileOffsets() throws {
        let (text, _, _) = Self.makeJournal(3)
        var bytes = Array(text.utf8)
        let secondLineStart = try #require(bytes.firstIndex(of: 0x0A)) + 1
        bytes[secondLineStart + 3] = 0xFF
        bytes += Array("{\"v\":1".utf8)
        let result = JournalReader.read(bytes: bytes)
        #expect(result.problem?.line == 2)
        #expect(result.validPrefixByteCount == secondLineStart)
        let clean = JournalReader.read(bytes: Array(text.utf8) + [0x7B, 0xFF])
        #expect(clean.problem == nil)
        #expect(clean.tornTail == JournalReadResult.TornTail(line: 4, byteOffset: text.utf8.count, byteCount: 2))
    }

    @Test func mangledJournalsNeverCrash() {
        let (text, _, _) = Self.makeJournal(5)
        let original = Array(text.utf8)
        var rng = SplitMix64(seed: 9)
        for _ in 0..<1_000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...6, using: &rng) where !bytes.isEmpty {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[i] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: i)
                case 2: bytes.insert(0x0A, at: i)
                default: bytes.removeSubrange(i..<min(bytes.count, i + Int.random(in: 1...40, using: &rng)))
                }
            }
            let result = JournalReader.read(bytes: bytes, expectedHead: "")
            #expect(result.validPrefixByteCount <= bytes.count)
            #expect(result.events.count <= 5)
        }
    }

    @Test func problemBeforeTornTailHidesTheTail() {
        let result = JournalReader.read("garbage\n{\"v\":1")
        #expect(result.problem?.line == 1)
        #expect(result.tornTail == nil)
        #expect(result.validPrefixByteCount == 0)
    }

    @Test func dataIsNormalizedSoItReadsBackEqual() {
        var state = JournalWriterState()
        var text = ""
        var written: [JournalEvent] = []
        let inputs: [Value] = [
            .string("bare"),
            .null,
            .map([(key: "x", value: .double(.infinity)), (key: "x", value: .int(2)), (key: "x (2)", value: .int(3))]),
            .map([(key: "deep", value: (0..<600).reduce(Value.int(1)) { inner, _ in .list([inner]) })]),
        ]
        for data in inputs {
            let (event, line) = state.append(type: "step.output", time: "t", data: data)
            written.append(event)
            text += line + "\n"
        }
        let result = JournalReader.read(text, expectedHead: state.headHash)
        #expect(result.problem == nil)
        #expect(result.events == written)
        #expect(written[0].data == .map([(key: "value", value: .string("bare"))]))
        #expect(written[1].data == .map([]))
        #expect(
            written[2].data
                == .map([(key: "x", value: .null), (key: "x (2)", value: .int(2)), (key: "x (2) (2)", value: .int(3))])
        )
    }
}
