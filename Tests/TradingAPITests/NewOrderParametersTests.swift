import Testing
import TradingCore

@testable import TradingAPI

@Suite struct NewOrderParametersTests {
    private func read(_ query: String, isTest: Bool = false) throws(BinanceAPIError) -> NewOrderParameters {
        var reader = ParameterReader(try BinanceParameters(query: query))
        let parameters = try NewOrderParameters(reading: &reader, isTest: isTest)
        try reader.finish()
        return parameters
    }

    /// python-binance's LIMIT order (less the signing parameters) becomes the core's request exactly.
    @Test func pythonBinanceLimitOrder() throws {
        let order = try read(
            "newClientOrderId=cid1&price=0.1&quantity=1&side=BUY&symbol=BTCUSDT&timeInForce=GTC&type=LIMIT"
        )
        #expect(
            order.request
                == OrderRequest(
                    symbol: "BTCUSDT",
                    side: .buy,
                    type: .limit,
                    timeInForce: .gtc,
                    price: FixedDecimal(raw: 1, scale: 1),
                    quantity: FixedDecimal(1)
                )
        )
        #expect(order.newClientOrderId == "cid1")
        #expect(order.responseType == .full)
    }

    /// The SDK's float spelling `1.0` reads as one; every optional field and enum is taken by Binance's name.
    @Test func everyField() throws {
        let order = try read(
            "symbol=ETHBTC&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=IOC&quantity=1.0&price=0.05&stopPrice=0.06"
                + "&icebergQty=0.2&trailingDelta=250&selfTradePreventionMode=EXPIRE_BOTH&newOrderRespType=RESULT"
                + "&strategyId=7&strategyType=1000000&quoteOrderQty=3"
        )
        #expect(order.request.quantity == FixedDecimal(1))
        #expect(order.request.stopPrice == FixedDecimal(raw: 6, scale: 2))
        #expect(order.request.icebergQty == FixedDecimal(raw: 2, scale: 1))
        #expect(order.request.trailingDelta == 250)
        #expect(order.request.selfTradePreventionMode == .expireBoth)
        #expect(order.request.timeInForce == .ioc)
        #expect(order.responseType == .result)
        #expect(order.strategyId == 7 && order.strategyType == 1_000_000)
    }

    /// Default response types: FULL for MARKET and LIMIT, ACK otherwise.
    @Test func defaultResponseTypes() throws {
        #expect(try read("symbol=A&side=BUY&type=MARKET&quantity=1").responseType == .full)
        #expect(try read("symbol=A&side=BUY&type=LIMIT_MAKER&quantity=1&price=1").responseType == .ack)
    }

    /// Each malformed field gets Binance's code.
    @Test func refusals() {
        let cases: [(String, BinanceAPIError)] = [
            ("side=BUY&type=LIMIT", .mandatoryParameter("symbol")),
            (
                "symbol=btcusdt&side=BUY&type=LIMIT",
                .illegalCharacters("symbol", legalRange: NewOrderParameters.symbolRange)
            ),
            ("symbol=A&side=HOLD&type=LIMIT", .invalidSide),
            ("symbol=A&side=BUY&type=OCO", .invalidOrderType),
            ("symbol=A&side=BUY&type=LIMIT&timeInForce=GTX", .invalidTimeInForce),
            ("symbol=A&side=BUY&type=LIMIT&newOrderRespType=MIN", .invalidParameter("newOrderRespType")),
            (
                "symbol=A&side=BUY&type=LIMIT&selfTradePreventionMode=TRANSFER",
                .invalidParameter("selfTradePreventionMode")
            ),
            ("symbol=A&side=BUY&type=LIMIT&strategyType=999999", .badStrategyType),
            (
                "symbol=A&side=BUY&type=LIMIT&newClientOrderId=has%20space",
                .illegalCharacters("newClientOrderId", legalRange: NewOrderParameters.clientOrderIdRange)
            ),
            (
                "symbol=A&side=BUY&type=MARKET&quantity=1e-05",
                .illegalCharacters("quantity", legalRange: ParameterReader.decimalRange)
            ),
            ("symbol=A&side=BUY&type=MARKET&quantity=1&pegPriceType=PRIMARY_PEG", .unreadParameters(read: 4, sent: 5)),
            (
                "symbol=A&side=BUY&type=MARKET&quantity=1&computeCommissionRates=true",
                .unreadParameters(read: 4, sent: 5)
            ),
        ]
        for (query, expected) in cases {
            #expect(throws: expected, "\(query)") { try read(query) }
        }
    }

    /// `order/test` takes `computeCommissionRates` as true or false only.
    @Test func commissionRatesFlag() throws {
        #expect(
            try read("symbol=A&side=BUY&type=MARKET&quantity=1&computeCommissionRates=true", isTest: true)
                .computeCommissionRates
        )
        #expect(throws: BinanceAPIError.invalidParameter("computeCommissionRates")) {
            try read("symbol=A&side=BUY&type=MARKET&quantity=1&computeCommissionRates=yes", isTest: true)
        }
    }
}
