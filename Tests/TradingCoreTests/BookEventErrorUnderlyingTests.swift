import JSON
import Testing
import TradingCore

/// A `BookEventError` for an event that is not JSON keeps the parser's error as `underlying`.
@Suite struct BookEventErrorUnderlyingTests {
    @Test func anEventThatIsNotJSONKeepsTheSyntaxError() throws {
        let error = #expect(throws: BookEventError.self) {
            try BookEvent(jsonBytes: Array(#"{"event":"admitted","#.utf8))
        }
        #expect(error?.code == .malformed)
        #expect(error?.message == "event: not JSON")
        let cause = try #require(error?.underlying as? JSONSyntaxError)
        #expect(error?.description == "malformed event: event: not JSON: \(cause)")
    }

    @Test func equalityIsTheCodeAndTheMessage() {
        let cause = BookEventError(.malformed, "inner")
        #expect(BookEventError(.malformed, "a") == BookEventError(.malformed, "a", underlying: cause))
        #expect(BookEventError(.malformed, "a") != BookEventError(.malformed, "b"))
    }
}
