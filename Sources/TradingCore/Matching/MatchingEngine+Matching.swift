// Matching a taker against the book: price-time priority, resting, trades, expiry and the reports.
extension MatchingEngine {
    // MARK: Matching

    /// The raw value at `scale`; 0 for an absent value, `nil` if it has more digits than the scale.
    func raw(_ value: FixedDecimal?, _ scale: UInt8) -> Int64? {
        guard let value else { return 0 }
        guard value.significantScale <= scale, let scaled = try? value.rounded(scale: scale, rounding: .towardZero)
        else { return nil }
        return scaled.raw
    }

    mutating func reject(_ order: NewOrder, _ rejection: OrderRejection) -> Result<OrderStatus, OrderRejection> {
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

    func crosses(side: OrderSide, limit: Int64) -> Bool {
        if side == .buy {
            guard let best = bestPrice(asks) else { return false }
            return limit >= best.raw
        }
        guard let best = bestPrice(bids) else { return false }
        return limit <= best.raw
    }

    func triggers(_ type: OrderType, _ side: OrderSide, stop: Int64, last: Int64) -> Bool {
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
    func quantityForQuote(_ quote: FixedDecimal, order: NewOrder) -> Int64 {
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

    mutating func execute(_ takerId: Int) {
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
    func available(_ index: Int) -> Int64 {
        let lifecycle = records[index].lifecycle
        guard lifecycle.status?.isOpen == true else { return 0 }
        return lifecycle.availableQuantity.raw
    }

    /// FOK: whether the book holds enough at acceptable prices (self-trades counted as liquidity).
    func fillable(_ taker: Record) -> Bool {
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

    mutating func rest(_ id: Int, side: OrderSide, price: Int64) {
        records[id].shown = records[id].icebergQty
        if side == .buy {
            Self.insert(id, price: price, into: &bids, spares: &spareQueues, ascending: true)
        } else {
            Self.insert(id, price: price, into: &asks, spares: &spareQueues, ascending: false)
        }
    }

    static func insert(
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

    mutating func trade(_ takerId: Int, _ makerId: Int, price: Int64, quantity: Int64) {
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

    mutating func expire(_ id: Int) {
        _ = try? records[id].lifecycle.apply(.expire)
        report(id, .expired)
    }

    mutating func report(
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
