import Testing

@testable import TradingCore

private func q(_ text: String) -> FixedDecimal { try! FixedDecimal(text) }

/// Trailing stop orders, replaying the scenarios of Binance's `faqs/trailing-stop-faq.md` as real trades.
@Suite struct TrailingStopTests {
    /// A book whose trades are made by two helper accounts, one unit at a time.
    struct Tape {
        var book = MatchingEngine(priceScale: 2, quantityScale: 0, quantityStep: 1)
        var nextId: UInt64 = 1_000

        /// One trade of one unit at `price`: a resting SELL hit by an IOC BUY.
        mutating func trade(_ price: String) {
            let value = q(price)
            book.submit(NewOrder(id: nextId, account: 90, side: .sell, type: .limit, price: value, quantity: q("1")))
            book.submit(
                NewOrder(
                    id: nextId + 1,
                    account: 91,
                    side: .buy,
                    type: .limit,
                    timeInForce: .ioc,
                    price: value,
                    quantity: q("1")
                )
            )
            nextId += 2
        }

        /// Trades at every 100.00 step from `from` to `to`, both included ("a series of linear trades").
        mutating func ramp(_ from: Int, _ to: Int) {
            let step = from <= to ? 100 : -100
            for price in stride(from: from, through: to, by: step) { trade(String(price)) }
        }

        func state(_ id: UInt64) -> TrailingStopState { book.trailingStop(id)! }
    }

    func trailing(
        _ id: UInt64,
        _ side: OrderSide,
        _ type: OrderType,
        delta: Int,
        stop: String? = nil,
        price: String? = nil,
        quantity: String = "1"
    ) -> NewOrder {
        NewOrder(
            id: id,
            account: 7,
            side: side,
            type: type,
            price: price.map(q),
            quantity: q(quantity),
            stopPrice: stop.map(q),
            trailingDelta: delta
        )
    }

    @Test func scenarioAStopLossLimitBuy() {
        var tape = Tape()
        tape.trade("40000")
        let order = trailing(1, .buy, .stopLossLimit, delta: 500, stop: "44000", price: "45000")
        #expect(tape.book.submit(order) == .success(.new))
        tape.ramp(40_000, 37_000)
        // A 750 BIPS fall is ignored: the order has not started tracking.
        #expect(!tape.state(1).isTracking && tape.state(1).extremePrice == nil)
        tape.ramp(37_000, 45_000)
        #expect(tape.state(1).isTracking && tape.state(1).extremePrice == q("44000"))
        #expect(tape.state(1).triggerPrice == q("46200"))
        tape.ramp(45_000, 46_000)
        #expect(!tape.state(1).isTriggered)
        tape.ramp(46_000, 42_000)
        #expect(tape.state(1).extremePrice == q("42000") && tape.state(1).triggerPrice == q("44100"))
        tape.ramp(42_000, 44_000)
        tape.trade("44099.99")
        #expect(!tape.state(1).isTriggered && tape.book.bestBid == nil)
        tape.trade("44100")
        // Triggered: it works against the book at its limit 45,000 and rests there.
        #expect(tape.state(1).isTriggered && tape.book.bestBid == q("45000"))
        #expect(tape.book.order(1)?.status == .new)
    }

