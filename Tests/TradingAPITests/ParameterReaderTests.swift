import Testing
import TradingCore

@testable import TradingAPI

@Suite struct ParameterReaderTests {
    private func reader(_ query: String) throws -> ParameterReader {
        ParameterReader(try BinanceParameters(query: query))
    }

    /// Missing or empty mandatory parameters are -1102 with Binance's message; an empty optional one -1105.
    @Test func mandatoryAndEmpty() throws {
        var r = try reader("a=&b=")
        #expect(throws: BinanceAPIError.mandatoryParameter("a")) { try r.required("a") }
        #expect(throws: BinanceAPIError.mandatoryParameter("z")) { try r.required("z") }
        #expect(throws: BinanceAPIError.emptyParameter("b")) { try r.optional("b") }
        #expect(try r.optional("c") == nil)
        #expect(
            BinanceAPIError.mandatoryParameter("symbol").message
                == "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."
        )
    }

    /// Parameters nobody read are -1104 with Binance's counts; a forbidden one is -1106.
    @Test func unreadAndNotRequired() throws {
        var r = try reader("a=1&b=2")
        _ = try r.required("a")
        #expect(throws: BinanceAPIError.unreadParameters(read: 1, sent: 2)) { try r.finish() }
        #expect(
            BinanceAPIError.unreadParameters(read: 1, sent: 2).message
                == "Not all sent parameters were read; read '1' parameter(s) but was sent '2'."
        )
        #expect(throws: BinanceAPIError.parameterNotRequired("b")) { try r.refuse("b") }
        _ = try r.optional("b")
        try r.finish()
    }

    /// Decimals are read exactly from their text; exponents and signs are -1100, 19 decimals -1111.
    @Test func decimals() throws {
        var r = try reader("p=0.10000000&q=1e-05&n=-1&s=0.1234567890123456789&d=1.&big=99999999999999999999")
        #expect(try r.optionalDecimal("p") == FixedDecimal(raw: 10_000_000, scale: 8))
        #expect(try r.optionalDecimal("p")?.description == "0.10000000")
        #expect(throws: BinanceAPIError.illegalCharacters("q", legalRange: ParameterReader.decimalRange)) {
            try r.optionalDecimal("q")
        }
        #expect((try? r.optionalDecimal("n")) == nil)
        #expect(throws: BinanceAPIError.tooMuchPrecision("s")) { try r.optionalDecimal("s") }
        #expect((try? r.optionalDecimal("d")) == nil)
        #expect(throws: BinanceAPIError.parameterOverflow("big")) { try r.optionalDecimal("big") }
    }

    /// LONGs: digits only, within Int64.
    @Test func longs() throws {
        var r = try reader("a=1499827319559&b=12x&c=99999999999999999999")
        #expect(try r.optionalLong("a") == 1_499_827_319_559)
        #expect(throws: BinanceAPIError.illegalCharacters("b", legalRange: ParameterReader.longRange)) {
            try r.optionalLong("b")
        }
        #expect(throws: BinanceAPIError.parameterOverflow("c")) { try r.optionalLong("c") }
        #expect(throws: BinanceAPIError.mandatoryParameter("b")) { try r.requiredLong("b") }
    }

    /// Enums by Binance's names; anything else is the given error.
    @Test func enums() throws {
        var r = try reader("side=BUY&type=limit")
        #expect(try r.requiredEnum("side", as: OrderSide.self, invalid: .invalidSide) == .buy)
        #expect(throws: BinanceAPIError.invalidOrderType) {
            try r.requiredEnum("type", as: OrderType.self, invalid: .invalidOrderType)
        }
    }
}
