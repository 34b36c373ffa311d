/// One entry of a symbol's `filters` array, as Binance serves it (both the current and the 2022 legacy
/// generation). Filter types this version does not know are kept as ``unknown(_:)`` and ignored.
public enum SymbolFilter: Sendable, Hashable {
    /// PRICE_FILTER.
    case price(PriceFilter)
    /// PERCENT_PRICE (legacy) or PERCENT_PRICE_BY_SIDE.
    case percentPrice(PercentPriceFilter)
    /// LOT_SIZE.
    case lotSize(LotSize)
    /// MARKET_LOT_SIZE.
    case marketLotSize(LotSize)
    /// NOTIONAL or MIN_NOTIONAL (legacy).
    case notional(NotionalFilter)
    /// ICEBERG_PARTS: at most `limit` parts.
    case icebergParts(limit: Int)
    /// MAX_NUM_ORDERS: open orders on the symbol.
    case maxNumOrders(Int)
    /// MAX_NUM_ALGO_ORDERS: open stop and take-profit orders on the symbol.
    case maxNumAlgoOrders(Int)
    /// MAX_NUM_ICEBERG_ORDERS: open iceberg orders on the symbol.
    case maxNumIcebergOrders(Int)
    /// MAX_POSITION: base balance plus open BUY quantity.
    case maxPosition(FixedDecimal)
    /// TRAILING_DELTA.
    case trailingDelta(TrailingDeltaFilter)
    /// MAX_NUM_ORDER_AMENDS (applies to amendments, not new orders).
    case maxNumOrderAmends(Int)
    /// MAX_NUM_ORDER_LISTS (applies to order lists, not single orders).
    case maxNumOrderLists(Int)
    /// A filter type this version does not model; ignored by validation.
    case unknown(String)
}

extension SymbolFilter: Decodable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes one filter object, dispatching on `filterType`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let type = try c.decode(String.self, forKey: Key("filterType"))
        func dec(_ name: String) throws -> FixedDecimal { try c.decodeDecimal(Key(name)) }
        func int(_ name: String) throws -> Int { try c.decode(Int.self, forKey: Key(name)) }
        func flag(_ name: String) throws -> Bool { try c.decode(Bool.self, forKey: Key(name)) }
        switch type {
        case "PRICE_FILTER":
            self = .price(
                PriceFilter(minPrice: try dec("minPrice"), maxPrice: try dec("maxPrice"), tickSize: try dec("tickSize"))
            )
        case "PERCENT_PRICE":
            let up = try dec("multiplierUp")
            let down = try dec("multiplierDown")
            self = .percentPrice(
                PercentPriceFilter(
                    bidMultiplierUp: up,
                    bidMultiplierDown: down,
                    askMultiplierUp: up,
                    askMultiplierDown: down,
                    avgPriceMins: try int("avgPriceMins"),
                    bySide: false
                )
            )
        case "PERCENT_PRICE_BY_SIDE":
            self = .percentPrice(
                PercentPriceFilter(
                    bidMultiplierUp: try dec("bidMultiplierUp"),
                    bidMultiplierDown: try dec("bidMultiplierDown"),
                    askMultiplierUp: try dec("askMultiplierUp"),
                    askMultiplierDown: try dec("askMultiplierDown"),
                    avgPriceMins: try int("avgPriceMins"),
                    bySide: true
                )
            )
        case "LOT_SIZE", "MARKET_LOT_SIZE":
            let lot = LotSize(minQty: try dec("minQty"), maxQty: try dec("maxQty"), stepSize: try dec("stepSize"))
            self = type == "LOT_SIZE" ? .lotSize(lot) : .marketLotSize(lot)
        case "MIN_NOTIONAL":
            self = .notional(
                NotionalFilter(
                    minNotional: try dec("minNotional"),
                    applyMinToMarket: try flag("applyToMarket"),
                    maxNotional: nil,
                    applyMaxToMarket: false,
                    avgPriceMins: try int("avgPriceMins"),
                    legacy: true
                )
            )
        case "NOTIONAL":
            self = .notional(
                NotionalFilter(
                    minNotional: try dec("minNotional"),
                    applyMinToMarket: try flag("applyMinToMarket"),
                    maxNotional: try dec("maxNotional"),
                    applyMaxToMarket: try flag("applyMaxToMarket"),
                    avgPriceMins: try int("avgPriceMins"),
                    legacy: false
                )
            )
        case "ICEBERG_PARTS": self = .icebergParts(limit: try int("limit"))
        case "MAX_NUM_ORDERS": self = .maxNumOrders(try int("maxNumOrders"))
        case "MAX_NUM_ALGO_ORDERS": self = .maxNumAlgoOrders(try int("maxNumAlgoOrders"))
        case "MAX_NUM_ICEBERG_ORDERS": self = .maxNumIcebergOrders(try int("maxNumIcebergOrders"))
        case "MAX_POSITION": self = .maxPosition(try dec("maxPosition"))
        case "TRAILING_DELTA":
            self = .trailingDelta(
                TrailingDeltaFilter(
                    minTrailingAboveDelta: try int("minTrailingAboveDelta"),
                    maxTrailingAboveDelta: try int("maxTrailingAboveDelta"),
                    minTrailingBelowDelta: try int("minTrailingBelowDelta"),
                    maxTrailingBelowDelta: try int("maxTrailingBelowDelta")
                )
            )
        case "MAX_NUM_ORDER_AMENDS": self = .maxNumOrderAmends(try int("maxNumOrderAmends"))
        case "MAX_NUM_ORDER_LISTS": self = .maxNumOrderLists(try int("maxNumOrderLists"))
        default: self = .unknown(type)
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes a decimal string field without passing through `Double`; non-negative only.
    func decodeDecimal(_ key: Key) throws -> FixedDecimal {
        let text = try decode(String.self, forKey: key)
        do {
            return try FixedDecimal(text, allowNegative: false)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: error.message)
        }
    }
}
