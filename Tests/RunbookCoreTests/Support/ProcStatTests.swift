import RunbookCore
import Testing

/// `/proc/PID/stat` lines, including a command name with spaces and parentheses.
@Suite struct ProcStatTests {
    @Test func fieldsAreCountedFromTheLastParenthesis() throws {
        let stat = try #require(ProcStat("4242 (my (odd) cmd) S 17 4240 4240 0 -1 4194560 120 0 0 0"))
        #expect(stat.state == "S")
        #expect(stat.parent == 17)
        #expect(stat.group == 4240)
        #expect(!stat.hasEnded)
        #expect(ProcStat("9 (sh) Z 1 9 9 0")?.hasEnded == true)
    }

    @Test func aCommandNameThatLooksLikeFieldsDoesNotFoolTheParser() throws {
        // `comm` is whatever the process named itself (up to 15 bytes): here `a) Z 1 1 (b`.
        let stat = try #require(ProcStat("77 (a) Z 1 1 (b) R 5 6 6 0 -1"))
        #expect(stat.state == "R")
        #expect(stat.parent == 5)
        #expect(stat.group == 6)
        #expect(!stat.hasEnded)
    }

    @Test func somethingElseIsNotAStatLine() {
        #expect(ProcStat("") == nil)
        #expect(ProcStat("12 (bash) S") == nil)
        #expect(ProcStat("no parenthesis here") == nil)
    }
}
