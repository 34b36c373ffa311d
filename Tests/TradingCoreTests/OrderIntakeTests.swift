import Foundation
import Testing
import TradingCore

private func q(_ text: String) -> FixedDecimal { try! FixedDecimal(text) }

/// The order intake on the real BTCUSDT rules of 2023-09-08: each kind of Binance verdict, each STP mode
/// with its event sequence, and the book applying events only when told to.
@Suite struct OrderIntakeTests {
    static let info = try! ExchangeInfo.parse(try! Fixture.data(Fixture.modern))
    /// BTCUSDT as published (STP modes NONE, EXPIRE_TAKER, EXPIRE_MAKER, EXPIRE_BOTH).
    static let published = info.symbol("BTCUSDT")!
    /// BTCUSDT that also allows DECREMENT, as Binance.US publishes it (reference/trading.md §2).
    static let withDecrement: SymbolInfo = {
        var symbol = published
        symbol.allowedSelfTradePreventionModes.insert(.decrement)
        return symbol
    }()

    let server: Int64 = 1_694_131_200_000_000  // 2023-09-08T00:00:00Z in µs
    let context = OrderContext(averagePrice: q("26000.00"))
    let intake = OrderIntake(symbol: Self.withDecrement)

    func limit(
        _ id: UInt64,
        account: UInt64,
        _ side: OrderSide,
        _ quantity: String,
        at price: String,
        type: OrderType = .limit,
        stp: STPMode? = nil,
        ageMicros: Int64 = 0
    ) -> OrderSubmission {
        OrderSubmission(
            request: OrderRequest(
                symbol: "BTCUSDT",
                side: side,
                type: type,
                timeInForce: type == .limit ? .gtc : nil,
                price: q(price),
                quantity: q(quantity),
                selfTradePreventionMode: stp
            ),
            orderId: id,
            account: account,
            timestamp: BinanceTimestamp(microseconds: server - ageMicros)
        )
    }

    /// Decides and, if accepted, applies: what the service does once the events are durable.
    func place(_ submission: OrderSubmission, on book: inout MatchingEngine) throws -> IntakeDecision {
        let decision = intake.decide(submission, context: context, book: book, serverMicros: server)
        try book.apply(decision.events)
        return decision
    }

    func summary(_ reports: [ExecutionReport]) -> [String] {
        reports.map { "\($0.orderId) \($0.executionType.rawValue) \($0.status.rawValue)" }
    }

    // MARK: Verdicts

    @Test(arguments: [
        (Int64(-1_000_000), "Timestamp for this request was 1000ms ahead of the server's time."),
        (5_000_001, "Timestamp for this request is outside of the recvWindow."),
    ])
    func timingIsCheckedFirstAgainstTheGivenClock(ageMicros: Int64, message: String) {
        // Also malformed, to show the timing check comes before the parameters.
        var submission = limit(1, account: 1, .buy, "0.001", at: "26000.00", ageMicros: ageMicros)
        submission.request.price = nil
        let decision = intake.decide(
            submission,
            context: context,
            book: MatchingEngine(symbol: Self.published),
            serverMicros: server
        )
        #expect(decision.verdict.rejection?.description == "-1021 " + message)
        #expect(decision.events.isEmpty)
        let inWindow = intake.decide(
            limit(1, account: 1, .buy, "0.001", at: "26000.00", ageMicros: 5_000_000),
            context: context,
            book: MatchingEngine(symbol: Self.published),
            serverMicros: server
        )
        #expect(inWindow.verdict == .accepted(status: .new, unchecked: []))
    }

    @Test(arguments: [
        ("symbol", "-1121 Invalid symbol."),
        ("no price", "-1102 Mandatory parameter 'price' was not sent, was empty/null, or malformed."),
        ("precision", "-1111 Parameter 'price' has too much precision."),
        ("tick", "-1013 Filter failure: PRICE_FILTER"),
        ("lot", "-1013 Filter failure: LOT_SIZE"),
        ("notional", "-1013 Filter failure: NOTIONAL"),
        ("band", "-1013 Filter failure: PERCENT_PRICE_BY_SIDE"),
        ("type", "-2010 Stop loss orders are not supported for this symbol."),
        ("maker", "-2010 Order would immediately match and take."),
        ("duplicate", "-2010 Duplicate order sent."),
    ])
    func rejectionsCarryBinancesCodeAndChangeNothing(case name: String, expected: String) throws {
        var book = MatchingEngine(symbol: Self.published)
        _ = try place(limit(1, account: 9, .sell, "0.01", at: "26000.00"), on: &book)
        let before = book
        var submission = limit(2, account: 1, .buy, "0.001", at: "25990.00")
        switch name {
        case "symbol": submission.request.symbol = "ETHUSDT"
        case "no price": submission.request.price = nil
        case "precision": submission.request.price = q("25990.000000001")
        case "tick": submission.request.price = q("25990.005")
        case "lot": submission.request.quantity = q("0.000015")
        case "notional": submission.request.quantity = q("0.0001")
        case "band": submission.request.price = q("200000.00")
        case "type":
            submission.request.type = .stopLoss
            submission.request.timeInForce = nil
            submission.request.price = nil
            submission.request.stopPrice = q("27000.00")
        case "maker":
            submission.request.type = .limitMaker
            submission.request.timeInForce = nil
            submission.request.price = q("26000.00")
        default: submission.orderId = 1
        }
        let decision = intake.decide(submission, context: context, book: book, serverMicros: server)
        #expect(decision.verdict.rejection?.description == expected)
        #expect(decision.events.isEmpty)
        try book.apply(decision.events)
        #expect(book == before)
    }

