import Foundation
import Testing

@testable import TradingCore

private func q(_ text: String) -> FixedDecimal { try! FixedDecimal(text) }

/// Price-time priority, time in force, order types and self-trade prevention (Binance stp_faq.md scenarios).
@Suite struct MatchingTests {
    func engine() -> MatchingEngine { MatchingEngine(priceScale: 2, quantityScale: 0, quantityStep: 1) }

    func limit(
        _ id: UInt64,
        _ account: UInt64,
        _ side: OrderSide,
        _ qty: String,
        at price: String,
        _ tif: TimeInForce = .gtc,
        stp: STPMode = .none
    ) -> NewOrder {
        NewOrder(
            id: id,
            account: account,
            side: side,
            type: .limit,
            timeInForce: tif,
            price: q(price),
            quantity: q(qty),
            stpMode: stp
        )
    }

    func trades(_ reports: [ExecutionReport], of id: UInt64) -> [(FixedDecimal, FixedDecimal, UInt64?)] {
        reports.filter { $0.orderId == id && $0.executionType == .trade }.map {
            ($0.lastPrice, $0.lastQuantity, $0.counterOrderId)
        }
    }

    @Test func priceThenTimePriority() {
        var book = engine()
        book.submit(limit(1, 1, .sell, "10", at: "100.00"))
        book.submit(limit(2, 2, .sell, "10", at: "100.00"))
        book.submit(limit(3, 3, .sell, "5", at: "99.00"))
        book.discardReports()
        #expect(book.submit(limit(4, 4, .buy, "25", at: "100.00")) == .success(.filled))
        let fills = trades(book.reports, of: 4)
        #expect(fills.map(\.0) == [q("99"), q("100"), q("100")])
        #expect(fills.map(\.2) == [3, 1, 2])
        #expect(book.order(2)?.status == .filled && book.order(2)?.availableQuantity == q("0"))
        #expect(book.order(1)?.status == .filled)
        #expect(book.depth(.sell).isEmpty && book.bestAsk == nil)
        #expect(book.lastPrice == q("100"))
    }

    @Test func restingAndTimeInForce() {
        var book = engine()
        book.submit(limit(1, 1, .sell, "5", at: "100.00"))
        #expect(book.submit(limit(2, 2, .buy, "8", at: "100.00")) == .success(.partiallyFilled))
        #expect(book.bestBid == q("100") && book.bestAsk == nil)
        book.submit(limit(3, 1, .sell, "2", at: "101.00"))
        #expect(book.submit(limit(4, 2, .buy, "5", at: "101.00", .ioc)) == .success(.expired))
        #expect(book.order(4)?.executedQuantity == q("2"))
        book.submit(limit(5, 1, .sell, "4", at: "102.00"))
        #expect(book.submit(limit(6, 2, .buy, "5", at: "102.00", .fok)) == .success(.expired))
        #expect(book.order(6)?.executedQuantity == q("0") && book.order(5)?.status == .new)
        #expect(book.submit(limit(7, 2, .buy, "4", at: "102.00", .fok)) == .success(.filled))
    }

