import TradingCore

/// The parameters of `POST /api/v3/order` and `POST /api/v3/order/test`, read into the core's
/// ``OrderRequest`` with Binance's names, enums and errors.
///
/// Combination rules (LIMIT needs `timeInForce`, `price`, `quantity`; refused parameters for a type) are the
/// core's order validator's job; this reads only what each parameter is on its own.
public struct NewOrderParameters: Sendable, Hashable {
    /// The order for the core.
    public var request: OrderRequest
    /// The client's id, nil when the venue should make one.
    public var newClientOrderId: String?
    /// How much the response says.
    public var responseType: NewOrderResponseType
    /// The client's strategy id.
    public var strategyId: Int64?
    /// The client's strategy type (at least 1,000,000).
    public var strategyType: Int64?
    /// `order/test` only: whether to include the commission rates.
    public var computeCommissionRates: Bool

    /// Binance's legal range for a symbol.
    public static let symbolRange = "^[A-Z0-9-_.]{1,20}$"
    /// Binance's legal range for a client order id.
    public static let clientOrderIdRange = "^[\\.A-Z\\:/a-z0-9_-]{1,36}$"

    /// Reads the order parameters from `reader`.
    /// - Parameter isTest: whether this is `order/test` (which also takes `computeCommissionRates`).
    /// - Throws: -1102 for a missing `symbol`, `side` or `type`; -1117/-1116/-1115 for an unknown side, type or
    ///   time in force; -1100 for characters outside a field's legal range; -1111/-1108 for decimals; -1130 for
    ///   an unknown response type, STP mode or boolean; -1134 for a strategy type below 1,000,000.
    public init(reading reader: inout ParameterReader, isTest: Bool = false) throws(BinanceAPIError) {
        let symbol = try reader.required("symbol")
        guard NewOrderParameters.isLegal(symbol, maxLength: 20, extra: "-_.", lowercase: false) else {
            throw .illegalCharacters("symbol", legalRange: NewOrderParameters.symbolRange)
        }
        let side = try reader.requiredEnum("side", as: OrderSide.self, invalid: .invalidSide)
        let type = try reader.requiredEnum("type", as: OrderType.self, invalid: .invalidOrderType)
        let timeInForce = try reader.optionalEnum("timeInForce", as: TimeInForce.self, invalid: .invalidTimeInForce)
        let stp = try reader.optionalEnum(
            "selfTradePreventionMode",
            as: STPMode.self,
            invalid: .invalidParameter("selfTradePreventionMode")
        )
        var trailingDelta: Int?
        if let delta = try reader.optionalLong("trailingDelta") {
            guard let value = Int(exactly: delta) else { throw .parameterOverflow("trailingDelta") }
            trailingDelta = value
        }
        request = OrderRequest(
            symbol: symbol,
            side: side,
            type: type,
            timeInForce: timeInForce,
            price: try reader.optionalDecimal("price"),
            quantity: try reader.optionalDecimal("quantity"),
            quoteOrderQty: try reader.optionalDecimal("quoteOrderQty"),
            stopPrice: try reader.optionalDecimal("stopPrice"),
            icebergQty: try reader.optionalDecimal("icebergQty"),
            trailingDelta: trailingDelta,
            selfTradePreventionMode: stp
        )
        newClientOrderId = try reader.optional("newClientOrderId")
        if let id = newClientOrderId, !NewOrderParameters.isLegal(id, maxLength: 36, extra: "._:/-", lowercase: true) {
            throw .illegalCharacters("newClientOrderId", legalRange: NewOrderParameters.clientOrderIdRange)
        }
        responseType =
            try reader.optionalEnum(
                "newOrderRespType",
                as: NewOrderResponseType.self,
                invalid: .invalidParameter("newOrderRespType")
            ) ?? .defaultFor(type)
        strategyId = try reader.optionalLong("strategyId")
        strategyType = try reader.optionalLong("strategyType")
        if let strategyType, strategyType < 1_000_000 { throw .badStrategyType }
        computeCommissionRates = false
        if isTest, let flag = try reader.optional("computeCommissionRates") {
            switch flag {
            case "true": computeCommissionRates = true
            case "false": computeCommissionRates = false
            default: throw .invalidParameter("computeCommissionRates")
            }
        }
    }

    /// Whether `text` has 1 to `maxLength` characters of `[A-Z0-9]`, lowercase letters if allowed, and `extra`.
    static func isLegal(_ text: String, maxLength: Int, extra: String, lowercase: Bool) -> Bool {
        let extraBytes = Set(extra.utf8)
        return (1...maxLength).contains(text.utf8.count)
            && text.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || (lowercase && $0 >= 0x61 && $0 <= 0x7A)
                    || extraBytes.contains($0)
            }
    }
}
