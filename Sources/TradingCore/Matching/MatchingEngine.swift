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

    private struct Level {
        var price: Int64
        var queue: [Int]
        var head: Int
    }

    private struct Record {
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
    private var bids: [Level] = []
    /// SELL levels, descending (best last).
    private var asks: [Level] = []
    private var records: [Record] = []
    private var indexById: [UInt64: Int] = [:]
    private var pendingStops: [Int] = []
    /// Stops triggered by trades of the current taker, in trigger order; they execute once it is done.
    private var triggeredStops: [Int] = []
    private var spareQueues: [[Int]] = []
    private var nextTradeId: UInt64 = 1
    private var nextPreventedMatchId: UInt64 = 1
    private var lastPriceRaw: Int64?

    /// Every report since the last ``drainReports()``, in order.
    public private(set) var reports: [ExecutionReport] = []
    /// Every prevented match, in order.
    public private(set) var preventedMatches: [PreventedMatch] = []

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

    private func bestPrice(_ levels: [Level]) -> FixedDecimal? {
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
    private func open(_ level: Level, hidden: Bool = false) -> Int64 {
        var total: Int64 = 0
        for position in level.head..<level.queue.count {
            let index = level.queue[position]
            total &+= hidden ? available(index) : tradeable(index)
        }
        return total
    }

    /// What a resting order can trade now: its available quantity, or an iceberg's shown part of it.
    @inline(__always)
    private func tradeable(_ index: Int) -> Int64 {
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

    // MARK: Matching

    /// The raw value at `scale`; 0 for an absent value, `nil` if it has more digits than the scale.
    private func raw(_ value: FixedDecimal?, _ scale: UInt8) -> Int64? {
        guard let value else { return 0 }
        guard value.significantScale <= scale, let scaled = try? value.rounded(scale: scale, rounding: .towardZero)
        else { return nil }
        return scaled.raw
    }

    private mutating func reject(_ order: NewOrder, _ rejection: OrderRejection) -> Result<OrderStatus, OrderRejection>
    {
        let zero = FixedDecimal(raw: 0, scale: quantityScale)
        reports.append(
            ExecutionReport(
                orderId: order.id,
                account: order.account,
                executionType: .rejected,
                status: .rejected,
                lastQuantity: zero,
                lastPrice: FixedDecimal(raw: 0, scale: priceScale),
                executedQuantity: zero,
                preventedQuantity: zero,
                isMaker: false,
                rejection: rejection
            )
        )
        return .failure(rejection)
    }

    private func crosses(side: OrderSide, limit: Int64) -> Bool {
        if side == .buy {
            guard let best = bestPrice(asks) else { return false }
            return limit >= best.raw
        }
        guard let best = bestPrice(bids) else { return false }
        return limit <= best.raw
    }

    private func triggers(_ type: OrderType, _ side: OrderSide, stop: Int64, last: Int64) -> Bool {
        let stopLoss = type == .stopLoss || type == .stopLossLimit
        let upward = stopLoss ? side == .buy : side == .sell
        return upward ? last >= stop : last <= stop
    }

    /// The quantity a quote amount buys (BUY) or sells (SELL) against the book now, in whole steps.
    ///
    /// The walk follows the taker's self-trade prevention: makers that EXPIRE_MAKER will expire are passed
    /// over, so the quote goes on to the next eligible makers; a DECREMENT prevention counts as spent at the
    /// maker's price (both orders lose that quantity) and the leftover goes on; EXPIRE_TAKER and EXPIRE_BOTH end
    /// the order at the first own maker, with what the leftover reaches there as its prevented quantity. If
    /// only own makers are in reach, the STP-blind quantity is used, so the taker expires them and then
    /// expires itself (Binance STP FAQ scenario F). It stops at the first maker it cannot take in full.
    private func quantityForQuote(_ quote: FixedDecimal, order: NewOrder) -> Int64 {
        // The quote as a raw value at priceScale + quantityScale.
        guard
            let quoteRaw = try? WideDecimal(raw: Int128(quote.raw), scale: quote.scale)
                .rounded(scale: priceScale + quantityScale, rounding: .towardZero).raw
        else { return 0 }
        let levels = order.side == .buy ? asks : bids
        func walk(preventing: Bool) -> Int64 {
            var remaining = Int128(quoteRaw)
            var total: Int64 = 0
            for level in levels.reversed() {
                for position in level.head..<level.queue.count {
                    let maker = level.queue[position]
                    let available = available(maker)
                    guard available > 0 else { continue }
                    let affordable = Int64(clamping: remaining / Int128(level.price))
                    let reach = affordable - affordable % quantityStep
                    if preventing && records[maker].order.account == order.account {
                        switch order.stpMode {
                        case .expireMaker: continue
                        case .expireTaker, .expireBoth: return total + reach
                        case .decrement, .none: break
                        }
                    }
                    let take = min(available, reach)
                    total += take
                    remaining -= Int128(take) * Int128(level.price)
                    if take < available { return total }
                }
            }
            return total
        }
        let quantity = order.stpMode == .none ? 0 : walk(preventing: true)
        return quantity > 0 ? quantity : walk(preventing: false)
    }

    private mutating func execute(_ takerId: Int) {
        let taker = records[takerId]
        let order = taker.order
        let marketLike = order.type.isMarketLike
        let limit = taker.price
        let isBuy = order.side == .buy
        if order.timeInForce == .fok && !marketLike && !fillable(taker) {
            expire(takerId)
            return
        }
        matching: while available(takerId) > 0 {
            guard var level = isBuy ? asks.last : bids.last else { break }
            if !marketLike && (isBuy ? level.price > limit : level.price < limit) { break }
            if isBuy { asks.removeLast() } else { bids.removeLast() }
            var takerDone = false
            while level.head < level.queue.count {
                let makerId = level.queue[level.head]
                let makerAvailable = tradeable(makerId)
                guard makerAvailable > 0 else {
                    level.head += 1
                    continue
                }
                if records[makerId].order.account == order.account && order.stpMode != .none {
                    takerDone = preventSelfTrade(takerId, makerId, price: level.price, mode: order.stpMode)
                    if records[makerId].lifecycle.status?.isOpen != true { level.head += 1 }
                    if takerDone { break }
                    continue
                }
                let quantity = min(available(takerId), makerAvailable)
                trade(takerId, makerId, price: level.price, quantity: quantity)
                if records[makerId].icebergQty > 0 {
                    records[makerId].shown -= quantity
                    if records[makerId].shown == 0 && available(makerId) > 0 {
                        // The next part is shown at the back of the level.
                        records[makerId].shown = records[makerId].icebergQty
                        level.head += 1
                        level.queue.append(makerId)
                        if available(takerId) == 0 {
                            takerDone = true
                            break
                        }
                        continue
                    }
                }
                if records[makerId].lifecycle.status?.isOpen != true { level.head += 1 }
                if available(takerId) == 0 {
                    takerDone = true
                    break
                }
            }
            if level.head < level.queue.count {
                if level.head > 32 && level.head * 2 > level.queue.count {
                    level.queue.removeFirst(level.head)
                    level.head = 0
                }
                if isBuy { asks.append(level) } else { bids.append(level) }
            } else if spareQueues.count < 1024 {
                // Keep the emptied queue's storage for the next new price level.
                level.queue.removeAll(keepingCapacity: true)
                spareQueues.append(level.queue)
            }
            if takerDone { break matching }
        }
        guard records[takerId].lifecycle.status?.isOpen == true else { return }
        if marketLike || order.timeInForce != .gtc {
            expire(takerId)
        } else {
            rest(takerId, side: order.side, price: limit)
        }
    }

    @inline(__always)
    private func available(_ index: Int) -> Int64 {
        let lifecycle = records[index].lifecycle
        guard lifecycle.status?.isOpen == true else { return 0 }
        return lifecycle.availableQuantity.raw
    }

    /// FOK: whether the book holds enough at acceptable prices (self-trades counted as liquidity).
    private func fillable(_ taker: Record) -> Bool {
        let need = taker.lifecycle.availableQuantity.raw
        var total: Int64 = 0
        let isBuy = taker.order.side == .buy
        for level in (isBuy ? asks : bids).reversed() {
            if isBuy ? level.price > taker.price : level.price < taker.price { break }
            total &+= open(level, hidden: true)
            if total >= need { return true }
        }
        return false
    }

    private mutating func rest(_ id: Int, side: OrderSide, price: Int64) {
        records[id].shown = records[id].icebergQty
        if side == .buy {
            Self.insert(id, price: price, into: &bids, spares: &spareQueues, ascending: true)
        } else {
            Self.insert(id, price: price, into: &asks, spares: &spareQueues, ascending: false)
        }
    }

    private static func insert(
        _ id: Int,
        price: Int64,
        into levels: inout [Level],
        spares: inout [[Int]],
        ascending: Bool
    ) {
        // Binary search for the level; best is last.
        var low = 0
        var high = levels.count
        while low < high {
            let mid = (low + high) / 2
            let before = ascending ? levels[mid].price < price : levels[mid].price > price
            if before { low = mid + 1 } else { high = mid }
        }
        if low < levels.count && levels[low].price == price {
            levels[low].queue.append(id)
        } else {
            var queue = spares.popLast() ?? []
            queue.append(id)
            levels.insert(Level(price: price, queue: queue, head: 0), at: low)
        }
    }

    private mutating func trade(_ takerId: Int, _ makerId: Int, price: Int64, quantity: Int64) {
        let amount = FixedDecimal(raw: quantity, scale: quantityScale)
        _ = try? records[takerId].lifecycle.apply(.fill(amount))
        _ = try? records[makerId].lifecycle.apply(.fill(amount))
        lastPriceRaw = price
        if !pendingStops.isEmpty { observeStops(price: price) }
        let tradeId = nextTradeId
        nextTradeId += 1
        report(makerId, .trade, quantity: quantity, price: price, tradeId: tradeId, counter: takerId, maker: true)
        report(takerId, .trade, quantity: quantity, price: price, tradeId: tradeId, counter: makerId, maker: false)
    }

    /// Applies the taker's STP mode to a self-match; returns whether the taker is done.
    private mutating func preventSelfTrade(_ takerId: Int, _ makerId: Int, price: Int64, mode: STPMode) -> Bool {
        let takerAvailable = available(takerId)
        let makerAvailable = available(makerId)
        var takerPrevented: Int64 = 0
        var makerPrevented: Int64 = 0
        switch mode {
        case .none:
            return false
        case .expireTaker:
            // Preventing the whole remainder expires the order in match and records it as preventedQuantity.
            takerPrevented = takerAvailable
            _ = try? records[takerId].lifecycle.apply(.prevent(FixedDecimal(raw: takerPrevented, scale: quantityScale)))
        case .expireMaker:
            makerPrevented = makerAvailable
            _ = try? records[makerId].lifecycle.apply(.prevent(FixedDecimal(raw: makerPrevented, scale: quantityScale)))
        case .expireBoth:
            takerPrevented = takerAvailable
            makerPrevented = makerAvailable
            _ = try? records[takerId].lifecycle.apply(.prevent(FixedDecimal(raw: takerPrevented, scale: quantityScale)))
            _ = try? records[makerId].lifecycle.apply(.prevent(FixedDecimal(raw: makerPrevented, scale: quantityScale)))
        case .decrement:
            let quantity = min(takerAvailable, makerAvailable)
            takerPrevented = quantity
            makerPrevented = quantity
            let amount = FixedDecimal(raw: quantity, scale: quantityScale)
            _ = try? records[takerId].lifecycle.apply(.prevent(amount))
            _ = try? records[makerId].lifecycle.apply(.prevent(amount))
        }
        let matchId = nextPreventedMatchId
        nextPreventedMatchId += 1
        preventedMatches.append(
            PreventedMatch(
                preventedMatchId: matchId,
                takerOrderId: records[takerId].order.id,
                makerOrderId: records[makerId].order.id,
                mode: mode,
                price: FixedDecimal(raw: price, scale: priceScale),
                takerPreventedQuantity: FixedDecimal(raw: takerPrevented, scale: quantityScale),
                makerPreventedQuantity: FixedDecimal(raw: makerPrevented, scale: quantityScale)
            )
        )
        if makerPrevented > 0 || mode == .expireMaker {
            report(makerId, .tradePrevention, price: price, preventedMatchId: matchId, counter: takerId, maker: true)
        }
        if takerPrevented > 0 || mode == .expireTaker {
            report(takerId, .tradePrevention, price: price, preventedMatchId: matchId, counter: makerId, maker: false)
        }
        return records[takerId].lifecycle.status?.isOpen != true
    }

    private mutating func expire(_ id: Int) {
        _ = try? records[id].lifecycle.apply(.expire)
        report(id, .expired)
    }

    /// Executes the triggered stops in trigger order; their own trades may trigger more.
    private mutating func runTriggeredStops() {
        var next = 0
        while next < triggeredStops.count {
            execute(triggeredStops[next])
            next += 1
        }
        triggeredStops.removeAll(keepingCapacity: true)
    }

    /// Shows one trade price to every waiting stop; the ones it triggers move to ``triggeredStops``.
    private mutating func observeStops(price: Int64) {
        var kept = 0
        for position in pendingStops.indices {
            let id = pendingStops[position]
            if stopFires(id, price: price) {
                records[id].triggered = true
                triggeredStops.append(id)
            } else {
                pendingStops[kept] = id
                kept += 1
            }
        }
        pendingStops.removeLast(pendingStops.count - kept)
    }

    /// Whether a trade at `price` triggers the stop; updates a trailing stop's activation and extreme.
    private mutating func stopFires(_ id: Int, price: Int64) -> Bool {
        // Field reads, not a copy of the record: this runs for every waiting stop on every trade.
        let type = records[id].order.type
        let side = records[id].order.side
        let delta = records[id].trailingDelta
        guard delta > 0 else { return triggers(type, side, stop: records[id].stopPrice, last: price) }
        guard records[id].tracking else {
            // The first trade meeting the stop condition activates tracking and is the first extreme.
            if triggers(type, side, stop: records[id].stopPrice, last: price) {
                records[id].tracking = true
                records[id].extreme = price
            }
            return false
        }
        let extreme = records[id].extreme
        let isSell = side == .sell
        if extreme == 0 || (isSell ? price > extreme : price < extreme) {
            records[id].extreme = price
            return false
        }
        // SELL: price <= extreme * (1 - delta / 10000); BUY: price >= extreme * (1 + delta / 10000).
        let scaledPrice = Int128(price) * 10_000
        let bips = Int128(delta)
        return isSell
            ? scaledPrice <= Int128(extreme) * (10_000 - bips) : scaledPrice >= Int128(extreme) * (10_000 + bips)
    }

    private mutating func report(
        _ index: Int,
        _ type: ExecutionType,
        quantity: Int64 = 0,
        price: Int64 = 0,
        tradeId: UInt64? = nil,
        preventedMatchId: UInt64? = nil,
        counter: Int? = nil,
        maker: Bool = false
    ) {
        let record = records[index]
        reports.append(
            ExecutionReport(
                orderId: record.order.id,
                account: record.order.account,
                executionType: type,
                status: record.lifecycle.status ?? .new,
                lastQuantity: FixedDecimal(raw: quantity, scale: quantityScale),
                lastPrice: FixedDecimal(raw: price, scale: priceScale),
                executedQuantity: record.lifecycle.executedQuantity,
                preventedQuantity: record.lifecycle.preventedQuantity,
                tradeId: tradeId,
                preventedMatchId: preventedMatchId,
                counterOrderId: counter.map { records[$0].order.id },
                isMaker: maker,
                rejection: nil
            )
        )
    }
}
