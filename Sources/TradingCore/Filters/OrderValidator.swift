/// Checks one new order against a symbol's rules offline, as Binance's API would, and returns the verdict
/// Binance would give: parameter checks (-1102, -1106, -1111, -1114, -1014), symbol permissions (-2010),
/// STP mode (-1013), then the symbol's filters in their exchangeInfo order and the exchange filters
/// (-1013 `Filter failure: <NAME>`), then the engine's `Price * QTY is zero or less.` (-2010).
public struct OrderValidator: Sendable {
    /// The symbol's rules.
    public let symbol: SymbolInfo
    /// The account-wide filters of the exchange.
    public let exchangeFilters: [ExchangeFilter]

    /// The symbol's filters without the ones new orders ignore, as a trivially copyable enum (no String
    /// payload, so the hot loop copies no references).
    private enum Rule {
        case price(PriceFilter)
        case percentPrice(PercentPriceFilter)
        case lotSize(LotSize)
        case marketLotSize(LotSize)
        case notional(NotionalFilter)
        case icebergParts(Int)
        case maxNumOrders(Int)
        case maxNumAlgoOrders(Int)
        case maxNumIcebergOrders(Int)
        case maxPosition(FixedDecimal)
        case trailingDelta(TrailingDeltaFilter)
    }

    /// The exchange filters new orders are checked against.
    private enum ExchangeRule {
        case maxNumOrders(Int)
        case maxNumAlgoOrders(Int)
        case maxNumIcebergOrders(Int)
    }

    private let rules: [Rule]
    private let exchangeRules: [ExchangeRule]
    private let isTrading: Bool
    private let orderTypeMask: UInt16
    private let stpModeMask: UInt16

    /// Creates a validator for one symbol.
    public init(symbol: SymbolInfo, exchangeFilters: [ExchangeFilter] = []) {
        self.symbol = symbol
        self.exchangeFilters = exchangeFilters
        rules = symbol.filters.compactMap { filter -> Rule? in
            switch filter {
            case .price(let rule): .price(rule)
            case .percentPrice(let rule): .percentPrice(rule)
            case .lotSize(let rule): .lotSize(rule)
            case .marketLotSize(let rule): .marketLotSize(rule)
            case .notional(let rule): .notional(rule)
            case .icebergParts(let limit): .icebergParts(limit)
            case .maxNumOrders(let limit): .maxNumOrders(limit)
            case .maxNumAlgoOrders(let limit): .maxNumAlgoOrders(limit)
            case .maxNumIcebergOrders(let limit): .maxNumIcebergOrders(limit)
            case .maxPosition(let limit): .maxPosition(limit)
            case .trailingDelta(let rule): .trailingDelta(rule)
            case .maxNumOrderAmends, .maxNumOrderLists, .unknown: nil
            }
        }
        exchangeRules = exchangeFilters.compactMap { filter -> ExchangeRule? in
            switch filter {
            case .maxNumOrders(let limit): .maxNumOrders(limit)
            case .maxNumAlgoOrders(let limit): .maxNumAlgoOrders(limit)
            case .maxNumIcebergOrders(let limit): .maxNumIcebergOrders(limit)
            case .maxNumOrderLists, .unknown: nil
            }
        }
        isTrading = symbol.status == "TRADING"
        orderTypeMask = symbol.orderTypes.reduce(0) { $0 | Self.bit(of: $1) }
        stpModeMask = symbol.allowedSelfTradePreventionModes.reduce(0) { $0 | Self.bit(of: $1) }
    }

    @inline(__always)
    private static func bit(of type: OrderType) -> UInt16 {
        switch type {
        case .limit: 1
        case .market: 2
        case .stopLoss: 4
        case .stopLossLimit: 8
        case .takeProfit: 16
        case .takeProfitLimit: 32
        case .limitMaker: 64
        }
    }

    @inline(__always)
    private static func bit(of mode: STPMode) -> UInt16 {
        switch mode {
        case .none: 1
        case .expireTaker: 2
        case .expireMaker: 4
        case .expireBoth: 8
        case .decrement: 16
        }
    }

    /// Validates `order` in `context`.
    public func validate(_ order: OrderRequest, context: OrderContext = OrderContext()) -> OrderVerdict {
        if let rejection = checkParameters(order) { return .rejected(rejection) }
        var unchecked: UncheckedRules = []
        for filter in rules {
            if let rejection = check(filter, order, context, &unchecked) { return .rejected(rejection) }
        }
        for filter in exchangeRules {
            if let rejection = check(filter, order, context) { return .rejected(rejection) }
        }
        if order.type.hasLimitPrice, let price = order.price, let quantity = order.quantity,
            price.exactProduct(quantity).raw <= 0
        {
            return .rejected(OrderRejection(.newOrderRejected, "Price * QTY is zero or less."))
        }
        return .accepted(unchecked: unchecked)
    }

