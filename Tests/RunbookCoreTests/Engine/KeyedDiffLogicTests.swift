import Testing

@testable import RunbookCore

/// The pure parts of the keyed diff: key order (code point, numbers, composite), the order check that refuses an
/// unsorted side, type-aware value equality, and the tally's counts and examples.
@Suite struct KeyedDiffLogicTests {
    @Test func textOrdersByCodePointAndNumbersNumerically() {
        let names = ["a", "B", "_c", "b", "Zoë", "zed", "é"].map(Value.string)
        let sorted = names.sorted { KeyOrder.compare($0, $1) < 0 }.map(\.text)
        #expect(sorted == ["B", "Zoë", "_c", "a", "b", "zed", "é"])
        #expect(KeyOrder.compare(.int(2), .int(10)) < 0)
        #expect(KeyOrder.compare(.int(2), .double(2.0)) == 0)
        #expect(KeyOrder.compare([.int(1), .int(9)], [.int(2), .int(0)]) < 0)
        #expect(KeyOrder.compare([.int(1), .int(9)], [.int(1), .int(10)]) < 0)
    }

    @Test func orderCheckNamesTheSideTheKeysAndTheFix() throws {
        var check = KeyOrderCheck(side: "left (sql on pg)", key: ["name"], isSQL: true)
        try check.accept([.string("_c")])
        try check.accept([.string("a")])
        try check.accept([.string("b")])
        do {
            try check.accept([.string("B")])
            Issue.record("an out-of-order key was accepted")
        } catch {
            #expect(error.message.hasPrefix("left (sql on pg) is not in key order: key B came after b"))
            #expect(error.message.contains("ORDER BY name COLLATE \"C\""))
        }
        var graph = KeyOrderCheck(side: "right (cypher on graph)", key: ["a", "b"], isSQL: false)
        try graph.accept([.int(1), .int(2)])
        do {
            try graph.accept([.int(1), .int(2)])
            Issue.record("a duplicate key was accepted")
        } catch {
            #expect(
                error.message
                    == "right (cypher on graph) returned key [1,2] twice: the key columns must identify one row"
            )
        }
    }

    @Test func valuesCompareByTypeAwareEquality() {
        #expect(KeyOrder.same(.int(3), .double(3)))
        #expect(KeyOrder.same(.string("1.50"), .double(1.5)))
        #expect(!KeyOrder.same(.string("x"), .int(1)))
        #expect(!KeyOrder.same(.null, .string("")))
        #expect(KeyOrder.same(.list([.int(1), .string("a")]), .list([.double(1), .string("a")])))
    }

    @Test func tallyCountsEachClassAndKeepsTheFirstExamples() {
        var tally = KeyedDiffTally(examples: 2)
        for i in 1...3 { tally.record(.onlyLeft, key: [.int(Int64(i))]) }
        tally.record(.onlyRight, key: [.int(7), .int(8)])
        tally.record(nil, key: [.int(9)])
        #expect(tally.onlyLeft == 3 && tally.onlyRight == 1 && tally.changed == 0 && tally.same == 1)
        #expect(!tally.holds)
        #expect(tally.examples[.onlyLeft] == [.int(1), .int(2)])
        #expect(tally.summary == "3 only left, 1 only right, 0 changed, 1 same")
        #expect(tally.detail == "only_left 3: 1, 2, …\nonly_right 1: [7,8]")
        #expect(tally.fields["left"] == .int(4))
        #expect(tally.fields["right"] == .int(2))
    }
}
