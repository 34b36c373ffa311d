// Stop and take-profit orders: waiting for a trade price, trailing, and running once triggered.
extension MatchingEngine {
    /// Executes the triggered stops in trigger order; their own trades may trigger more.
    mutating func runTriggeredStops() {
        var next = 0
        while next < triggeredStops.count {
            execute(triggeredStops[next])
            next += 1
        }
        triggeredStops.removeAll(keepingCapacity: true)
    }

    /// Shows one trade price to every waiting stop; the ones it triggers move to ``triggeredStops``.
    mutating func observeStops(price: Int64) {
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
    mutating func stopFires(_ id: Int, price: Int64) -> Bool {
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
}
