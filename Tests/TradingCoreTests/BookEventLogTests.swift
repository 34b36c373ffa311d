import Foundation
import Testing
import TradingCore

private func q(_ text: String) -> FixedDecimal { try! FixedDecimal(text) }

/// The event log: a stable encoding that reads back what was written, and a book rebuilt from the log that
/// equals the live one, over generated order streams (fixed seeds, so a failure reproduces).
@Suite struct BookEventLogTests {
    static let symbol: SymbolInfo = {
        var symbol = try! ExchangeInfo.parse(try! Fixture.data(Fixture.modern)).symbol("BTCUSDT")!
        symbol.allowedSelfTradePreventionModes.insert(.decrement)
        return symbol
    }()
    let server: Int64 = 1_694_131_200_000_000

    // MARK: Encoding

    @Test func theEncodingIsStable() {
        let order = NewOrder(
            id: 42,
            account: 7,
            side: .buy,
            type: .limit,
            timeInForce: .gtc,
            price: q("26000.10"),
            quantity: q("0.00100"),
            stpMode: .expireMaker
        )
        let expected = """
            {
              "event": "admitted",
              "order": {
                "account": 7,
                "id": 42,
                "price": "26000.10",
                "quantity": "0.00100",
                "side": "BUY",
                "stpMode": "EXPIRE_MAKER",
                "timeInForce": "GTC",
                "type": "LIMIT"
              },
              "version": 1
            }

            """
        #expect(String(decoding: BookEvent.admitted(order).jsonBytes, as: UTF8.self) == expected)
        #expect(String(decoding: BookEvent.canceled(orderId: 3).jsonBytes, as: UTF8.self).contains("\"orderId\": 3"))
    }

    @Test(arguments: [
        ("{", "event: not JSON"),
        (#"{"event":"canceled","orderId":1,"version":2}"#, "event.version: 2"),
        (#"{"event":"canceled","version":1}"#, "event: the member \"orderId\" is missing"),
        (#"{"event":"canceled","orderId":-1,"version":1}"#, "event.orderId: expected a non-negative integer id"),
        (#"{"event":"canceled","orderId":1,"version":1,"x":0}"#, "event: unknown member \"x\""),
        (#"{"event":"traded","version":1}"#, "event.event: \"traded\" is not"),
        (
            #"{"event":"admitted","version":1,"order":{"id":1,"account":1,"side":"BUY","type":"LIMIT","timeInForce":"GTC","stpMode":"NONE","price":"1e5"}}"#,
            "event.order.price: \"1e5\" is not a decimal"
        ),
        (
            #"{"event":"admitted","version":1,"order":{"id":1,"account":1,"side":"UP","type":"LIMIT","timeInForce":"GTC","stpMode":"NONE"}}"#,
            "event.order.side: \"UP\" is not a known value"
        ),
        (#"{"event":"reported","version":1,"report":[]}"#, "event.report: expected an object"),
    ])
    func badEventsAreRefusedNamingTheField(text: String, message: String) {
        #expect {
            try BookEvent(jsonBytes: Array(text.utf8))
        } throws: { error in
            guard let error = error as? BookEventError else { return false }
            let code: BookEventError.Code = message.hasPrefix("event.version") ? .unsupportedVersion : .malformed
            return error.code == code && error.message.contains(message)
        }
    }

    // MARK: Rebuilding from the log

    /// A random order against the book's neighbourhood of 26,000.00: every type BTCUSDT allows, every STP mode
    /// it allows, three accounts (so self-trades happen), and now and then a cancel or a bad order.
    struct Stream {
        var random: SplitMix64
        var nextId: UInt64 = 1

        mutating func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }

        mutating func price(_ ticks: UInt64 = 40) -> FixedDecimal {
            FixedDecimal(raw: 2_599_980 + Int64(random.next() % ticks), scale: 2)
        }

        mutating func request() -> OrderRequest {
            let type = pick([OrderType.limit, .limit, .limit, .market, .limitMaker, .stopLossLimit, .takeProfitLimit])
            var request = OrderRequest(
                symbol: "BTCUSDT",
                side: pick([.buy, .sell]),
                type: type,
                quantity: FixedDecimal(raw: 100 + Int64(random.next() % 5_000), scale: 5),
                selfTradePreventionMode: pick([nil, STPMode.none, .expireTaker, .expireMaker, .expireBoth, .decrement])
            )
            switch type {
            case .limit:
                request.timeInForce = pick([.gtc, .gtc, .ioc, .fok])
                request.price = price()
                if random.next() % 8 == 0 { request.icebergQty = FixedDecimal(raw: 100, scale: 5) }
            case .limitMaker:
                request.price = price()
            case .stopLossLimit, .takeProfitLimit:
                request.timeInForce = .gtc
                request.price = price()
                request.stopPrice = price()
            default:
                break
            }
            if random.next() % 50 == 0 { request.quantity = q("0.000001") }  // LOT_SIZE
            return request
        }
    }

    @Test(arguments: [UInt64(1), 2, 3, 0x5EED])
    func aBookRebuiltFromTheLogEqualsTheLiveBook(seed: UInt64) throws {
        let intake = OrderIntake(symbol: Self.symbol)
        let context = OrderContext(averagePrice: q("26000.00"))
        var stream = Stream(random: SplitMix64(seed: seed))
        var live = MatchingEngine(symbol: Self.symbol)
        var direct = MatchingEngine(symbol: Self.symbol)
        var log: [[UInt8]] = []
        var seen: [String: Int] = [:]
        for _ in 0..<600 {
            let decision: IntakeDecision
            if stream.random.next() % 10 == 0, stream.nextId > 1 {
                let id = 1 + stream.random.next() % (stream.nextId - 1)
                decision = intake.decideCancel(orderId: id, book: live)
                if decision.verdict.rejection == nil { direct.cancel(id) }
            } else {
                let submission = OrderSubmission(
                    request: stream.request(),
                    orderId: stream.nextId,
                    account: 1 + stream.random.next() % 3,
                    timestamp: BinanceTimestamp(microseconds: server)
                )
                stream.nextId += 1
                decision = intake.decide(submission, context: context, book: live, serverMicros: server)
                if case .admitted(let order) = decision.events.first { direct.submit(order) }
            }
            seen[decision.verdict.rejection.map { "\($0.code.code)" } ?? "accepted", default: 0] += 1
            for report in decision.reports { seen[report.executionType.rawValue, default: 0] += 1 }
            log += decision.events.map(\.jsonBytes)
            try live.apply(decision.events)
            #expect(live.drainReports() == decision.reports)
        }
        // The stream exercised what it is meant to: fills, prevented matches, rests, engine and filter rejects.
        for kind in ["accepted", "TRADE", "TRADE_PREVENTION", "EXPIRED", "CANCELED", "-1013", "-2010"] {
            #expect(seen[kind, default: 0] > 0, "seed \(seed): no \(kind) in \(seen)")
        }
        direct.discardReports()
        #expect(live == direct)

        var rebuilt = MatchingEngine(symbol: Self.symbol)
        let events = try log.map { bytes in try BookEvent(jsonBytes: bytes) }
        for (bytes, event) in zip(log, events) { #expect(event.jsonBytes == bytes) }
        try rebuilt.apply(events)
        #expect(rebuilt == live)
        #expect(rebuilt.depth(.buy).map(\.price) == live.depth(.buy).map(\.price))
        #expect(rebuilt != MatchingEngine(symbol: Self.symbol))
    }
}
