import Testing

@testable import TradingCore

private func q(_ text: String) -> FixedDecimal { try! FixedDecimal(text) }

/// MARKET orders with `quoteOrderQty` meeting self-trade prevention: the quote left after a prevention goes on
/// to the next eligible makers, and never more than the quote is spent.
@Suite struct QuoteMarketOrderTests {
    func book(_ makers: [(id: UInt64, account: UInt64, side: OrderSide, qty: String, price: String)]) -> MatchingEngine
    {
        var book = MatchingEngine(priceScale: 2, quantityScale: 0, quantityStep: 1)
        for maker in makers {
            book.submit(
                NewOrder(
                    id: maker.id,
                    account: maker.account,
                    side: maker.side,
                    type: .limit,
                    price: q(maker.price),
                    quantity: q(maker.qty)
                )
            )
        }
        book.discardReports()
        return book
    }

    func quoteOrder(_ side: OrderSide, _ quote: String, _ mode: STPMode) -> NewOrder {
        NewOrder(id: 100, account: 7, side: side, type: .market, quoteOrderQty: q(quote), stpMode: mode)
    }

    /// The quote the taker's trades spent (BUY) or received (SELL), at price scale + quantity scale.
    func quoteTraded(_ book: MatchingEngine) -> WideDecimal {
        var total: Int128 = 0
        for report in book.reports where report.orderId == 100 && report.executionType == .trade {
            total += report.lastPrice.exactProduct(report.lastQuantity).raw
        }
        return WideDecimal(raw: total, scale: 2)
    }

    @Test func expireMakerSpendsTheQuoteOnTheNextMakers() {
        var book = book([(1, 7, .sell, "3", "100"), (2, 8, .sell, "10", "150")])
        #expect(book.submit(quoteOrder(.buy, "450", .expireMaker)) == .success(.filled))
        #expect(book.order(1)?.status == .expiredInMatch)
        // 450 buys 3 at 150 once the own maker at 100 is gone (not 4, which would spend 600).
        #expect(book.order(100)?.executedQuantity == q("3") && book.order(2)?.availableQuantity == q("7"))
        #expect(quoteTraded(book) == WideDecimal(raw: 45_000, scale: 2))
    }

    @Test func expireMakerSellReceivesTheQuoteFromLowerBids() {
        var book = book([(1, 7, .buy, "3", "100"), (2, 8, .buy, "10", "90")])
        #expect(book.submit(quoteOrder(.sell, "450", .expireMaker)) == .success(.filled))
        #expect(book.order(1)?.status == .expiredInMatch && book.order(100)?.executedQuantity == q("5"))
        #expect(quoteTraded(book) == WideDecimal(raw: 45_000, scale: 2))
    }

    @Test func expireMakerWithOnlyOwnMakersExpiresLikeScenarioF() {
        var book = book([(1, 7, .sell, "3", "100")])
        #expect(book.submit(quoteOrder(.buy, "450", .expireMaker)) == .success(.expired))
        #expect(book.order(1)?.status == .expiredInMatch && book.order(100)?.executedQuantity == q("0"))
    }

    @Test func decrementSmallerMakerThenTheLeftoverTrades() {
        var book = book([(1, 7, .sell, "2", "100"), (2, 8, .sell, "10", "125")])
        #expect(book.submit(quoteOrder(.buy, "450", .decrement)) == .success(.filled))
        // 2 prevented at 100 (200 of the quote), the 250 left buys 2 at 125.
        #expect(book.order(1)?.status == .expiredInMatch && book.order(1)?.preventedQuantity == q("2"))
        #expect(book.order(100)?.preventedQuantity == q("2") && book.order(100)?.executedQuantity == q("2"))
        #expect(book.order(2)?.availableQuantity == q("8"))
        #expect(quoteTraded(book) == WideDecimal(raw: 25_000, scale: 2))
    }

    @Test func decrementSmallerTakerExpiresInMatch() {
        var book = book([(1, 7, .sell, "10", "100"), (2, 8, .sell, "10", "101")])
        #expect(book.submit(quoteOrder(.buy, "450", .decrement)) == .success(.expiredInMatch))
        #expect(book.order(100)?.preventedQuantity == q("4") && book.order(100)?.executedQuantity == q("0"))
        #expect(book.order(1)?.status == .new && book.order(1)?.availableQuantity == q("6"))
        #expect(book.order(2)?.availableQuantity == q("10"))
    }

    @Test func expireTakerStopsAtTheOwnMaker() {
        var book = book([(1, 8, .sell, "2", "100"), (2, 7, .sell, "5", "110"), (3, 8, .sell, "5", "120")])
        #expect(book.submit(quoteOrder(.buy, "450", .expireTaker)) == .success(.expiredInMatch))
        // 200 spent at 100; the 250 left reaches 2 at 110, which is prevented.
        #expect(book.order(100)?.executedQuantity == q("2") && book.order(100)?.preventedQuantity == q("2"))
        #expect(book.order(2)?.status == .new && book.order(3)?.availableQuantity == q("5"))
        #expect(book.preventedMatches.first?.takerPreventedQuantity == q("2"))
    }

    @Test func noneTradesWithItselfAndEmptyBookRejects() {
        var own = book([(1, 7, .sell, "3", "100"), (2, 8, .sell, "10", "150")])
        #expect(own.submit(quoteOrder(.buy, "450", .none)) == .success(.filled))
        #expect(own.order(100)?.executedQuantity == q("4") && own.order(1)?.status == .filled)
        var empty = book([])
        #expect(
            empty.submit(quoteOrder(.buy, "450", .expireMaker)).failureMessage
                == "Order book liquidity is less than symbol minimum quantity."
        )
    }

    @Test func randomQuoteOrdersNeverSpendMoreThanTheQuote() {
        var rng = SplitMix64(seed: 41)
        for round in 0..<200 {
            var makers: [(id: UInt64, account: UInt64, side: OrderSide, qty: String, price: String)] = []
            let side: OrderSide = round % 2 == 0 ? .buy : .sell
            for id in UInt64(1)...8 {
                makers.append(
                    (
                        id, UInt64.random(in: 7...9, using: &rng), side.opposite,
                        String(Int.random(in: 1...6, using: &rng)), String(Int.random(in: 90...110, using: &rng))
                    )
                )
            }
            var book = book(makers)
            let quote = Int64.random(in: 50...3_000, using: &rng)
            let mode = STPMode.allCases.randomElement(using: &rng)!
            book.submit(quoteOrder(side, String(quote), mode))
            #expect(quoteTraded(book).raw <= Int128(quote) * 100, "round \(round), \(mode)")
            if let order = book.order(100) {
                let used = try! order.executedQuantity.adding(order.preventedQuantity)
                #expect(used <= order.originalQuantity)
            }
        }
    }
}
