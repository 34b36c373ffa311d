import Foundation
import TradingCore

/// Feeds arbitrary bytes to the exchangeInfo parser. Parse errors are expected; a trap, a crash or an ASan
/// report is a bug. For every symbol that parses, one order goes through the validator and a small order flow
/// through a matching engine built from the symbol's scales, so odd tick and step sizes are exercised too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExchangeInfo(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    guard let info = try? ExchangeInfo.parse(Data(bytes: data, count: count)) else { return 0 }
    for symbol in info.symbols.prefix(64) {
        let validator = OrderValidator(symbol: symbol, exchangeFilters: info.exchangeFilters)
        var tick = FixedDecimal(raw: 1, scale: 2)
        for filter in symbol.filters {
            if case .price(let rule) = filter, !rule.tickSize.isZero { tick = rule.tickSize }
        }
        for type in OrderType.allCases {
            let order = OrderRequest(
                symbol: symbol.symbol,
                side: .buy,
                type: type,
                timeInForce: type.requiresTimeInForce ? .gtc : nil,
                price: type.hasLimitPrice ? tick : nil,
                quantity: FixedDecimal(raw: 1, scale: 0),
                stopPrice: type.isAlgo ? tick : nil
            )
            _ = validator.validate(order, context: OrderContext(averagePrice: tick, position: FixedDecimal.zero))
        }
        var engine = MatchingEngine(symbol: symbol)
        engine.submit(NewOrder(id: 1, account: 1, side: .sell, type: .limit, price: tick, quantity: FixedDecimal(1)))
        engine.submit(NewOrder(id: 2, account: 1, side: .buy, type: .market, quoteOrderQty: tick, stpMode: .decrement))
        engine.submit(
            NewOrder(
                id: 3,
                account: 2,
                side: .buy,
                type: .limit,
                timeInForce: .fok,
                price: tick,
                quantity: FixedDecimal(1)
            )
        )
    }
    return 0
}
