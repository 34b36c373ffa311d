/// A price-time-priority matching engine for one symbol, applying Binance's self-trade prevention.
///
/// Orders of the same account self-trade; the taker's mode decides (NONE trades, EXPIRE_TAKER, EXPIRE_MAKER,
/// EXPIRE_BOTH, DECREMENT). LIMIT orders rest (GTC) or expire their rest (IOC; FOK fills fully or not at
/// all); MARKET orders sweep and expire their rest, and a `quoteOrderQty` MARKET order buys or sells the
/// quantity (in whole steps) the quote amount reaches on the book at arrival, passing over the makers its
/// self-trade prevention will expire so that the quote goes on to the next ones. LIMIT_MAKER orders that would
/// take are rejected. STOP_LOSS[_LIMIT] and TAKE_PROFIT[_LIMIT] orders wait for a trade price to reach their
/// stop price, then execute as MARKET or LIMIT orders once the taker that traded there is done. With a
/// `trailingDelta` (BIPS) they are trailing stops: they track the highest (SELL) or lowest (BUY) trade price,
/// from submission (seeded by the last price) or, with a `stopPrice`, from the first trade meeting the stop
/// condition, and trigger on a trade at least the delta worse than that extreme (see ``TrailingStopState``).
/// Iceberg orders (`icebergQty`) take with their whole quantity but show only `icebergQty` on the book; a maker
/// trades at most its shown part at a time, and when that part is filled the next part is shown at the back
/// of its price level (it loses time priority), where the same taker may reach it again. Prices and
/// quantities are kept as raw integers at the symbol's price and quantity scales. Every event is appended to
/// ``reports``.
public struct MatchingEngine: Sendable {
    /// Fractional digits of prices (from the tick size).
    public let priceScale: UInt8
    /// Fractional digits of quantities (from the step size).
    public let quantityScale: UInt8
    /// The quantity step as a raw value at ``quantityScale`` (1 when the symbol has none).
    public let quantityStep: Int64

    struct Level: Equatable {
        var price: Int64
        var queue: [Int]
        var head: Int
    }

    struct Record: Equatable {
        var order: NewOrder
        var price: Int64
        var stopPrice: Int64
        var lifecycle: OrderLifecycle
        var triggered: Bool
        /// The iceberg part size; 0 for an ordinary order.
        var icebergQty: Int64 = 0
        /// What is left of the iceberg part shown now.
        var shown: Int64 = 0
        /// The trailing delta in BIPS; 0 for a plain stop or a non-stop order.
        var trailingDelta: Int64 = 0
        /// Whether a trailing stop tracks prices.
        var tracking = false
        /// The trailing stop's extreme trade price since tracking began; 0 before the first.
        var extreme: Int64 = 0
    }

    /// BUY levels, ascending (best last).
    var bids: [Level] = []
    /// SELL levels, descending (best last).
    var asks: [Level] = []
    var records: [Record] = []
    var indexById: [UInt64: Int] = [:]
    var pendingStops: [Int] = []
    /// Stops triggered by trades of the current taker, in trigger order; they execute once it is done.
    var triggeredStops: [Int] = []
    var spareQueues: [[Int]] = []
    var nextTradeId: UInt64 = 1
    var nextPreventedMatchId: UInt64 = 1
    var lastPriceRaw: Int64?
    /// How many records the last ``compact()`` kept.
    var retainedAfterCompaction = 0

    /// Every report since the last ``drainReports()``, in order.
    public internal(set) var reports: [ExecutionReport] = []
    /// Every prevented match since the book began or was last compacted (``compact()``), in order.
    public internal(set) var preventedMatches: [PreventedMatch] = []

    /// Creates an engine with explicit scales; `quantityStep` is a raw value at `quantityScale` (0: none).
    public init(priceScale: UInt8, quantityScale: UInt8, quantityStep: Int64 = 0) {
        self.priceScale = priceScale
        self.quantityScale = quantityScale
        self.quantityStep = max(quantityStep, 1)
    }