    @Test func scenarioBStopLossLimitSell() {
        var tape = Tape()
        tape.trade("40000")
        #expect(
            tape.book.submit(trailing(1, .sell, .stopLossLimit, delta: 1000, stop: "39000", price: "38000"))
                == .success(.new)
        )
        tape.ramp(40_000, 41_500)
        #expect(!tape.state(1).isTracking)
        tape.ramp(41_500, 37_000)
        // Activated by the trade at 39,000, which was the highest price since: 37,000 is ~512 BIPS down.
        #expect(tape.state(1).extremePrice == q("39000") && !tape.state(1).isTriggered)
        tape.ramp(37_000, 41_000)
        #expect(tape.state(1).extremePrice == q("41000") && tape.state(1).triggerPrice == q("36900"))
        tape.ramp(41_000, 37_000)
        tape.trade("36900.01")
        #expect(!tape.state(1).isTriggered && tape.book.bestAsk == nil)
        tape.trade("36900")
        #expect(tape.state(1).isTriggered && tape.book.bestAsk == q("38000"))
    }

    @Test func scenarioCTakeProfitLimitBuy() {
        var tape = Tape()
        tape.trade("40000")
        #expect(
            tape.book.submit(trailing(1, .buy, .takeProfitLimit, delta: 850, stop: "38000", price: "38500"))
                == .success(.new)
        )
        tape.ramp(40_000, 42_000)
        tape.ramp(42_000, 37_000)
        #expect(tape.state(1).extremePrice == q("37000") && tape.state(1).triggerPrice == q("40145"))
        tape.ramp(37_000, 39_000)
        tape.ramp(39_000, 38_000)
        // 38,000 is not below the lowest price, so the trigger stays.
        #expect(tape.state(1).extremePrice == q("37000"))
        tape.ramp(38_000, 40_100)
        tape.trade("40144.99")
        #expect(!tape.state(1).isTriggered)
        tape.trade("40145")
        #expect(tape.state(1).isTriggered && tape.book.bestBid == q("38500"))
    }

    @Test func scenarioDTakeProfitLimitSell() {
        var tape = Tape()
        tape.trade("40000")
        #expect(
            tape.book.submit(trailing(1, .sell, .takeProfitLimit, delta: 750, stop: "42000", price: "41000"))
                == .success(.new)
        )
        tape.ramp(40_000, 41_500)
        tape.ramp(41_500, 39_000)
        #expect(!tape.state(1).isTracking)
        tape.ramp(39_000, 45_000)
        #expect(tape.state(1).isTracking && tape.state(1).extremePrice == q("45000"))
        tape.ramp(45_000, 44_000)
        tape.ramp(44_000, 46_500)
        #expect(tape.state(1).triggerPrice == q("43012.5"))
        tape.ramp(46_500, 43_100)
        tape.trade("43012.51")
        #expect(!tape.state(1).isTriggered)
        tape.trade("43012.50")
        #expect(tape.state(1).isTriggered && tape.book.bestAsk == q("41000"))
    }

    @Test func scenarioEWithoutStopPriceTracksFromTheLastPrice() {
        var tape = Tape()
        tape.trade("40000")
        #expect(tape.book.submit(trailing(1, .sell, .stopLossLimit, delta: 700, price: "39000")) == .success(.new))
        #expect(tape.state(1).isTracking && tape.state(1).extremePrice == q("40000"))
        tape.ramp(40_000, 42_000)
        tape.ramp(42_000, 39_500)
        #expect(tape.state(1).extremePrice == q("42000") && !tape.state(1).isTriggered)
        tape.ramp(39_500, 45_500)
        tape.ramp(45_500, 42_400)
        tape.trade("42315.01")
        #expect(!tape.state(1).isTriggered)
        tape.trade("42315")
        #expect(tape.state(1).isTriggered && tape.book.bestAsk == q("39000"))
    }

    @Test func withoutAnyTradeTheNextTradeStartsTracking() {
        var tape = Tape()
        #expect(tape.book.submit(trailing(1, .sell, .stopLoss, delta: 100)) == .success(.new))
        #expect(tape.state(1).isTracking && tape.state(1).extremePrice == nil && tape.state(1).triggerPrice == nil)
        tape.trade("100")
        #expect(tape.state(1).extremePrice == q("100") && tape.state(1).triggerPrice == q("99"))
        tape.trade("99.01")
        #expect(!tape.state(1).isTriggered)
    }

    @Test func trailingStopLossBuyExecutesAsMarket() {
        var tape = Tape()
        tape.trade("100")
        #expect(tape.book.submit(trailing(1, .buy, .stopLoss, delta: 100, quantity: "2")) == .success(.new))
        tape.trade("99")
        tape.book.submit(NewOrder(id: 2, account: 8, side: .sell, type: .limit, price: q("105"), quantity: q("3")))
        tape.trade("99.98")
        #expect(tape.book.order(1)?.status == .new && tape.book.order(2)?.availableQuantity == q("3"))
        tape.trade("99.99")
        #expect(tape.book.order(1)?.status == .filled && tape.book.order(1)?.executedQuantity == q("2"))
        #expect(tape.book.order(2)?.availableQuantity == q("1") && tape.book.lastPrice == q("105"))
    }

    @Test func theExtremeCountsEveryTradeOfASweep() {
        var tape = Tape()
        tape.trade("100")
        #expect(tape.book.submit(trailing(1, .sell, .stopLoss, delta: 100)) == .success(.new))
        tape.book.submit(NewOrder(id: 2, account: 8, side: .buy, type: .limit, price: q("103"), quantity: q("1")))
        tape.book.submit(NewOrder(id: 3, account: 8, side: .buy, type: .limit, price: q("102"), quantity: q("1")))
        tape.book.submit(NewOrder(id: 4, account: 9, side: .sell, type: .market, quantity: q("2")))
        // The sweep traded at 103 then 102: the highest is 103 although the last price is 102.
        #expect(tape.book.lastPrice == q("102") && tape.state(1).extremePrice == q("103"))
        #expect(tape.state(1).triggerPrice == q("101.97") && !tape.state(1).isTriggered)
    }

    @Test func plainStopsSeeEveryTradeOfASweep() {
        var tape = Tape()
        tape.trade("100")
        let stop = NewOrder(id: 1, account: 7, side: .buy, type: .stopLoss, quantity: q("1"), stopPrice: q("105"))
        #expect(tape.book.submit(stop) == .success(.new))
        tape.book.submit(NewOrder(id: 2, account: 8, side: .buy, type: .limit, price: q("106"), quantity: q("1")))
        tape.book.submit(NewOrder(id: 3, account: 8, side: .buy, type: .limit, price: q("104"), quantity: q("1")))
        tape.book.submit(NewOrder(id: 4, account: 8, side: .sell, type: .limit, price: q("110"), quantity: q("5")))
        tape.book.submit(NewOrder(id: 5, account: 9, side: .sell, type: .market, quantity: q("2")))
        // The trade at 106 met the stop although the sweep ended at 104; the stop then bought at 110.
        #expect(tape.book.order(1)?.status == .filled && tape.book.lastPrice == q("110"))
        #expect(tape.book.order(4)?.availableQuantity == q("4"))
    }

    @Test func rejectionsAndCancel() {
        var tape = Tape()
        tape.trade("100")
        let limit = NewOrder(
            id: 1,
            account: 7,
            side: .buy,
            type: .limit,
            price: q("90"),
            quantity: q("1"),
            trailingDelta: 100
        )
        #expect(tape.book.submit(limit).failureMessage == "Parameter 'trailingDelta' sent when not required.")
        #expect(
            tape.book.submit(trailing(2, .sell, .stopLoss, delta: 0)).failureMessage == "Filter failure: TRAILING_DELTA"
        )
        // With a stopPrice the activation condition must not hold already (last 100 <= 101).
        #expect(
            tape.book.submit(trailing(3, .sell, .stopLoss, delta: 100, stop: "101")).failureMessage
                == "Order would trigger immediately."
        )
        #expect(tape.book.submit(trailing(4, .sell, .stopLoss, delta: 100)) == .success(.new))
        #expect(tape.book.cancel(4) == nil)
        tape.trade("50")
        #expect(tape.book.order(4)?.status == .canceled && !tape.state(4).isTriggered)
        #expect(tape.book.trailingStop(999) == nil)
    }
}