    // MARK: Parameters and permissions

    private func mandatory(_ name: String) -> OrderRejection {
        OrderRejection(
            .mandatoryParamEmptyOrMalformed,
            "Mandatory parameter '\(name)' was not sent, was empty/null, or malformed."
        )
    }

    private func notRequired(_ name: String) -> OrderRejection {
        OrderRejection(.paramNotRequired, "Parameter '\(name)' sent when not required.")
    }

    private func precision(_ name: String, _ value: FixedDecimal?, _ digits: Int) -> OrderRejection? {
        guard let value, Int(value.scale) > digits, Int(value.significantScale) > digits else { return nil }
        return OrderRejection(.badPrecision, "Parameter '\(name)' has too much precision.")
    }

    private func checkParameters(_ order: OrderRequest) -> OrderRejection? {
        let type = order.type
        // Mandatory and refused parameters for the type.
        if type.requiresTimeInForce {
            if order.timeInForce == nil { return mandatory("timeInForce") }
        } else if order.timeInForce != nil {
            return OrderRejection(.tifNotRequired, "TimeInForce parameter sent when not required.")
        }
        if type.hasLimitPrice {
            if order.price == nil { return mandatory("price") }
        } else if order.price != nil {
            return notRequired("price")
        }
        if type == .market {
            if order.quantity == nil && order.quoteOrderQty == nil {
                return OrderRejection(
                    .mandatoryParamEmptyOrMalformed,
                    "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!"
                )
            }
            if order.quantity != nil && order.quoteOrderQty != nil { return notRequired("quoteOrderQty") }
        } else {
            if order.quoteOrderQty != nil { return notRequired("quoteOrderQty") }
            if order.quantity == nil { return mandatory("quantity") }
        }
        if type.isAlgo {
            if order.stopPrice == nil && order.trailingDelta == nil {
                return OrderRejection(
                    .mandatoryParamEmptyOrMalformed,
                    "Param 'stopPrice' or 'trailingDelta' must be sent, but both were empty/null!"
                )
            }
        } else {
            if order.stopPrice != nil { return notRequired("stopPrice") }
            if order.trailingDelta != nil { return notRequired("trailingDelta") }
        }
        if let iceberg = order.icebergQty, !iceberg.isZero {
            let limitType = type == .limit || type == .limitMaker || type == .stopLossLimit || type == .takeProfitLimit
            if !limitType || (order.timeInForce != nil && order.timeInForce != .gtc) {
                return OrderRejection(.unknownOrderComposition, "Unsupported order combination")
            }
        }
        // Precision of the decimal parameters.
        if let rejection = precision("quantity", order.quantity, symbol.baseAssetPrecision)
            ?? precision("icebergQty", order.icebergQty, symbol.baseAssetPrecision)
            ?? precision("price", order.price, symbol.quotePrecision)
            ?? precision("stopPrice", order.stopPrice, symbol.quotePrecision)
            ?? precision("quoteOrderQty", order.quoteOrderQty, symbol.quotePrecision)
        {
            return rejection
        }
        // Symbol permissions.
        // Account permissions (SPOT, LEVERAGED, TRD_GRP_…) are the account's business, not checked offline.
        if !isTrading {
            return OrderRejection(.newOrderRejected, "Market is closed.")
        }
        if orderTypeMask & Self.bit(of: type) == 0 {
            return OrderRejection(.newOrderRejected, type.unsupportedMessage)
        }
        if order.quoteOrderQty != nil && !symbol.quoteOrderQtyMarketAllowed {
            return OrderRejection(
                .newOrderRejected,
                "Quote order qty market orders are not support for this symbol."
            )
        }
        if order.trailingDelta != nil && !symbol.allowTrailingStop {
            return OrderRejection(.newOrderRejected, "Trailing stop orders are not supported for this symbol.")
        }
        if let iceberg = order.icebergQty, !iceberg.isZero {
            if !symbol.icebergAllowed {
                return OrderRejection(.newOrderRejected, "Iceberg orders are not supported for this symbol.")
            }
            if let quantity = order.quantity, iceberg >= quantity {
                return OrderRejection(.newOrderRejected, "IcebergQty exceeds QTY.")
            }
        }
        if let mode = order.selfTradePreventionMode, stpModeMask & Self.bit(of: mode) == 0 {
            return OrderRejection(
                .invalidMessage,
                "This symbol does not allow the specified self-trade prevention mode."
            )
        }
        return nil
    }

