import JSON
import PQ
import Testing
import TradingStore

/// A `TradingStoreError` keeps the error it wraps as `underlying` (the JSON parser's, the database's), and the
/// text a user reads still ends with the cause's.
@Suite struct TradingStoreErrorUnderlyingTests {
    @Test func startingBalancesThatAreNotJSONKeepTheSyntaxError() throws {
        let error = #expect(throws: TradingStoreError.self) {
            try StartingBalances(json: Array(#"{"BTC":"1""#.utf8), source: "balances.json")
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message == "balances.json: not JSON")
        let cause = try #require(error?.underlying as? JSONSyntaxError)
        #expect(error?.description == "balances.json: not JSON: \(cause)")
    }

    @Test func theUnderlyingErrorIsNotPartOfEquality() {
        let cause = PQError(.connectionLost, "gone")
        let wrapped = TradingStoreError(.database, "reading", underlying: cause)
        #expect(wrapped == TradingStoreError(.database, "reading"))
        #expect(wrapped.description == "reading: \(cause)")
    }
}
