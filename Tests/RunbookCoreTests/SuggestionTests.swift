import RunbookCore
import Testing

@Suite struct SuggestionTests {
    @Test func closeWordsAreSuggested() {
        #expect(Suggestion.closest(to: "qurey", in: ["query", "params", "on"]) == "query")
        #expect(Suggestion.closest(to: "xyz", in: ["query", "params"]) == nil)
        #expect(Suggestion.distance("kitten", "sitting") == 3)
    }
}