    /// Creates an engine with the scales of a symbol: its tick size and LOT_SIZE step size.
    public init(symbol: SymbolInfo) {
        var step = FixedDecimal.zero
        for case .lotSize(let rule) in symbol.filters { step = rule.stepSize }
        let quantityScale = symbol.quantityScale
        let stepRaw = (try? step.rounded(scale: quantityScale, rounding: .towardZero).raw) ?? 0
        self.init(priceScale: symbol.priceScale, quantityScale: quantityScale, quantityStep: stepRaw)
    }

    // MARK: Queries

    /// The order's lifecycle (status and quantities), if the engine knows the id.
    public func order(_ id: UInt64) -> OrderLifecycle? { indexById[id].map { records[$0].lifecycle } }

    /// The state of a trailing stop order, if `id` is one.
    public func trailingStop(_ id: UInt64) -> TrailingStopState? {
        guard let index = indexById[id], records[index].trailingDelta > 0 else { return nil }
        let record = records[index]
        let extreme = record.extreme > 0 ? record.extreme : nil
        let factor = record.order.side == .sell ? 10_000 - record.trailingDelta : 10_000 + record.trailingDelta
        let trigger = extreme.flatMap { value in
            let (product, overflow) = value.multipliedReportingOverflow(by: factor)
            return overflow || priceScale + 4 > FixedDecimal.maxScale
                ? nil : FixedDecimal(raw: product, scale: priceScale + 4)
        }
        return TrailingStopState(
            isTracking: record.tracking,
            extremePrice: extreme.map { FixedDecimal(raw: $0, scale: priceScale) },
            triggerPrice: trigger,
            isTriggered: record.triggered
        )
    }

    /// The best bid price.
    public var bestBid: FixedDecimal? { bestPrice(bids) }
    /// The best ask price.
    public var bestAsk: FixedDecimal? { bestPrice(asks) }
    /// The last trade price.
    public var lastPrice: FixedDecimal? { lastPriceRaw.map { FixedDecimal(raw: $0, scale: priceScale) } }

    func bestPrice(_ levels: [Level]) -> FixedDecimal? {
        for level in levels.reversed() where open(level) > 0 {
            return FixedDecimal(raw: level.price, scale: priceScale)
        }
        return nil
    }

    /// The open quantity per price level of one side, best first.
    public func depth(_ side: OrderSide) -> [(price: FixedDecimal, quantity: FixedDecimal)] {
        (side == .buy ? bids : asks).reversed().compactMap { level in
            let quantity = open(level)
            guard quantity > 0 else { return nil }
            return (
                FixedDecimal(raw: level.price, scale: priceScale), FixedDecimal(raw: quantity, scale: quantityScale)
            )
        }
    }

    /// The quantity a level shows (icebergs: their shown part), or with `hidden` all it can trade.
    func open(_ level: Level, hidden: Bool = false) -> Int64 {
        var total: Int64 = 0
        for position in level.head..<level.queue.count {
            let index = level.queue[position]
            total &+= hidden ? available(index) : tradeable(index)
        }
        return total
    }

    /// What a resting order can trade now: its available quantity, or an iceberg's shown part of it.
    @inline(__always)
    func tradeable(_ index: Int) -> Int64 {
        let quantity = available(index)
        return records[index].icebergQty > 0 ? min(quantity, records[index].shown) : quantity
    }

    /// Returns the reports so far and clears them.
    public mutating func drainReports() -> [ExecutionReport] {
        defer { reports.removeAll(keepingCapacity: true) }
        return reports
    }

    /// Clears the reports without returning them (keeps their storage).
    public mutating func discardReports() { reports.removeAll(keepingCapacity: true) }

    // MARK: Submitting and canceling

