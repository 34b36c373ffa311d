import TradingCore
import TradingStore

extension FillRecord {
    /// The stored row of one side of a trade of `symbol` at `milliseconds`: no commission (the simulated venue
    /// charges none), counted in the asset the side receives.
    init(_ fill: VenueLedger.Fill, symbol: SymbolInfo, milliseconds: Int64) {
        self.init(
            symbol: symbol.symbol,
            orderID: Int64(bitPattern: fill.orderId),
            accountID: Int64(bitPattern: fill.account),
            price: fill.price.description,
            quantity: fill.quantity.description,
            quoteQuantity: fill.quote.description,
            commission: "0",
            commissionAsset: fill.isBuyer ? symbol.baseAsset : symbol.quoteAsset,
            isBuyer: fill.isBuyer,
            isMaker: fill.isMaker,
            timeMilliseconds: milliseconds
        )
    }
}
