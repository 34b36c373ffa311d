// Self-trade prevention: the taker's mode decides what a match between two orders of one account does.
extension MatchingEngine {
    /// Applies the taker's STP mode to a self-match; returns whether the taker is done.
    mutating func preventSelfTrade(_ takerId: Int, _ makerId: Int, price: Int64, mode: STPMode) -> Bool {
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
}
