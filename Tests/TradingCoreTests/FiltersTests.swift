import Foundation
import Testing

@testable import TradingCore

private func d(_ text: String) -> FixedDecimal { try! FixedDecimal(text) }

/// Order validation on the real 2023-09-08 and 2022-11-28 symbols (see Fixtures/exchange/SOURCES.md).
@Suite struct FiltersTests {
    static let modern = try! ExchangeInfo.parse(try! Fixture.data(Fixture.modern))
    static let legacy = try! ExchangeInfo.parse(try! Fixture.data(Fixture.legacy))

    func verdict(
        _ symbol: String,
        _ side: OrderSide = .buy,
        _ type: OrderType = .limit,
        tif: TimeInForce? = .gtc,
        price: String? = nil,
        qty: String? = nil,
        quote: String? = nil,
        stop: String? = nil,
        iceberg: String? = nil,
        delta: Int? = nil,
        stp: STPMode? = nil,
        context: OrderContext = OrderContext(),
        info: ExchangeInfo = FiltersTests.modern,
        exchangeFilters: [ExchangeFilter] = []
    ) -> OrderVerdict {
        let order = OrderRequest(
            symbol: symbol,
            side: side,
            type: type,
            timeInForce: tif,
            price: price.map(d),
            quantity: qty.map(d),
            quoteOrderQty: quote.map(d),
            stopPrice: stop.map(d),
            icebergQty: iceberg.map(d),
            trailingDelta: delta,
            selfTradePreventionMode: stp
        )
        return OrderValidator(symbol: info.symbol(symbol)!, exchangeFilters: exchangeFilters)
            .validate(order, context: context)
    }

    func message(_ verdict: OrderVerdict) -> String? { verdict.rejection.map { "\($0.code.code) \($0.message)" } }

