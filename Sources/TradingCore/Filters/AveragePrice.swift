/// A symbol's average price as Binance's filters use it: the volume-weighted price of the trades of the last
/// `avgPriceMins` minutes (`GET /api/v3/avgPrice`), fed trade by trade.
///
/// Trades are summed per second (quote and base volume, exactly), so a value holds at most one entry per
/// second of the window however many trades it saw, and copying it costs the same at any rate: the window is
/// counted in whole seconds, and a trade leaves it once its second has ended `avgPriceMins` minutes ago.
/// When the window holds no trade the last average stands (the average as of the newest trade), and before
/// any trade the seed does (a reference price); with neither there is no average, and the rules that need it
/// refuse or leave out their check. With `avgPriceMins == 0` the average is the last trade's price.
public struct AveragePrice: Sendable, Hashable {
    /// One second's trades.
    private struct Second: Sendable, Hashable {
        var second: Int64
        /// Σ price × quantity, raw at ``AveragePrice/quoteScale``.
        var quote: Int128
        /// Σ quantity, raw at ``AveragePrice/baseScale``.
        var base: Int128
    }

    /// The fractional digits of the quote sums (a price and a quantity of up to 8 digits each, exactly).
    static let quoteScale: UInt8 = 16
    /// The fractional digits of the base sums.
    static let baseScale: UInt8 = 8
    /// The fractional digits of the average, as Binance's `avgPrice` answers it.
    public static let scale: UInt8 = 8

    /// The window in minutes (a symbol's `avgPriceMins`).
    public let minutes: Int
    /// The seconds with trades, oldest first; only those that can still be in the window of the newest trade.
    private var seconds: [Second] = []
    /// The price before any trade (a reference price).
    public let seed: FixedDecimal?
    /// The newest trade's price.
    public private(set) var lastTradePrice: FixedDecimal?
    /// The newest trade's time, µs since the epoch (0 before any trade).
    public private(set) var lastTradeMicros: Int64 = 0

    /// An average over `minutes` minutes that starts at `seed` (or at nothing).
    public init(minutes: Int, seed: FixedDecimal? = nil) {
        self.minutes = max(0, minutes)
        self.seed = seed
    }

    /// The window of `symbol`'s price rules: the `avgPriceMins` of its first PERCENT_PRICE(_BY_SIDE) or
    /// (MIN_)NOTIONAL filter, else Binance's 5 minutes.
    public init(symbol: SymbolInfo, seed: FixedDecimal? = nil) {
        var minutes = 5
        for filter in symbol.filters {
            if case .percentPrice(let rule) = filter {
                minutes = rule.avgPriceMins
                break
            }
            if case .notional(let rule) = filter {
                minutes = rule.avgPriceMins
                break
            }
        }
        self.init(minutes: minutes, seed: seed)
    }

    private var windowMicros: Int64 { Int64(minutes) * 60_000_000 }

    /// Records a trade at `micros` (µs since the epoch). A trade older than the newest one counts in the
    /// newest one's second: the log's order is the truth, and several instances' clocks may differ a little.
    /// - Throws: ``DecimalError`` when the sums overflow.
    public mutating func record(
        price: FixedDecimal,
        quantity: FixedDecimal,
        atMicros micros: Int64
    )
        throws(DecimalError)
    {
        let time = lastTradePrice == nil ? micros : max(micros, lastTradeMicros)
        lastTradePrice = price
        lastTradeMicros = time
        guard minutes > 0 else { return }
        let quote = try Self.raw(price.exactProduct(quantity), at: Self.quoteScale, "price × quantity")
        let base = try Self.raw(
            WideDecimal(raw: Int128(quantity.raw), scale: quantity.scale),
            at: Self.baseScale,
            "quantity"
        )
        let second = time.floorDividedBy(1_000_000)
        if var last = seconds.last, last.second == second {
            let (quoteSum, quoteOverflow) = last.quote.addingReportingOverflow(quote)
            let (baseSum, baseOverflow) = last.base.addingReportingOverflow(base)
            guard !quoteOverflow, !baseOverflow else {
                throw DecimalError(.overflow, "the average price's sums overflow")
            }
            last.quote = quoteSum
            last.base = baseSum
            seconds[seconds.count - 1] = last
        } else {
            seconds.append(Second(second: second, quote: quote, base: base))
        }
        // Seconds that ended a window ago can no longer count at any later time.
        let stale = seconds.prefix { ($0.second + 1) * 1_000_000 <= time - windowMicros }.count
        if stale > 0 { seconds.removeFirst(stale) }
    }

    /// The average at `micros`: over the trades of the window that ends then, else the last average, else
    /// the seed; `nil` when there is none.
    public func price(atMicros micros: Int64) -> FixedDecimal? {
        guard minutes > 0 else { return lastTradePrice ?? seed }
        guard !seconds.isEmpty else { return seed }
        let live = seconds.drop { ($0.second + 1) * 1_000_000 <= micros - windowMicros }
        return Self.average(live.isEmpty ? seconds[...] : live)
    }

    /// Σ quote / Σ base at ``scale``, rounded half away from zero.
    private static func average(_ window: ArraySlice<Second>) -> FixedDecimal? {
        var quote: Int128 = 0
        var base: Int128 = 0
        for second in window {
            quote &+= second.quote
            base &+= second.base
        }
        guard base > 0 else { return nil }
        // (quote / 10^16) / (base / 10^8) at 8 digits: quote / base exactly, rounded.
        let raw = FixedDecimal.divide(quote, base, rounding: .toNearestOrAwayFromZero)
        guard let narrow = Int64(exactly: raw) else { return nil }
        return FixedDecimal(raw: narrow, scale: scale)
    }

    /// `value`'s raw integer at `scale`; digits beyond it (zeros, for prices and quantities on their tick and
    /// step of at most 8 digits) are rounded half away from zero.
    private static func raw(_ value: WideDecimal, at scale: UInt8, _ what: String) throws(DecimalError) -> Int128 {
        guard value.scale <= scale else {
            return FixedDecimal.divide(
                value.raw,
                Pow10.int128(Int(value.scale - scale)),
                rounding: .toNearestOrAwayFromZero
            )
        }
        let (scaled, overflow) = value.raw.multipliedReportingOverflow(by: Pow10.int128(Int(scale - value.scale)))
        guard !overflow else { throw DecimalError(.overflow, "the average price's \(what) overflows") }
        return scaled
    }
}

extension Int64 {
    /// The quotient rounded toward negative infinity (times before 1970 fall in the right second).
    fileprivate func floorDividedBy(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