    /// Submits an order and matches it; returns its status once the engine is done with it (or the
    /// rejection, which is also reported).
    @discardableResult
    public mutating func submit(_ order: NewOrder) -> Result<OrderStatus, OrderRejection> {
        if indexById[order.id] != nil {
            return .failure(OrderRejection(.newOrderRejected, "Duplicate order sent."))
        }
        guard let price = raw(order.price, priceScale), let stop = raw(order.stopPrice, priceScale) else {
            return reject(order, OrderRejection(.badPrecision, "Parameter 'price' has too much precision."))
        }
        guard var quantity = raw(order.quantity, quantityScale) else {
            return reject(order, OrderRejection(.badPrecision, "Parameter 'quantity' has too much precision."))
        }
        guard let iceberg = raw(order.icebergQty, quantityScale) else {
            return reject(order, OrderRejection(.badPrecision, "Parameter 'icebergQty' has too much precision."))
        }
        if iceberg != 0 {
            let limitType = order.type.hasLimitPrice
            if !limitType || order.timeInForce != .gtc || iceberg < 0 {
                return reject(order, OrderRejection(.unknownOrderComposition, "Unsupported order combination"))
            }
            if iceberg >= quantity {
                return reject(order, OrderRejection(.newOrderRejected, "IcebergQty exceeds QTY."))
            }
        }
        if order.type.hasLimitPrice && price <= 0 {
            return reject(
                order,
                OrderRejection(
                    .mandatoryParamEmptyOrMalformed,
                    "Mandatory parameter 'price' was not sent, was empty/null, or malformed."
                )
            )
        }
        if let delta = order.trailingDelta {
            guard order.type.isAlgo else {
                return reject(
                    order,
                    OrderRejection(.paramNotRequired, "Parameter 'trailingDelta' sent when not required.")
                )
            }
            if delta <= 0 { return reject(order, .filter("TRAILING_DELTA")) }
        }
        if order.type.isAlgo && stop <= 0 && order.trailingDelta == nil {
            return reject(
                order,
                OrderRejection(
                    .mandatoryParamEmptyOrMalformed,
                    "Mandatory parameter 'stopPrice' was not sent, was empty/null, or malformed."
                )
            )
        }
        if order.type == .market, order.quantity == nil, let quote = order.quoteOrderQty {
            quantity = quantityForQuote(quote, order: order)
            if quantity == 0 {
                return reject(
                    order,
                    OrderRejection(.newOrderRejected, "Order book liquidity is less than symbol minimum quantity.")
                )
            }
        }
        if quantity <= 0 {
            return reject(
                order,
                OrderRejection(
                    .mandatoryParamEmptyOrMalformed,
                    "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed."
                )
            )
        }
        if order.type == .limitMaker && crosses(side: order.side, limit: price) {
            return reject(order, OrderRejection(.newOrderRejected, "Order would immediately match and take."))
        }
        if order.type.isAlgo, stop > 0, let last = lastPriceRaw,
            triggers(order.type, order.side, stop: stop, last: last)
        {
            return reject(order, OrderRejection(.newOrderRejected, "Order would trigger immediately."))
        }
        var lifecycle = OrderLifecycle(quantity: FixedDecimal(raw: quantity, scale: quantityScale))
        _ = try? lifecycle.apply(.accept)
        let index = records.count
        var record = Record(order: order, price: price, stopPrice: stop, lifecycle: lifecycle, triggered: false)
        record.icebergQty = iceberg
        if let delta = order.trailingDelta {
            record.trailingDelta = Int64(delta)
            // Without a stopPrice the order tracks from submission, from the last price (FAQ scenario E).
            record.tracking = stop == 0
            record.extreme = stop == 0 ? lastPriceRaw ?? 0 : 0
        }
        records.append(record)
        indexById[order.id] = index
        report(index, .new)
        if order.type.isAlgo {
            pendingStops.append(index)
        } else {
            execute(index)
        }
        runTriggeredStops()
        return .success(records[index].lifecycle.status ?? .new)
    }

    /// Cancels an open order; `nil` on success, else Binance's `-2011 Unknown order sent.`
    @discardableResult
    public mutating func cancel(_ id: UInt64) -> OrderRejection? {
        guard let index = indexById[id], records[index].lifecycle.status?.isOpen == true else {
            return OrderRejection(BinanceErrorCode(code: -2011)!, "Unknown order sent.")
        }
        _ = try? records[index].lifecycle.apply(.requestCancel)
        _ = try? records[index].lifecycle.apply(.confirmCancel)
        pendingStops.removeAll { $0 == index }
        report(index, .canceled)
        return nil
    }
}