    @Test func marketQuoteMakerAndStops() {
        var book = engine()
        #expect(
            book.submit(NewOrder(id: 1, account: 1, side: .buy, type: .market, quantity: q("1"))) == .success(.expired)
        )
        book.submit(limit(2, 1, .sell, "3", at: "100.00"))
        book.submit(limit(3, 1, .sell, "3", at: "110.00"))
        #expect(
            book.submit(NewOrder(id: 4, account: 2, side: .buy, type: .market, quantity: q("4"))) == .success(.filled)
        )
        #expect(book.order(3)?.availableQuantity == q("2"))
        // quoteOrderQty 450 at 110 buys 4 whole units (440), but only 2 are left: it buys 2.
        #expect(
            book.submit(NewOrder(id: 5, account: 2, side: .buy, type: .market, quoteOrderQty: q("450")))
                == .success(.filled)
        )
        #expect(book.order(5)?.executedQuantity == q("2"))
        book.submit(limit(6, 1, .sell, "3", at: "120.00"))
        #expect(
            book.submit(NewOrder(id: 7, account: 2, side: .buy, type: .limitMaker, price: q("120"), quantity: q("1")))
                .failureMessage == "Order would immediately match and take."
        )
        #expect(
            book.submit(NewOrder(id: 8, account: 2, side: .buy, type: .limitMaker, price: q("119"), quantity: q("1")))
                == .success(.new)
        )
        // Last price 110: a SELL STOP_LOSS at 111 would trigger immediately; at 105 it waits.
        #expect(
            book.submit(
                NewOrder(id: 9, account: 3, side: .sell, type: .stopLoss, quantity: q("1"), stopPrice: q("111"))
            ).failureMessage == "Order would trigger immediately."
        )
        #expect(
            book.submit(
                NewOrder(id: 10, account: 3, side: .sell, type: .stopLoss, quantity: q("1"), stopPrice: q("105"))
            ) == .success(.new)
        )
        #expect(book.cancel(8) == nil && book.order(8)?.status == .canceled)
        book.submit(limit(11, 4, .buy, "1", at: "105.00"))
        book.submit(limit(13, 4, .buy, "1", at: "104.00"))
        #expect(book.submit(limit(12, 5, .sell, "1", at: "105.00")) == .success(.filled))
        // The trade at 105 triggered the stop, which sold into the next bid (104, order 13).
        #expect(book.order(10)?.status == .filled && book.order(13)?.status == .filled)
        #expect(book.lastPrice == q("104"))
        #expect(book.cancel(8)?.message == "Unknown order sent.")
        #expect(book.cancel(6) == nil && book.order(6)?.status == .canceled && book.bestAsk == nil)
    }

    // MARK: Self-trade prevention

    @Test func stpNoneTradesWithItself() {
        var book = engine()
        book.submit(limit(1, 7, .sell, "10", at: "100.00"))
        #expect(book.submit(limit(2, 7, .buy, "10", at: "100.00")) == .success(.filled))
        #expect(book.preventedMatches.isEmpty)
    }

    @Test func stpExpireTakerAfterAPartialFill() {
        var book = engine()
        book.submit(limit(1, 9, .sell, "3", at: "99.00"))
        book.submit(limit(2, 7, .sell, "10", at: "100.00"))
        book.discardReports()
        #expect(book.submit(limit(3, 7, .buy, "10", at: "100.00", stp: .expireTaker)) == .success(.expiredInMatch))
        #expect(book.order(3)?.executedQuantity == q("3") && book.order(3)?.preventedQuantity == q("7"))
        #expect(book.order(2)?.status == .new && book.order(2)?.preventedQuantity == q("0"))
        let match = try! #require(book.preventedMatches.first)
        #expect(match.takerOrderId == 3 && match.makerOrderId == 2 && match.takerPreventedQuantity == q("7"))
        #expect(match.makerPreventedQuantity == q("0") && match.price == q("100"))
        let prevention = book.reports.filter { $0.executionType == .tradePrevention }
        #expect(prevention.map(\.orderId) == [3] && prevention[0].preventedMatchId == match.preventedMatchId)
    }

    @Test func stpExpireMakerScenarioB() {
        // Three makers of the same account expire; the taker keeps matching deeper and rests NEW.
        var book = engine()
        book.submit(limit(1, 7, .sell, "1", at: "100.00"))
        book.submit(limit(2, 7, .sell, "1", at: "101.00"))
        book.submit(limit(3, 7, .sell, "1", at: "102.00"))
        #expect(book.submit(limit(4, 7, .buy, "3", at: "103.00", stp: .expireMaker)) == .success(.new))
        #expect([1, 2, 3].map { book.order($0)?.status } == [.expiredInMatch, .expiredInMatch, .expiredInMatch])
        #expect(book.preventedMatches.map(\.makerPreventedQuantity) == [q("1"), q("1"), q("1")])
        #expect(book.bestBid == q("103") && book.bestAsk == nil)
    }

    @Test func stpExpireMakerScenarioFMarketTaker() {
        var book = engine()
        book.submit(limit(1, 7, .sell, "10", at: "100.00"))
        let taker = NewOrder(id: 2, account: 7, side: .buy, type: .market, quantity: q("5"), stpMode: .expireMaker)
        #expect(book.submit(taker) == .success(.expired))
        #expect(book.order(1)?.status == .expiredInMatch)
    }

    @Test func stpExpireBoth() {
        var book = engine()
        book.submit(limit(1, 7, .sell, "10", at: "100.00"))
        #expect(book.submit(limit(2, 7, .buy, "4", at: "100.00", stp: .expireBoth)) == .success(.expiredInMatch))
        #expect(book.order(1)?.status == .expiredInMatch && book.order(1)?.preventedQuantity == q("10"))
        #expect(book.order(2)?.preventedQuantity == q("4"))
        #expect(
            book.preventedMatches[0].takerPreventedQuantity == q("4")
                && book.preventedMatches[0].makerPreventedQuantity == q("10")
        )
    }

    @Test func stpDecrementSmallerExpiresEqualBothExpire() {
        var book = engine()
        book.submit(limit(1, 7, .sell, "10", at: "100.00"))
        #expect(book.submit(limit(2, 7, .buy, "4", at: "100.00", stp: .decrement)) == .success(.expiredInMatch))
        #expect(book.order(2)?.preventedQuantity == q("4"))
        #expect(book.order(1)?.status == .new && book.order(1)?.preventedQuantity == q("4"))
        #expect(book.order(1)?.availableQuantity == q("6"))
        #expect(book.submit(limit(3, 7, .buy, "6", at: "100.00", stp: .decrement)) == .success(.expiredInMatch))
        #expect(book.order(1)?.status == .expiredInMatch && book.order(1)?.preventedQuantity == q("10"))
        // The taker larger: the maker expires and the taker trades on with another account.
        book.submit(limit(4, 7, .sell, "3", at: "100.00"))
        book.submit(limit(5, 8, .sell, "2", at: "100.00"))
        #expect(book.submit(limit(6, 7, .buy, "5", at: "100.00", stp: .decrement)) == .success(.filled))
        #expect(book.order(4)?.status == .expiredInMatch)
        #expect(book.order(6)?.executedQuantity == q("2") && book.order(6)?.preventedQuantity == q("3"))
        let reports = book.reports.filter { $0.orderId == 6 && $0.executionType == .tradePrevention }
        #expect(reports.count == 1 && reports[0].preventedQuantity == q("3"))
    }

    @Test func randomFlowKeepsTheBookConsistent() {
        var rng = SplitMix64(seed: 23)
        var book = engine()
        var executed: [OrderSide: Int64] = [.buy: 0, .sell: 0]
        var sides: [UInt64: OrderSide] = [:]
        for id in UInt64(1)...3000 {
            let side: OrderSide = Bool.random(using: &rng) ? .buy : .sell
            sides[id] = side
            let price = FixedDecimal(raw: Int64.random(in: 9_900...10_100, using: &rng), scale: 2)
            let qty = FixedDecimal(Int64.random(in: 1...20, using: &rng))
            let tif = [TimeInForce.gtc, .ioc, .fok].randomElement(using: &rng)!
            let stp = STPMode.allCases.randomElement(using: &rng)!
            let account = UInt64.random(in: 1...4, using: &rng)
            if Int.random(in: 0..<10, using: &rng) == 0 {
                book.submit(NewOrder(id: id, account: account, side: side, type: .market, quantity: qty, stpMode: stp))
            } else {
                book.submit(
                    NewOrder(
                        id: id,
                        account: account,
                        side: side,
                        type: .limit,
                        timeInForce: tif,
                        price: price,
                        quantity: qty,
                        stpMode: stp
                    )
                )
            }
            if Int.random(in: 0..<8, using: &rng) == 0 { book.cancel(UInt64.random(in: 1...id, using: &rng)) }
            if let bid = book.bestBid, let ask = book.bestAsk { #expect(bid < ask, "crossed book after order \(id)") }
        }
        for report in book.drainReports() where report.executionType == .trade {
            executed[sides[report.orderId]!]! += report.lastQuantity.raw
        }
        #expect(executed[.buy] == executed[.sell] && executed[.buy]! > 0)
        for id in UInt64(1)...3000 {
            guard let order = book.order(id) else { continue }
            #expect((try? order.executedQuantity.adding(order.preventedQuantity))! <= order.originalQuantity)
            if order.status == .filled { #expect(order.availableQuantity.isZero) }
        }
    }

    @Test func realTradeTapeReplays() throws {
        // Each real BTCUSDT trade becomes a resting maker order and the taker order that hit it.
        let tape = try TradeTape.load(String(decoding: try Fixture.data(Fixture.trades), as: UTF8.self))
        #expect(tape.count == 2001)
        var book = MatchingEngine(priceScale: 2, quantityScale: 6, quantityStep: 1)
        var volume: Int64 = 0
        var notional = WideDecimal(raw: 0, scale: 8)
        for (index, trade) in tape.enumerated() {
            let makerSide: OrderSide = trade.isBuyerMaker ? .buy : .sell
            let id = UInt64(index * 2 + 1)
            book.submit(
                NewOrder(
                    id: id,
                    account: 1,
                    side: makerSide,
                    type: .limit,
                    price: trade.price,
                    quantity: trade.quantity
                )
            )
            let status = book.submit(
                NewOrder(
                    id: id + 1,
                    account: 2,
                    side: makerSide.opposite,
                    type: .limit,
                    timeInForce: .ioc,
                    price: trade.price,
                    quantity: trade.quantity
                )
            )
            #expect(status == .success(.filled))
            volume += trade.quantity.raw
            notional = WideDecimal(raw: notional.raw + trade.price.exactProduct(trade.quantity).raw, scale: 8)
        }
        var engineVolume: Int64 = 0
        var engineNotional: Int128 = 0
        for report in book.drainReports() where report.executionType == .trade && !report.isMaker {
            engineVolume += report.lastQuantity.raw
            engineNotional += report.lastPrice.exactProduct(report.lastQuantity).raw
        }
        #expect(engineVolume == volume && engineNotional == notional.raw)
        #expect(book.bestBid == nil && book.bestAsk == nil)
    }
}

extension Result where Failure == OrderRejection {
    var failureMessage: String? {
        if case .failure(let rejection) = self { return rejection.message }
        return nil
    }
}