    // MARK: Filters

    private func check(
        _ filter: Rule,
        _ order: OrderRequest,
        _ context: OrderContext,
        _ unchecked: inout UncheckedRules
    ) -> OrderRejection? {
        let type = order.type
        switch filter {
        case .price(let rule):
            if type.hasLimitPrice, let price = order.price, !rule.accepts(price) { return .filter("PRICE_FILTER") }
            if let stop = order.stopPrice, !rule.accepts(stop) { return .filter("PRICE_FILTER") }
        case .percentPrice(let rule):
            guard type.hasLimitPrice, let price = order.price else { break }
            guard let average = context.averagePrice else {
                if context.requiresAveragePrice { return .filter(rule.name) }
                unchecked.insert(.percentPrice)
                break
            }
            if !rule.accepts(price, side: order.side, average: average) { return .filter(rule.name) }
        case .lotSize(let rule):
            if let quantity = order.quantity {
                if !rule.accepts(quantity) { return .filter("LOT_SIZE") }
            } else {
                unchecked.insert(.quoteOrderLotSize)
            }
            if let iceberg = order.icebergQty, !iceberg.isZero, !rule.accepts(iceberg) { return .filter("LOT_SIZE") }
        case .marketLotSize(let rule):
            if type.isMarketLike, let quantity = order.quantity, !rule.accepts(quantity) {
                return .filter("MARKET_LOT_SIZE")
            }
        case .notional(let rule):
            if type.hasLimitPrice {
                if let price = order.price, let quantity = order.quantity,
                    !rule.accepts(price.exactProduct(quantity), market: false)
                {
                    return .filter(rule.name)
                }
            } else if let quote = order.quoteOrderQty {
                if !rule.accepts(WideDecimal(raw: Int128(quote.raw), scale: quote.scale), market: true) {
                    return .filter(rule.name)
                }
            } else if let quantity = order.quantity {
                guard rule.applyMinToMarket || rule.applyMaxToMarket else { break }
                guard let average = context.averagePrice else {
                    if context.requiresAveragePrice { return .filter(rule.name) }
                    unchecked.insert(.marketNotional)
                    break
                }
                if !rule.accepts(average.exactProduct(quantity), market: true) { return .filter(rule.name) }
            }
        case .icebergParts(let limit):
            if let iceberg = order.icebergQty, !iceberg.isZero, let quantity = order.quantity,
                let parts = try? quantity.divided(by: iceberg, scale: 0, rounding: .up),
                parts.raw > Int64(limit)
            {
                return .filter("ICEBERG_PARTS")
            }
        case .maxNumOrders(let limit):
            if context.openOrders >= limit { return .filter("MAX_NUM_ORDERS") }
        case .maxNumAlgoOrders(let limit):
            if type.isAlgo && context.openAlgoOrders >= limit { return .filter("MAX_NUM_ALGO_ORDERS") }
        case .maxNumIcebergOrders(let limit):
            if let iceberg = order.icebergQty, !iceberg.isZero, context.openIcebergOrders >= limit {
                return .filter("MAX_NUM_ICEBERG_ORDERS")
            }
        case .maxPosition(let limit):
            guard order.side == .buy else { break }
            guard let position = context.position else {
                unchecked.insert(.maxPosition)
                break
            }
            if position > limit { return .filter("MAX_POSITION") }
            if let quantity = order.quantity {
                let total = (try? position.adding(quantity)) ?? FixedDecimal(raw: .max, scale: 0)
                if total > limit { return .filter("MAX_POSITION") }
            }
        case .trailingDelta(let rule):
            if let delta = order.trailingDelta, !rule.accepts(delta, type: type, side: order.side) {
                return .filter("TRAILING_DELTA")
            }
        }
        return nil
    }

    private func check(_ filter: ExchangeRule, _ order: OrderRequest, _ context: OrderContext) -> OrderRejection? {
        switch filter {
        case .maxNumOrders(let limit):
            if (context.accountOpenOrders ?? context.openOrders) >= limit { return .filter("EXCHANGE_MAX_NUM_ORDERS") }
        case .maxNumAlgoOrders(let limit):
            if order.type.isAlgo && (context.accountOpenAlgoOrders ?? context.openAlgoOrders) >= limit {
                return .filter("EXCHANGE_MAX_NUM_ALGO_ORDERS")
            }
        case .maxNumIcebergOrders(let limit):
            if let iceberg = order.icebergQty, !iceberg.isZero,
                (context.accountOpenIcebergOrders ?? context.openIcebergOrders) >= limit
            {
                return .filter("EXCHANGE_MAX_NUM_ICEBERG_ORDERS")
            }
        }
        return nil
    }
}
