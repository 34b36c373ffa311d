import TradingCore

/// What a ``TapeReplay`` did: orders decided, fills, the prices it ended at, and how long each decision took.
public struct TapeReplayReport: Sendable, Equatable {
    /// The symbol replayed.
    public var symbol: String
    /// Trades on the tape.
    public var tapeTrades: Int
    /// Trades whose quantity was finer than the symbol's step and was rounded down to it.
    public var roundedQuantities = 0
    /// Trades skipped because their quantity rounds to zero at the symbol's step.
    public var skippedTrades = 0
    /// Orders decided (two a replayed trade).
    public var orders = 0
    /// Orders accepted.
    public var accepted = 0
    /// Orders refused, by Binance's code and message (`-1013 Filter failure: NOTIONAL`).
    public var rejections: [String: Int] = [:]
    /// Trades the book made (each once: its taker's report).
    public var fills = 0
    /// Fills at the tape's price and (rounded) quantity: the taker met its own trade's maker.
    public var fillsAsOnTape = 0
    /// Σ quantity of the fills, in the base asset.
    public var baseVolume = FixedDecimal(0)
    /// Σ price × quantity of the fills, in the quote asset.
    public var quoteVolume = WideDecimal(raw: 0, scale: 0)
    /// The average price at the last trade's time (``AveragePrice``).
    public var averagePrice: FixedDecimal?
    /// The book's last trade price.
    public var lastPrice: FixedDecimal?
    /// The first and last trade's times, ms since the epoch.
    public var firstTradeMs: Int64?
    /// See ``firstTradeMs``.
    public var lastTradeMs: Int64?
    /// The wall time of the whole replay.
    public var elapsed = Duration.zero
    /// How long each decision took (the intake, the book, the ledger and the average price).
    public var decisionLatency = LatencyPercentiles([])

    /// An empty report of `symbol`'s replay of `tapeTrades` trades.
    public init(symbol: String, tapeTrades: Int) {
        self.symbol = symbol
        self.tapeTrades = tapeTrades
    }

    /// Decisions per second of wall time.
    public var ordersPerSecond: Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(orders) / seconds : 0
    }

    /// Counts one decision of an order made from a trade at `tapePrice` × `tapeQuantity`.
    mutating func count(_ decision: IntakeDecision, tapePrice: FixedDecimal, tapeQuantity: FixedDecimal) {
        orders += 1
        guard case .accepted = decision.verdict else {
            let rejection = decision.verdict.rejection.map { "\($0)" } ?? "refused"
            rejections[rejection, default: 0] += 1
            return
        }
        accepted += 1
        for case .reported(let report) in decision.events where report.executionType == .trade && !report.isMaker {
            fills += 1
            if report.lastPrice == tapePrice && report.lastQuantity == tapeQuantity { fillsAsOnTape += 1 }
            baseVolume = (try? baseVolume.adding(report.lastQuantity)) ?? baseVolume
            let notional = report.lastPrice.exactProduct(report.lastQuantity)
            let scale = max(quoteVolume.scale, notional.scale)
            quoteVolume = WideDecimal(
                raw: quoteVolume.raw * Self.power(scale - quoteVolume.scale)
                    + notional.raw * Self.power(scale - notional.scale),
                scale: scale
            )
        }
    }

    /// 10^`exponent`.
    private static func power(_ exponent: UInt8) -> Int128 {
        var factor: Int128 = 1
        for _ in 0..<exponent { factor *= 10 }
        return factor
    }
}

/// Percentiles of a set of durations, nearest rank.
public struct LatencyPercentiles: Sendable, Equatable {
    /// How many durations.
    public let count: Int
    /// The median.
    public let p50: Duration
    /// The 99th percentile.
    public let p99: Duration
    /// The 99.9th percentile.
    public let p999: Duration
    /// The longest.
    public let max: Duration

    /// The percentiles of `durations` (all zero when there are none).
    public init(_ durations: [Duration]) {
        let sorted = durations.sorted()
        count = sorted.count
        // The smallest value with at least `permille`/1000 of them at or below it (integer arithmetic: 99.9 %
        // of 1,000 is 999, not the 1,000 a floating-point product would round up to).
        func rank(_ permille: Int) -> Duration {
            guard !sorted.isEmpty else { return .zero }
            let index = (permille * sorted.count + 999) / 1_000 - 1
            return sorted[Swift.max(0, Swift.min(sorted.count - 1, index))]
        }
        p50 = rank(500)
        p99 = rank(990)
        p999 = rank(999)
        max = sorted.last ?? .zero
    }
}
