import TradingCore

/// `bot4 replay`: a tape of real trades re-enacted through the core and the simulated venue's state, in
/// memory: each trade becomes the resting order that made it (a GTC LIMIT on the maker's side, account 1) and
/// the order that took it (an IOC LIMIT on the other side at the same price, account 2). Every order takes the
/// venue's decision path (timing, the symbol's filters with the venue's average price, STP, matching, the
/// ledger, the average price), with the tape's time as the server's clock; nothing is written to PostgreSQL, so
/// no balance is checked.
///
/// Today's filters apply to yesterday's trades: a quantity finer than the symbol's LOT_SIZE step is rounded
/// down to it (a trade that rounds to zero is skipped), and an order the filters still refuse (a notional
/// under the minimum) is counted by its rejection. The average price starts at the first trade's price.
public enum TapeReplay {
    /// The maker's account.
    public static let makerAccount: UInt64 = 1
    /// The taker's account.
    public static let takerAccount: UInt64 = 2

    /// Replays `tape` through `intake`'s symbol; `now` reads a monotonic clock around each decision.
    public static func run(
        _ tape: [TradeTape.Trade],
        intake: OrderIntake,
        now: () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) -> TapeReplayReport {
        let symbol = intake.symbol
        var report = TapeReplayReport(symbol: symbol.symbol, tapeTrades: tape.count)
        var state = VenueState(symbol: symbol, referencePrice: tape.first?.price)
        var step: FixedDecimal?
        for case .lotSize(let rule) in symbol.filters { step = rule.stepSize }
        var latencies: [Duration] = []
        latencies.reserveCapacity(tape.count * 2)
        var nextId: UInt64 = 1
        let started = now()
        for trade in tape {
            var quantity = trade.quantity
            if let step, let rounded = try? trade.quantity.quantized(to: step, rounding: .down),
                rounded != trade.quantity
            {
                report.roundedQuantities += 1
                quantity = rounded
            }
            guard !quantity.isZero else {
                report.skippedTrades += 1
                continue
            }
            let micros = trade.timeMs * 1_000
            let makerSide: OrderSide = trade.isBuyerMaker ? .buy : .sell
            for (side, timeInForce, account) in [
                (makerSide, TimeInForce.gtc, makerAccount), (makerSide.opposite, TimeInForce.ioc, takerAccount),
            ] {
                let order = VenueOrder(
                    request: OrderRequest(
                        symbol: symbol.symbol,
                        side: side,
                        type: .limit,
                        timeInForce: timeInForce,
                        price: trade.price,
                        quantity: quantity
                    ),
                    account: account,
                    timestamp: BinanceTimestamp(microseconds: micros)
                )
                let submission = OrderSubmission(
                    request: order.request,
                    orderId: nextId,
                    account: account,
                    timestamp: order.timestamp
                )
                nextId += 1
                let start = now()
                let decision = intake.decide(
                    submission,
                    context: order.context(on: state, atMicros: micros),
                    applyingTo: &state.book,
                    serverMicros: micros
                )
                if case .accepted = decision.verdict {
                    _ = state.recordDecided(decision.events, atMicros: micros)
                }
                latencies.append(now() - start)
                report.count(decision, tapePrice: trade.price, tapeQuantity: quantity)
            }
        }
        report.elapsed = now() - started
        report.decisionLatency = LatencyPercentiles(latencies)
        report.averagePrice = state.averagePrice.price(atMicros: (tape.last?.timeMs ?? 0) * 1_000)
        report.lastPrice = state.book.lastPrice
        report.firstTradeMs = tape.first?.timeMs
        report.lastTradeMs = tape.last?.timeMs
        return report
    }
}
