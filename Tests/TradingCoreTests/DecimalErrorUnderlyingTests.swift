import Testing
import TradingCore

/// A `DecimalError` for a field of a trade tape keeps the field's own decimal error as `underlying`; the text
/// names the line, then says what the field's error said.
@Suite struct DecimalErrorUnderlyingTests {
    @Test func aBadFieldOfATradeTapeKeepsTheFieldsError() throws {
        let tape = "trade_id,price,qty,time_ms,is_buyer_maker\n1,101.5,0.25,1000,true\n2,101.5,-0.5,1001,false\n"
        let direct = #expect(throws: DecimalError.self) { try FixedDecimal("-0.5", allowNegative: false) }
        let error = #expect(throws: DecimalError.self) { try TradeTape.load(tape) }
        let cause = try #require(error?.underlying as? DecimalError)
        #expect(cause.code == direct?.code)
        #expect(cause.message == direct?.message)
        #expect(error?.code == cause.code)
        #expect(error?.message == "line 3")
        #expect(error?.description == "line 3: \(cause.message)")
    }

    @Test func equalityIsTheCodeOnly() {
        let cause = DecimalError(.negative, "inner")
        #expect(DecimalError(.negative, "a") == DecimalError(.negative, "a", underlying: cause))
        #expect(DecimalError(.negative, "a", underlying: cause).description == "a: inner")
        #expect(DecimalError(.negative, "a").description == "a")
    }
}
