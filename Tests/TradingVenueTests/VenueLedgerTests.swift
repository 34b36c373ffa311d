import Testing
import TradingCore
import TradingVenue

/// The ledger's balance arithmetic, on events from the real intake, without I/O.
@Suite struct VenueLedgerTests {
    let intake = OrderIntake(symbol: VenueFixture.btcusdt)

    func place(_ order: VenueOrder, id: UInt64, book: inout MatchingEngine) throws -> [BookEvent] {
        let submission = OrderSubmission(
            request: order.request,
            orderId: id,
            account: order.account,
            timestamp: order.timestamp
        )
        let decision = intake.decide(submission, context: order.context, book: book, serverMicros: VenueFixture.server)
        try book.apply(decision.events)
        return decision.events
    }

    func sum(_ changes: [VenueLedger.BalanceChange], _ account: UInt64, _ asset: String) -> (String, String) {
        let mine = changes.filter { $0.account == account && $0.asset == asset }
        let free = mine.reduce(LedgerAmount.zero) { $0 + $1.free }
        let locked = mine.reduce(LedgerAmount.zero) { $0 + $1.locked }
        return (free.description, locked.description)
    }

    @Test func aRestingBuyLocksPriceTimesQuantityOfTheQuoteAsset() throws {
        var book = MatchingEngine(symbol: VenueFixture.btcusdt)
        var ledger = VenueLedger(baseAsset: "BTC", quoteAsset: "USDT")
        let events = try place(VenueFixture.limit(.buy, "0.00150", at: "26000.10", account: 7), id: 1, book: &book)
        let effects = ledger.record(events)
        #expect(sum(effects.balances, 7, "USDT") == ("-39.00015", "39.00015"))
        #expect(effects.orders.map(\.status) == [.new])
        #expect(effects.fills.isEmpty)
        #expect(ledger.open[1]?.locked.description == "39.00015")
    }

    @Test func aCrossingBuyPaysTheMakersPriceAndGetsTheDifferenceBack() throws {
        var book = MatchingEngine(symbol: VenueFixture.btcusdt)
        var ledger = VenueLedger(baseAsset: "BTC", quoteAsset: "USDT")
        _ = ledger.record(
            try place(VenueFixture.limit(.sell, "0.50000", at: "26000.00", account: 1), id: 1, book: &book)
        )
        let effects = ledger.record(
            try place(VenueFixture.limit(.buy, "0.20000", at: "26100.00", account: 2), id: 2, book: &book)
        )
        #expect(sum(effects.balances, 2, "USDT") == ("-5200", "0"))
        #expect(sum(effects.balances, 2, "BTC") == ("0.2", "0"))
        #expect(sum(effects.balances, 1, "BTC") == ("0", "-0.2"))
        #expect(sum(effects.balances, 1, "USDT") == ("5200", "0"))
        #expect(effects.fills.map(\.isMaker) == [false, true] || effects.fills.map(\.isMaker) == [true, false])
        #expect(ledger.open[2] == nil, "a filled order is no longer followed")
        #expect(ledger.open[1]?.locked.description == "0.3")
        #expect(effects.orders.first { $0.orderId == 1 }?.cumulativeQuote.description == "5200")
    }

    @Test func amountsPrintWithoutTrailingZerosAndWithTheirSign() throws {
        #expect(LedgerAmount(try FixedDecimal("0.00100")).description == "0.001")
        #expect((-LedgerAmount(try FixedDecimal("12.50"))).description == "-12.5")
        #expect(LedgerAmount.zero.description == "0")
        // Every one of the 16 digits, a fraction alone, and a whole part past 64 bits.
        #expect(LedgerAmount(raw: 1_234_567_890_123_456_789).description == "123.4567890123456789")
        #expect(LedgerAmount(raw: -1).description == "-0.0000000000000001")
        #expect(LedgerAmount(raw: 10_000_000_000_000_000).description == "1")
        let huge = LedgerAmount(raw: Int128(UInt64.max) * 100_000_000_000_000_000 + 5_000_000_000_000_000)
        #expect(huge.description == "184467440737095516150.5")
        #expect((-huge).description == "-184467440737095516150.5")
        #expect(
            LedgerAmount(try FixedDecimal("26000.01"), times: try FixedDecimal("0.00001")).description == "0.2600001"
        )
    }
}
