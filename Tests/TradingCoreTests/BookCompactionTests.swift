import Testing
import TradingCore

/// Compaction forgets finished orders and nothing else: a book compacted at random points decides every
/// later order exactly as a book that never compacts, and a book in service stays the size of its open orders.
@Suite struct BookCompactionTests {
    let server: Int64 = 1_694_131_200_000_000

    /// The event-log test's stream, with trailing stops and quote-quantity MARKET orders mixed in.
    func request(_ stream: inout BookEventLogTests.Stream) -> OrderRequest {
        var request = stream.request()
        switch stream.random.next() % 10 {
        case 0 where request.type == .stopLossLimit || request.type == .takeProfitLimit:
            request.trailingDelta = 10 + Int(stream.random.next() % 40)
            if stream.random.next() % 2 == 0 { request.stopPrice = nil }
        case 1 where request.type == .market:
            request.quantity = nil
            request.quoteOrderQty = FixedDecimal(raw: 100_000 + Int64(stream.random.next() % 2_000_000), scale: 2)
        default:
            break
        }
        return request
    }

    @Test(arguments: [UInt64(7), 11, 0xC0FFEE])
    func aCompactedBookDecidesAsOneThatNeverCompacts(seed: UInt64) {
        let intake = OrderIntake(symbol: BookEventLogTests.symbol)
        let context = OrderContext(averagePrice: try! FixedDecimal("26000.00"))
        var stream = BookEventLogTests.Stream(random: SplitMix64(seed: seed))
        var plain = MatchingEngine(symbol: BookEventLogTests.symbol)
        var compacting = plain
        var compactions = 0
        var kinds: Set<String> = []
        for step in 0..<1_500 {
            let plainDecision: IntakeDecision
            let compactingDecision: IntakeDecision
            if stream.random.next() % 8 == 0, stream.nextId > 1 {
                // Any id: open, finished (forgotten by the compacted book) or never seen.
                let id = 1 + stream.random.next() % stream.nextId
                plainDecision = intake.decideCancel(orderId: id, book: plain)
                compactingDecision = intake.decideCancel(orderId: id, book: compacting)
                if plainDecision.verdict.rejection == nil {
                    plain.cancel(id)
                    compacting.cancel(id)
                }
            } else {
                let submission = OrderSubmission(
                    request: request(&stream),
                    orderId: stream.nextId,
                    account: 1 + stream.random.next() % 3,
                    timestamp: BinanceTimestamp(microseconds: server)
                )
                stream.nextId += 1
                plainDecision = intake.decide(submission, context: context, applyingTo: &plain, serverMicros: server)
                compactingDecision = intake.decide(
                    submission,
                    context: context,
                    applyingTo: &compacting,
                    serverMicros: server
                )
            }
            plain.discardReports()
            compacting.discardReports()
            #expect(compactingDecision == plainDecision, "seed \(seed), step \(step)")
            for report in plainDecision.reports { kinds.insert(report.executionType.rawValue) }
            if stream.random.next() % 16 == 0 {
                compacting.compact()
                compactions += 1
            }
            let same = compacting == plain  // not inside #expect: a failure would print both books whole
            #expect(same, "seed \(seed), step \(step): the compacted book differs")
            #expect(compacting.depth(.buy).map(\.quantity) == plain.depth(.buy).map(\.quantity))
            #expect(compacting.depth(.sell).map(\.quantity) == plain.depth(.sell).map(\.quantity))
            #expect(compacting.lastPrice == plain.lastPrice)
        }
        // The stream reached what compaction must not disturb: fills, prevented matches, expiries, cancels,
        // and stops that waited and triggered.
        for kind in ["TRADE", "TRADE_PREVENTION", "EXPIRED", "CANCELED"] {
            #expect(kinds.contains(kind), "seed \(seed): no \(kind) in \(kinds)")
        }
        #expect(compactions > 50)

        compacting.compact()
        var open = 0
        for id in 1..<stream.nextId {
            let status = plain.order(id)?.status
            if status?.isOpen == true {
                open += 1
                #expect(compacting.order(id) == plain.order(id))
                #expect(compacting.trailingStop(id) == plain.trailingStop(id))
            } else {
                #expect(compacting.order(id) == nil, "order \(id) is finished and forgotten")
            }
        }
        #expect(compacting.recordCount == open)
        #expect(plain.recordCount > 4 * open, "the stream finishes most of its orders")
        #expect(compacting.preventedMatches.isEmpty)
    }

    @Test func aBookInServiceStaysTheSizeOfItsOpenOrders() {
        let intake = OrderIntake(symbol: BookEventLogTests.symbol)
        let context = OrderContext(averagePrice: try! FixedDecimal("26000.00"))
        var book = MatchingEngine(symbol: BookEventLogTests.symbol)
        var largest = 0
        for id in UInt64(1)...20_000 {
            // A resting order every tenth id; the rest are IOC orders that trade with them or expire.
            let rests = id % 10 == 0
            let request = OrderRequest(
                symbol: "BTCUSDT",
                side: rests ? .sell : .buy,
                type: .limit,
                timeInForce: rests ? .gtc : .ioc,
                price: try! FixedDecimal("26000.00"),
                quantity: try! FixedDecimal(rests ? "0.00300" : "0.00100")
            )
            let submission = OrderSubmission(
                request: request,
                orderId: id,
                account: rests ? 1 : 2,
                timestamp: BinanceTimestamp(microseconds: server)
            )
            let decision = intake.decide(submission, context: context, applyingTo: &book, serverMicros: server)
            #expect(decision.verdict.rejection == nil)
            book.compactIfGrown()
            largest = max(largest, book.recordCount)
        }
        // At most one order rests at a time here: without compaction the book would hold all 20,000.
        #expect(largest <= 2 + MatchingEngine.compactionSlack, "largest \(largest)")
        #expect(book.bestAsk != nil || book.lastPrice != nil)
    }
}
