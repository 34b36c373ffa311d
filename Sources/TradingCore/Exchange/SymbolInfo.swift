/// One symbol of exchangeInfo: its assets, permissions, order types, STP modes and filters.
public struct SymbolInfo: Sendable, Hashable {
    /// The symbol, e.g. `BTCUSDT`.
    public var symbol: String
    /// TRADING, BREAK, HALT, …
    public var status: String
    /// The base asset.
    public var baseAsset: String
    /// Decimal places Binance accepts for base quantities.
    public var baseAssetPrecision: Int
    /// The quote asset.
    public var quoteAsset: String
    /// Decimal places Binance accepts for quote amounts and prices.
    public var quotePrecision: Int
    /// The order types the symbol allows (unknown type names are skipped).
    public var orderTypes: Set<OrderType>
    /// Whether `icebergQty` is allowed.
    public var icebergAllowed: Bool
    /// Whether MARKET orders by `quoteOrderQty` are allowed.
    public var quoteOrderQtyMarketAllowed: Bool
    /// Whether `trailingDelta` is allowed (absent in older dumps: then `false`).
    public var allowTrailingStop: Bool
    /// Whether spot trading is allowed (absent in very old dumps: then `true`).
    public var isSpotTradingAllowed: Bool
    /// The STP mode used when an order names none (absent before STP existed: ``STPMode/none``).
    public var defaultSelfTradePreventionMode: STPMode
    /// The STP modes an order may name (absent before STP existed: only ``STPMode/none``).
    public var allowedSelfTradePreventionModes: Set<STPMode>
    /// The filters, in Binance's order.
    public var filters: [SymbolFilter]
}

extension SymbolInfo: Decodable {
    private enum Key: String, CodingKey {
        case symbol, status, baseAsset, baseAssetPrecision, quoteAsset, quotePrecision, quoteAssetPrecision
        case orderTypes, icebergAllowed, quoteOrderQtyMarketAllowed, allowTrailingStop, isSpotTradingAllowed
        case defaultSelfTradePreventionMode, allowedSelfTradePreventionModes, filters
    }

    /// Decodes one symbol object.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        symbol = try c.decode(String.self, forKey: .symbol)
        status = try c.decode(String.self, forKey: .status)
        baseAsset = try c.decode(String.self, forKey: .baseAsset)
        baseAssetPrecision = try c.decode(Int.self, forKey: .baseAssetPrecision)
        quoteAsset = try c.decode(String.self, forKey: .quoteAsset)
        quotePrecision =
            try c.decodeIfPresent(Int.self, forKey: .quoteAssetPrecision)
            ?? c.decode(Int.self, forKey: .quotePrecision)
        orderTypes = Set(try c.decode([String].self, forKey: .orderTypes).compactMap(OrderType.init(rawValue:)))
        icebergAllowed = try c.decode(Bool.self, forKey: .icebergAllowed)
        quoteOrderQtyMarketAllowed = try c.decodeIfPresent(Bool.self, forKey: .quoteOrderQtyMarketAllowed) ?? false
        allowTrailingStop = try c.decodeIfPresent(Bool.self, forKey: .allowTrailingStop) ?? false
        isSpotTradingAllowed = try c.decodeIfPresent(Bool.self, forKey: .isSpotTradingAllowed) ?? true
        let defaultMode = try c.decodeIfPresent(String.self, forKey: .defaultSelfTradePreventionMode)
        defaultSelfTradePreventionMode = defaultMode.flatMap(STPMode.init(rawValue:)) ?? .none
        let allowed = try c.decodeIfPresent([String].self, forKey: .allowedSelfTradePreventionModes)
        allowedSelfTradePreventionModes = Set((allowed ?? ["NONE"]).compactMap(STPMode.init(rawValue:)))
        filters = try c.decode([SymbolFilter].self, forKey: .filters)
    }
}

extension SymbolInfo {
    /// The symbol's price scale: the significant fractional digits of PRICE_FILTER's tick size
    /// (`"0.01000000"` gives 2), or `quotePrecision` when the tick is disabled.
    public var priceScale: UInt8 {
        for case .price(let rule) in filters where !rule.tickSize.isZero { return rule.tickSize.significantScale }
        return UInt8(clamping: min(quotePrecision, Int(FixedDecimal.maxScale)))
    }

    /// The symbol's quantity scale: the significant fractional digits of LOT_SIZE's step size (`"1.00"` gives
    /// 0), or `baseAssetPrecision` when the step is disabled.
    public var quantityScale: UInt8 {
        for case .lotSize(let rule) in filters where !rule.stepSize.isZero { return rule.stepSize.significantScale }
        return UInt8(clamping: min(baseAssetPrecision, Int(FixedDecimal.maxScale)))
    }
}
