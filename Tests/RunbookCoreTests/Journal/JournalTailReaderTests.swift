import RunbookCore
import Testing

/// `JournalTailReader`: a journal fed in pieces decodes exactly as when read whole.
@Suite struct JournalTailReaderTests {
    static func journal(_ count: Int) -> String {
        var writer = JournalWriterState()
        var text = ""
        for i in 0..<count {
            let data: Value = .map([("step", .string("s\(i)")), ("text", .string("héllo ✔ \(i)\n"))])
            text +=
                writer.append(type: JournalEventType.stepOutput, time: "2026-11-25T10:00:0\(i % 10).000Z", data: data)
                .line + "\n"
        }
        return text
    }

    @Test func everySplitPointGivesTheSameEvents() {
        let bytes = Array(Self.journal(4).utf8)
        let whole = JournalReader.read(bytes: bytes).events
        for cut in 0...bytes.count {
            var tail = JournalTailReader()
            let first = tail.feed(bytes[..<cut])
            let second = tail.feed(bytes[cut...])
            #expect(first + second == whole, "split at \(cut)")
            #expect(tail.problem == nil)
            #expect(tail.pending.isEmpty)
            #expect(tail.readOffset == bytes.count)
        }
    }

    @Test func byteByByteHoldsBackThePartialLine() {
        let bytes = Array(Self.journal(3).utf8)
        var tail = JournalTailReader()
        var seen: [JournalEvent] = []
        for b in bytes {
            seen += tail.feed([b])
            #expect(tail.readOffset == tail.committedByteCount + tail.pending.count)
        }
        #expect(seen == JournalReader.read(bytes: bytes).events)
    }

    @Test func aTruncatedTornTailIsDropped() {
        let bytes = Array(Self.journal(2).utf8)
        var tail = JournalTailReader()
        _ = tail.feed(bytes + Array("{\"v\":1,\"seq\":2,\"ti".utf8))
        #expect(tail.events.count == 2)
        let dropped = tail.fileSize(bytes.count)
        #expect(dropped)
        #expect(tail.pending.isEmpty)
        let droppedAgain = tail.fileSize(bytes.count)
        #expect(!droppedAgain)
        let more = Array(Self.journal(3).utf8)[bytes.count...]
        let fresh = tail.feed(more)
        #expect(fresh.count == 1)
        #expect(tail.problem == nil)
    }

    @Test func aBrokenChainIsReportedAndReadingGoesOn() {
        var lines = Self.journal(3).split(separator: "\n").map(String.init)
        lines[1] = lines[1].replacingAll("s1", with: "sX")
        var tail = JournalTailReader()
        let events = tail.feed(Array((lines.joined(separator: "\n") + "\n").utf8))
        #expect(events.count == 3)
        #expect(tail.problem == JournalProblem(line: 3, reason: .brokenChain))
    }
}

extension String {
    fileprivate func replacingAll(_ a: String, with b: String) -> String {
        split(separator: a, omittingEmptySubsequences: false).joined(separator: b)
    }
}
