import RunbookCore
import Testing

@Suite struct TemplateTests {
    let values: [String: Value] = [
        "params.name": .string("nova"), "params.n": .int(5), "params.f": .double(1.5),
        "params.items": .list([.int(1), .int(2)]), "params.none": .null,
    ]

    func render(_ text: String) throws -> Value {
        try Template.parse(text, origin: loc(1, 1)).render(in: context(values))
    }

    func templateError(_ text: String, origin: Loc = loc(1, 1)) -> ExpressionError? {
        do {
            _ = try Template.parse(text, origin: origin)
            return nil
        } catch {
            return error
        }
    }

    @Test func partsAndLocations() throws {
        let t = try Template.parse("hello ${{ params.name }}!", origin: loc(8, 12))
        #expect(t.parts.count == 3)
        #expect(t.parts[0] == .literal("hello "))
        #expect(t.parts[2] == .literal("!"))
        guard case .expression(let e, let source, let at) = t.parts[1] else {
            Issue.record("expected an expression part")
            return
        }
        #expect(source == "params.name")
        #expect(at == loc(8, 18))
        #expect(e == .reference(path: ["params", "name"], at: loc(8, 22)))
        #expect(t.containsExpressions)
        #expect(!t.isSingleExpression)
        #expect(t.references.map(\.path) == [["params", "name"]])
        #expect(t.references.map(\.location) == [loc(8, 22)])
    }

    @Test func multiLineLocations() throws {
        let t = try Template.parse("first line\n  then ${{ a }}\n${{ b +\n c }}", origin: loc(3, 7))
        #expect(t.references.map(\.location) == [loc(4, 12), loc(5, 5), loc(6, 2)])
        let error = try #require(templateError("line one\n  ${{ params.n + }}", origin: loc(3, 7)))
        #expect(error.location == loc(4, 18))
        #expect(error.message == "expected an expression, found end of input")
    }

    @Test func rendering() throws {
        #expect(try render("plain") == .string("plain"))
        #expect(try render("") == .string(""))
        #expect(try render("hello ${{ params.name }}!") == .string("hello nova!"))
        #expect(
            try render("n=${{ params.n }} f=${{ params.f }} l=${{ params.items }} z=${{ params.none }}")
                == .string("n=5 f=1.5 l=[1,2] z=")
        )
        #expect(try render("${{ params.n }}${{ params.n }}") == .string("55"))
        #expect(try render("${{ '}}' + '${{' }}") == .string("}}${{"))
        #expect(try render("a $ {{ b }} ${ c } {{ d }}") == .string("a $ {{ b }} ${ c } {{ d }}"))
    }

    @Test func singleExpressionKeepsItsType() throws {
        #expect(try render("${{ params.n }}") == .int(5))
        #expect(try render("  ${{ params.n * 2 }}\n") == .int(10))
        #expect(try render("${{ params.items }}") == .list([.int(1), .int(2)]))
        #expect(try render("${{ params.none }}") == .null)
        #expect(try render("${{ params.n > 1 }}") == .bool(true))
        #expect(try Template.parse(" ${{ x }} ", origin: loc(1, 1)).isSingleExpression)
        #expect(!(try Template.parse("${{ x }}.", origin: loc(1, 1)).isSingleExpression))
        #expect(!(try Template.parse("${{ x }}${{ y }}", origin: loc(1, 1)).isSingleExpression))
    }

    @Test func literalTemplates() {
        let t = Template.literal("just text ${{ not parsed }}")
        #expect(!t.containsExpressions)
        #expect(t.literalText == "just text ${{ not parsed }}")
        #expect(Template.literal("").parts.isEmpty)
        #expect(t.references.isEmpty)
    }

    @Test func unterminatedOpeningIsAnErrorAtTheDollar() throws {
        let error = try #require(templateError("abc ${{ params.x", origin: loc(5, 3)))
        #expect(error.location == loc(5, 7))
        #expect(error.message == "unterminated '${{' (missing '}}')")
        let second = try #require(templateError("${{ a }} and ${{ b } }", origin: loc(1, 1)))
        #expect(second.location == loc(1, 14))
    }

    @Test func unterminatedStringInsideIsReportedAtTheQuote() throws {
        let error = try #require(templateError("x ${{ 'abc }}", origin: loc(2, 1)))
        #expect(error.message == "unterminated string")
        #expect(error.location == loc(2, 7))
    }

    @Test func emptyExpressionIsAnError() throws {
        let error = try #require(templateError("a ${{   }} b", origin: loc(1, 1)))
        #expect(error.location == loc(1, 3))
        #expect(error.message == "empty expression '${{ }}'")
        #expect(templateError("${{}}") != nil)
    }

    @Test func runtimeErrorsPointIntoTheTemplate() throws {
        let t = try Template.parse("count: ${{ params.n / 0 }}", origin: loc(10, 5))
        do {
            _ = try t.render(in: context(values))
            Issue.record("expected division by zero")
        } catch {
            #expect(error.location == loc(10, 25))
            #expect(error.message == "division by zero")
        }
    }
}