    @Test func priceFilterTickMinAndMax() {
        #expect(verdict("BTCUSDT", price: "25000.00", qty: "0.001") == .accepted(unchecked: .percentPrice))
        #expect(message(verdict("BTCUSDT", price: "25000.001", qty: "0.001")) == "-1013 Filter failure: PRICE_FILTER")
        #expect(message(verdict("BTCUSDT", price: "1000000.01", qty: "0.001")) == "-1013 Filter failure: PRICE_FILTER")
        // PAXUSDT: tick 0.0001, minPrice 0.7; the rule is price % tick (not (price - min) % tick).
        let pax = try! #require(Self.modern.symbol("PAXUSDT"))
        guard case .price(let rule) = pax.filters[0] else {
            Issue.record("no PRICE_FILTER")
            return
        }
        #expect(rule.accepts(d("0.7001")) && !rule.accepts(d("0.70005")) && !rule.accepts(d("0.6999")))
        // The stop price is checked by PRICE_FILTER too.
        #expect(
            message(verdict("BTCUSDT", .sell, .stopLossLimit, price: "25000.00", qty: "0.001", stop: "25000.005"))
                == "-1013 Filter failure: PRICE_FILTER"
        )
    }

    @Test func lotSizeAndMarketLotSizeWithZeroDisabledStep() {
        #expect(message(verdict("BTCUSDT", price: "25000.00", qty: "0.000001")) == "-1013 Filter failure: LOT_SIZE")
        #expect(message(verdict("BTCUSDT", price: "1.00", qty: "9000.00001")) == "-1013 Filter failure: LOT_SIZE")
        #expect(message(verdict("SHIBUSDT", price: "0.00001000", qty: "500000.5")) == "-1013 Filter failure: LOT_SIZE")
        #expect(verdict("SHIBUSDT", price: "0.00001000", qty: "500000.00").rejection == nil)
        // MARKET_LOT_SIZE step "0.00000000" disables the step rule; maxQty 168.82682004 still holds.
        let avg = OrderContext(averagePrice: d("26000"))
        #expect(verdict("BTCUSDT", .sell, .market, tif: nil, qty: "0.12345", context: avg) == .accepted(unchecked: []))
        #expect(
            message(verdict("BTCUSDT", .sell, .market, tif: nil, qty: "168.9", context: avg))
                == "-1013 Filter failure: MARKET_LOT_SIZE"
        )
        // BTTCUSDT: MARKET_LOT_SIZE written "0.0" everywhere.
        #expect(
            verdict(
                "BTTCUSDT",
                .buy,
                .market,
                tif: nil,
                qty: "100000000",
                context: OrderContext(averagePrice: d("0.0000005"))
            ).rejection == nil
        )
    }

    @Test func aVenueThatRequiresTheAveragePriceRefusesWhatNeedsItWithoutOne() {
        let required = OrderContext(requiresAveragePrice: true)
        // Left out without the requirement, refused by the rule that needs the price with it.
        #expect(verdict("BTCUSDT", price: "25000.00", qty: "0.001") == .accepted(unchecked: .percentPrice))
        #expect(
            message(verdict("BTCUSDT", price: "25000.00", qty: "0.001", context: required))
                == "-1013 Filter failure: PERCENT_PRICE_BY_SIDE"
        )
        #expect(
            message(verdict("BTCUSDT", .buy, .market, tif: nil, qty: "0.0001", context: required))
                == "-1013 Filter failure: NOTIONAL"
        )
        // A price makes the requirement moot.
        var priced = required
        priced.averagePrice = d("26000")
        #expect(verdict("BTCUSDT", price: "25000.00", qty: "0.001", context: priced) == .accepted(unchecked: []))
    }

    @Test func notionalLimitAndMarketRules() {
        #expect(message(verdict("BTCUSDT", price: "10000.00", qty: "0.0001")) == "-1013 Filter failure: NOTIONAL")
        #expect(verdict("BTCUSDT", price: "50000.00", qty: "0.0001").rejection == nil)
        #expect(message(verdict("BTCUSDT", price: "999999.00", qty: "9.1")) == "-1013 Filter failure: NOTIONAL")
        // MARKET: min applies (applyMinToMarket), max does not (applyMaxToMarket false).
        #expect(verdict("BTCUSDT", .buy, .market, tif: nil, qty: "0.0001") == .accepted(unchecked: .marketNotional))
        #expect(
            message(
                verdict(
                    "BTCUSDT",
                    .buy,
                    .market,
                    tif: nil,
                    qty: "0.0001",
                    context: OrderContext(averagePrice: d("26000"))
                )
            )
                == "-1013 Filter failure: NOTIONAL"
        )
        #expect(
            verdict("BTCUSDT", .buy, .market, tif: nil, qty: "160", context: OrderContext(averagePrice: d("999999")))
                .rejection == nil
        )
        #expect(message(verdict("BTCUSDT", .buy, .market, tif: nil, quote: "4.99")) == "-1013 Filter failure: NOTIONAL")
        #expect(verdict("BTCUSDT", .buy, .market, tif: nil, quote: "5") == .accepted(unchecked: .quoteOrderLotSize))
        // Legacy MIN_NOTIONAL (min 10 in 2022).
        #expect(
            message(
                verdict(
                    "BTCUSDT",
                    price: "10000.00",
                    qty: "0.0009",
                    context: OrderContext(averagePrice: d("10000")),
                    info: Self.legacy
                )
            )
                == "-1013 Filter failure: MIN_NOTIONAL"
        )
    }

    @Test func percentPriceBySideAndLegacy() {
        let avg = OrderContext(averagePrice: d("26000"))
        #expect(verdict("BTCUSDT", price: "130000.00", qty: "0.001", context: avg).rejection == nil)
        #expect(
            message(verdict("BTCUSDT", price: "130000.01", qty: "0.001", context: avg))
                == "-1013 Filter failure: PERCENT_PRICE_BY_SIDE"
        )
        #expect(
            message(verdict("BTCUSDT", .sell, price: "5199.99", qty: "0.001", context: avg))
                == "-1013 Filter failure: PERCENT_PRICE_BY_SIDE"
        )
        #expect(verdict("BTCUSDT", .sell, price: "5200.00", qty: "0.001", context: avg).rejection == nil)
        // TUSDUSDT 1.2/0.8 band.
        let one = OrderContext(averagePrice: d("1"))
        #expect(
            message(verdict("TUSDUSDT", price: "1.2001", qty: "100", context: one))
                == "-1013 Filter failure: PERCENT_PRICE_BY_SIDE"
        )
        #expect(
            message(
                verdict(
                    "BTCUSDT",
                    price: "50000.01",
                    qty: "0.001",
                    context: OrderContext(averagePrice: d("10000")),
                    info: Self.legacy
                )
            )
                == "-1013 Filter failure: PERCENT_PRICE"
        )
    }

    @Test func icebergRules() {
        #expect(
            verdict(
                "BTCUSDT",
                price: "30000.00",
                qty: "1",
                iceberg: "0.1",
                context: OrderContext(averagePrice: d("30000"))
            ).rejection == nil
        )
        #expect(
            message(verdict("BTCUSDT", price: "30000.00", qty: "1", iceberg: "0.09"))
                == "-1013 Filter failure: ICEBERG_PARTS"
        )
        #expect(
            message(verdict("BTCUSDT", price: "30000.00", qty: "1", iceberg: "1")) == "-2010 IcebergQty exceeds QTY."
        )
        #expect(
            message(verdict("BTCUSDT", tif: .ioc, price: "30000.00", qty: "1", iceberg: "0.5"))
                == "-1014 Unsupported order combination"
        )
        #expect(
            message(verdict("BTCUSDT", price: "30000.00", qty: "1", iceberg: "0.100001"))
                == "-1013 Filter failure: LOT_SIZE"
        )
    }

    @Test func countsAndExchangeFilters() {
        let limit = { (context: OrderContext) in verdict("BTCUSDT", price: "30000.00", qty: "0.001", context: context) }
        #expect(limit(OrderContext(openOrders: 199)).rejection == nil)
        #expect(message(limit(OrderContext(openOrders: 200))) == "-1013 Filter failure: MAX_NUM_ORDERS")
        #expect(limit(OrderContext(openAlgoOrders: 5)).rejection == nil)
        #expect(
            message(
                verdict(
                    "BTCUSDT",
                    .sell,
                    .stopLossLimit,
                    price: "20000.00",
                    qty: "0.001",
                    stop: "20000.00",
                    context: OrderContext(openAlgoOrders: 5)
                )
            )
                == "-1013 Filter failure: MAX_NUM_ALGO_ORDERS"
        )
        let exchange: [ExchangeFilter] = [.maxNumOrders(1000), .maxNumAlgoOrders(200), .maxNumIcebergOrders(10)]
        #expect(
            message(
                verdict(
                    "BTCUSDT",
                    price: "30000.00",
                    qty: "0.001",
                    context: OrderContext(accountOpenOrders: 1000),
                    exchangeFilters: exchange
                )
            )
                == "-1013 Filter failure: EXCHANGE_MAX_NUM_ORDERS"
        )
        #expect(
            message(
                verdict(
                    "BTCUSDT",
                    price: "30000.00",
                    qty: "1",
                    iceberg: "0.5",
                    context: OrderContext(accountOpenIcebergOrders: 10),
                    exchangeFilters: exchange
                )
            )
                == "-1013 Filter failure: EXCHANGE_MAX_NUM_ICEBERG_ORDERS"
        )
        #expect(
            message(
                verdict(
                    "BTCUSDT",
                    .sell,
                    .stopLossLimit,
                    price: "20000.00",
                    qty: "0.001",
                    stop: "20000.00",
                    context: OrderContext(accountOpenAlgoOrders: 200),
                    exchangeFilters: exchange
                )
            )
                == "-1013 Filter failure: EXCHANGE_MAX_NUM_ALGO_ORDERS"
        )
    }

    @Test func maxPosition() {
        // BTCUPUSDT: maxPosition 547.
        let order = { (qty: String, position: String?) in
            verdict("BTCUPUSDT", price: "5.000", qty: qty, context: OrderContext(position: position.map(d)))
        }
        #expect(order("47", "500").rejection == nil)
        #expect(message(order("47.01", "500")) == "-1013 Filter failure: MAX_POSITION")
        #expect(message(order("2", "547.01")) == "-1013 Filter failure: MAX_POSITION")
        #expect(order("2", nil) == .accepted(unchecked: [.percentPrice, .maxPosition]))
        #expect(
            verdict("BTCUPUSDT", .sell, price: "5.000", qty: "100", context: OrderContext(position: d("10000")))
                .rejection == nil
        )
        // LUNCBUSD's limit is the 64-bit edge (92233720368.54775807): the sum overflows and is refused, not trapped.
        #expect(
            message(
                verdict(
                    "LUNCBUSD",
                    price: "0.0001",
                    qty: "100000",
                    context: OrderContext(position: d("92233720368.54775807"))
                )
            ) == "-1013 Filter failure: MAX_POSITION"
        )
    }

    @Test func trailingDeltaAboveAndBelow() {
        let order = { (type: OrderType, side: OrderSide, delta: Int) in
            verdict("BTCUSDT", side, type, price: "30000.00", qty: "0.001", delta: delta)
        }
        #expect(order(.stopLossLimit, .buy, 10).rejection == nil)
        #expect(message(order(.stopLossLimit, .buy, 9)) == "-1013 Filter failure: TRAILING_DELTA")
        #expect(message(order(.takeProfitLimit, .buy, 2001)) == "-1013 Filter failure: TRAILING_DELTA")
        #expect(message(order(.stopLossLimit, .sell, 2001)) == "-1013 Filter failure: TRAILING_DELTA")
        // On a custom filter the above/below sides differ.
        let rule = TrailingDeltaFilter(
            minTrailingAboveDelta: 10,
            maxTrailingAboveDelta: 100,
            minTrailingBelowDelta: 200,
            maxTrailingBelowDelta: 300
        )
        #expect(rule.accepts(50, type: .stopLoss, side: .buy) && !rule.accepts(50, type: .stopLoss, side: .sell))
        #expect(
            rule.accepts(50, type: .takeProfit, side: .sell) && rule.accepts(250, type: .takeProfitLimit, side: .buy)
        )
    }

    @Test func parameterPermissionAndSTPRejects() {
        #expect(
            message(verdict("BTCUSDT", tif: nil, price: "30000.00", qty: "1"))
                == "-1102 Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed."
        )
        #expect(
            message(verdict("BTCUSDT", .buy, .market, tif: nil, price: "30000.00", qty: "1"))
                == "-1106 Parameter 'price' sent when not required."
        )
        #expect(
            message(verdict("BTCUSDT", .buy, .market, tif: .gtc, qty: "1"))
                == "-1114 TimeInForce parameter sent when not required."
        )
        #expect(
            message(verdict("BTCUSDT", .buy, .market, tif: nil))
                == "-1102 Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!"
        )
        #expect(
            message(verdict("BTCUSDT", .buy, .stopLossLimit, price: "30000.00", qty: "1"))
                == "-1102 Param 'stopPrice' or 'trailingDelta' must be sent, but both were empty/null!"
        )
        #expect(
            message(verdict("BTCUSDT", price: "30000.00", qty: "0.000000001"))
                == "-1111 Parameter 'quantity' has too much precision."
        )
        #expect(verdict("BTCUSDT", price: "30000.00000000000", qty: "0.0010000000000").rejection == nil)
        #expect(message(verdict("BCCBTC", price: "0.01", qty: "1")) == "-2010 Market is closed.")
        #expect(
            message(verdict("BTCUSDT", .buy, .stopLoss, tif: nil, qty: "1", stop: "30000.00"))
                == "-2010 Stop loss orders are not supported for this symbol."
        )
        #expect(
            message(verdict("BTCUPUSDT", .buy, .market, tif: nil, quote: "100"))
                == "-2010 Quote order qty market orders are not support for this symbol."
        )
        #expect(
            message(verdict("BTCUSDT", price: "30000.00", qty: "0.001", stp: .decrement))
                == "-1013 This symbol does not allow the specified self-trade prevention mode."
        )
        #expect(verdict("BTCUSDT", price: "30000.00", qty: "0.001", stp: .expireBoth).rejection == nil)
        #expect(
            message(verdict("BTCUSDT", price: "0.00", qty: "0.001", info: Self.modern, exchangeFilters: []))
                == "-1013 Filter failure: PRICE_FILTER"
        )
    }

    @Test func everyRejectionCodeIsInTheTaxonomy() {
        for code in [-1013, -1014, -1102, -1106, -1111, -1114, -1121, -2010] {
            #expect(BinanceErrorCode(code: code)?.retryClass == .doNotRetry)
        }
    }
}
