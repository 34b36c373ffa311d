import Testing

@testable import TradingCore

private func q(_ text: String) -> FixedDecimal { try! FixedDecimal(text) }

/// Iceberg orders: the shown part, its refresh at the back of the price level, and taking with the hidden part.
@Suite struct IcebergOrderTests {
    func engine() -> MatchingEngine { MatchingEngine(priceScale: 2, quantityScale: 0, quantityStep: 1) }

    func limit(
        _ id: UInt64,
        _ account: UInt64,
        _ side: OrderSide,
        _ qty: String,
        at price: String,
        iceberg: String? = nil,
        _ tif: TimeInForce = .gtc
    ) -> NewOrder {
        NewOrder(
            id: id,
            account: account,
            side: side,
            type: .limit,
            timeInForce: tif,
            price: q(price),
            quantity: q(qty),
            icebergQty: iceberg.map(q)
        )
    }

    /// The makers and quantities a taker traded with, in order.
    func fills(_ reports: [ExecutionReport], of id: UInt64) -> [(UInt64?, FixedDecimal)] {
        reports.filter { $0.orderId == id && $0.executionType == .trade }.map { ($0.counterOrderId, $0.lastQuantity) }
    }

    @Test func onlyTheIcebergPartShows() {
        var book = engine()
        #expect(book.submit(limit(1, 1, .sell, "10", at: "100", iceberg: "3")) == .success(.new))
        #expect(book.depth(.sell).map(\.quantity) == [q("3")])
        book.submit(limit(2, 2, .sell, "2", at: "100"))
        #expect(book.depth(.sell).map(\.quantity) == [q("5")] && book.bestAsk == q("100"))
    }

    @Test func aRefreshedPartLosesTimePriority() {
        var book = engine()
        book.submit(limit(1, 1, .sell, "10", at: "100", iceberg: "3"))
        book.submit(limit(2, 2, .sell, "2", at: "100"))
        book.discardReports()
        #expect(book.submit(limit(3, 3, .buy, "4", at: "100")) == .success(.filled))
        // The shown 3 of the iceberg trade first; its next part queues behind order 2.
        let first = fills(book.reports, of: 3)
        #expect(first.map(\.0) == [1, 2] && first.map(\.1) == [q("3"), q("1")])
        #expect(book.depth(.sell).map(\.quantity) == [q("4")])
        book.discardReports()
        #expect(book.submit(limit(4, 3, .buy, "2", at: "100")) == .success(.filled))
        let second = fills(book.reports, of: 4)
        #expect(second.map(\.0) == [2, 1] && second.map(\.1) == [q("1"), q("1")])
        #expect(book.order(1)?.executedQuantity == q("4") && book.order(2)?.status == .filled)
        #expect(book.depth(.sell).map(\.quantity) == [q("2")])
    }

    @Test func oneTakerTakesTheWholeIcebergPartByPart() {
        var book = engine()
        book.submit(limit(1, 1, .sell, "10", at: "100", iceberg: "3"))
        book.submit(limit(2, 2, .sell, "5", at: "101"))
        book.discardReports()
        #expect(
            book.submit(NewOrder(id: 3, account: 3, side: .buy, type: .market, quantity: q("12"))) == .success(.filled)
        )
        let taken = fills(book.reports, of: 3)
        #expect(taken.map(\.1) == [q("3"), q("3"), q("3"), q("1"), q("2")])
        #expect(taken.map(\.0) == [1, 1, 1, 1, 2] && book.order(1)?.status == .filled)
        #expect(book.depth(.sell).map(\.quantity) == [q("3")])
    }

    @Test func anIcebergTakesWithItsWholeQuantityThenShowsAPart() {
        var book = engine()
        book.submit(limit(1, 1, .sell, "4", at: "100"))
        #expect(book.submit(limit(2, 2, .buy, "10", at: "100", iceberg: "2")) == .success(.partiallyFilled))
        #expect(book.order(2)?.executedQuantity == q("4"))
        #expect(book.depth(.buy).map(\.quantity) == [q("2")] && book.bestBid == q("100"))
    }

    @Test func fillOrKillCountsHiddenQuantity() {
        var book = engine()
        book.submit(limit(1, 1, .sell, "10", at: "100", iceberg: "2"))
        #expect(book.submit(limit(2, 2, .buy, "8", at: "100", .fok)) == .success(.filled))
        #expect(book.submit(limit(3, 2, .buy, "3", at: "100", .fok)) == .success(.expired))
        #expect(book.order(1)?.availableQuantity == q("2"))
    }

    @Test func rejections() {
        var book = engine()
        let market = NewOrder(id: 1, account: 1, side: .buy, type: .market, quantity: q("5"), icebergQty: q("1"))
        #expect(book.submit(market).failureMessage == "Unsupported order combination")
        #expect(
            book.submit(limit(2, 1, .buy, "5", at: "100", iceberg: "1", .ioc)).failureMessage
                == "Unsupported order combination"
        )
        #expect(
            book.submit(limit(3, 1, .buy, "5", at: "100", iceberg: "5")).failureMessage == "IcebergQty exceeds QTY."
        )
        #expect(
            book.submit(limit(4, 1, .buy, "5", at: "100", iceberg: "0.5")).failureMessage
                == "Parameter 'icebergQty' has too much precision."
        )
        #expect(book.submit(limit(5, 1, .buy, "5", at: "100", iceberg: "0")) == .success(.new))
        #expect(book.depth(.buy).map(\.quantity) == [q("5")])
    }

    @Test func randomFlowWithIcebergsStaysConsistent() {
        var rng = SplitMix64(seed: 97)
        var book = engine()
        var parts: [UInt64: Int64] = [:]
        var sides: [UInt64: OrderSide] = [:]
        for id in UInt64(1)...2000 {
            let side: OrderSide = Bool.random(using: &rng) ? .buy : .sell
            sides[id] = side
            let price = String(Int.random(in: 95...105, using: &rng))
            let qty = Int64.random(in: 2...20, using: &rng)
            var iceberg: String?
            if Int.random(in: 0..<3, using: &rng) == 0 {
                let part = Int64.random(in: 1..<qty, using: &rng)
                parts[id] = part
                iceberg = String(part)
            }
            let stp = STPMode.allCases.randomElement(using: &rng)!
            var order = limit(id, UInt64.random(in: 1...4, using: &rng), side, String(qty), at: price, iceberg: iceberg)
            order.stpMode = stp
            if iceberg == nil && Int.random(in: 0..<4, using: &rng) == 0 { order.timeInForce = .ioc }
            book.submit(order)
            if let bid = book.bestBid, let ask = book.bestAsk { #expect(bid < ask, "crossed book after order \(id)") }
        }
        var executed: [OrderSide: Int64] = [.buy: 0, .sell: 0]
        for report in book.drainReports() where report.executionType == .trade {
            executed[sides[report.orderId]!]! += report.lastQuantity.raw
            // A resting iceberg never trades more than one part at a time.
            if report.isMaker, let part = parts[report.orderId] { #expect(report.lastQuantity.raw <= part) }
        }
        #expect(executed[.buy] == executed[.sell] && executed[.buy]! > 0)
        for id in UInt64(1)...2000 {
            guard let order = book.order(id) else { continue }
            #expect((try? order.executedQuantity.adding(order.preventedQuantity))! <= order.originalQuantity)
        }
    }
}