    @Test func aDisallowedSTPModeIsRefusedAndTheDefaultApplies() throws {
        let published = OrderIntake(symbol: Self.published)
        let refused = published.decide(
            limit(1, account: 1, .buy, "0.001", at: "26000.00", stp: .decrement),
            context: context,
            book: MatchingEngine(symbol: Self.published),
            serverMicros: server
        )
        #expect(
            refused.verdict.rejection?.description
                == "-1013 This symbol does not allow the specified self-trade prevention mode."
        )
        var symbol = Self.withDecrement
        symbol.defaultSelfTradePreventionMode = .expireTaker
        let defaulted = OrderIntake(symbol: symbol).decide(
            limit(1, account: 1, .buy, "0.001", at: "26000.00"),
            context: context,
            book: MatchingEngine(symbol: symbol),
            serverMicros: server
        )
        guard case .admitted(let order) = defaulted.events.first else {
            Issue.record("no admitted event")
            return
        }
        #expect(order.stpMode == .expireTaker)
    }

    @Test func acceptedOrdersChangeTheBookOnlyWhenApplied() throws {
        var book = MatchingEngine(symbol: Self.published)
        let resting = intake.decide(
            limit(1, account: 1, .sell, "0.01", at: "26000.00"),
            context: context,
            book: book,
            serverMicros: server
        )
        #expect(resting.verdict == .accepted(status: .new, unchecked: []))
        #expect(summary(resting.reports) == ["1 NEW NEW"])
        #expect(book.bestAsk == nil && book.order(1) == nil)
        try book.apply(resting.events)
        #expect(book.bestAsk == q("26000.00"))
        #expect(summary(book.drainReports()) == ["1 NEW NEW"])

        let taker = intake.decide(
            limit(2, account: 2, .buy, "0.01", at: "26001.00"),
            context: context,
            book: book,
            serverMicros: server
        )
        #expect(taker.verdict == .accepted(status: .filled, unchecked: []))
        #expect(summary(taker.reports) == ["2 NEW NEW", "1 TRADE FILLED", "2 TRADE FILLED"])
        #expect(taker.reports.last?.lastPrice == q("26000.00"))
        #expect(book.order(1)?.status == .new && book.order(2) == nil)
        try book.apply(taker.events)
        #expect(book.order(1)?.status == .filled && book.order(2)?.status == .filled)
        #expect(book.bestAsk == nil && book.lastPrice == q("26000.00"))
    }

    @Test func cancelsAreDecidedAndAppliedTheSameWay() throws {
        var book = MatchingEngine(symbol: Self.published)
        _ = try place(limit(1, account: 1, .buy, "0.01", at: "25000.00"), on: &book)
        book.discardReports()
        let unknown = intake.decideCancel(orderId: 7, book: book)
        #expect(unknown.verdict.rejection?.description == "-2011 Unknown order sent.")
        #expect(unknown.events.isEmpty)
        let cancel = intake.decideCancel(orderId: 1, book: book)
        #expect(cancel.verdict == .accepted(status: .canceled, unchecked: []))
        #expect(cancel.events.first == .canceled(orderId: 1))
        #expect(summary(cancel.reports) == ["1 CANCELED CANCELED"])
        #expect(book.order(1)?.status == .new)
        try book.apply(cancel.events)
        #expect(book.order(1)?.status == .canceled && book.bestBid == nil)
    }

    // MARK: Self-trade prevention

    /// A resting SELL 0.5 of account 1, then a BUY 0.3 of account 1 at the same price with each mode: the
    /// taker's mode decides (Binance stp_faq.md).
    @Test(arguments: [
        (
            STPMode.none, IntakeVerdict.accepted(status: .filled, unchecked: []),
            ["2 NEW NEW", "1 TRADE PARTIALLY_FILLED", "2 TRADE FILLED"]
        ),
        (
            .expireTaker, .accepted(status: .expiredInMatch, unchecked: []),
            ["2 NEW NEW", "2 TRADE_PREVENTION EXPIRED_IN_MATCH"]
        ),
        (
            .expireMaker, .accepted(status: .new, unchecked: []),
            ["2 NEW NEW", "1 TRADE_PREVENTION EXPIRED_IN_MATCH"]
        ),
        (
            .expireBoth, .accepted(status: .expiredInMatch, unchecked: []),
            ["2 NEW NEW", "1 TRADE_PREVENTION EXPIRED_IN_MATCH", "2 TRADE_PREVENTION EXPIRED_IN_MATCH"]
        ),
        (
            .decrement, .accepted(status: .expiredInMatch, unchecked: []),
            ["2 NEW NEW", "1 TRADE_PREVENTION NEW", "2 TRADE_PREVENTION EXPIRED_IN_MATCH"]
        ),
    ])
    func eachSTPModeGivesItsEventSequence(mode: STPMode, verdict: IntakeVerdict, sequence: [String]) throws {
        var book = MatchingEngine(symbol: Self.withDecrement)
        _ = try place(limit(1, account: 1, .sell, "0.5", at: "26000.00", stp: STPMode.none), on: &book)
        book.discardReports()
        let decision = intake.decide(
            limit(2, account: 1, .buy, "0.3", at: "26000.00", stp: mode),
            context: context,
            book: book,
            serverMicros: server
        )
        #expect(decision.verdict == verdict)
        #expect(summary(decision.reports) == sequence)
        #expect(decision.events.count == sequence.count + 1)
        guard case .admitted(let order) = decision.events.first else {
            Issue.record("the first event is not the admitted order")
            return
        }
        #expect(order.id == 2 && order.stpMode == mode)
        let prevented = decision.reports.filter { $0.executionType == .tradePrevention }
        #expect(prevented.allSatisfy { $0.preventedMatchId == 1 })
        if mode == .decrement {
            #expect(prevented.map(\.preventedQuantity) == [q("0.3"), q("0.3")])
        }
        try book.apply(decision.events)
        #expect(summary(book.drainReports()) == sequence)
        #expect(book.preventedMatches.count == (mode == .none ? 0 : 1))
    }

    // MARK: Applying events

    @Test func eventsOfAnotherBookDoNotApply() throws {
        var book = MatchingEngine(symbol: Self.published)
        _ = try place(limit(1, account: 1, .sell, "0.01", at: "26000.00"), on: &book)
        let taker = intake.decide(
            limit(2, account: 2, .buy, "0.01", at: "26000.00"),
            context: context,
            book: book,
            serverMicros: server
        )
        var empty = MatchingEngine(symbol: Self.published)
        #expect {
            try empty.apply(taker.events)
        } throws: { error in
            (error as? BookEventError)?.code == .divergence
                && (error as? BookEventError)?.message.contains("event 2") == true
        }
        var missing = MatchingEngine(symbol: Self.published)
        #expect {
            try missing.apply([.canceled(orderId: 5)])
        } throws: { error in (error as? BookEventError)?.code == .divergence }
    }

    // MARK: Deciding in place

    @Test func decidingInPlaceGivesTheSameDecisionAndBookAsDecidingThenApplying() throws {
        var copied = MatchingEngine(symbol: Self.published)
        var inPlace = MatchingEngine(symbol: Self.published)
        let submissions = [
            limit(1, account: 1, .sell, "0.50000", at: "26000.00"),
            limit(2, account: 2, .buy, "0.20000", at: "26100.00"),
            // Refused by the filters, then by the book (a duplicate id): neither may change the book.
            limit(3, account: 2, .buy, "0.20000", at: "1.00"),
            limit(2, account: 2, .buy, "0.10000", at: "26000.00"),
            limit(4, account: 2, .buy, "0.40000", at: "26000.00"),
        ]
        for submission in submissions {
            let expected = try place(submission, on: &copied)
            copied.discardReports()
            let decision = intake.decide(submission, context: context, applyingTo: &inPlace, serverMicros: server)
            #expect(decision == expected)
            #expect(inPlace == copied)
            #expect(inPlace.reports.isEmpty)
        }
        #expect(summary(copied.reports).isEmpty)
        #expect(inPlace.bestAsk == nil)
        #expect(inPlace.bestBid == q("26000.00"))
    }
}
