/// One entry of exchangeInfo's `exchangeFilters`: account-wide limits across all symbols.
public enum ExchangeFilter: Sendable, Hashable {
    /// EXCHANGE_MAX_NUM_ORDERS.
    case maxNumOrders(Int)
    /// EXCHANGE_MAX_NUM_ALGO_ORDERS.
    case maxNumAlgoOrders(Int)
    /// EXCHANGE_MAX_NUM_ICEBERG_ORDERS.
    case maxNumIcebergOrders(Int)
    /// EXCHANGE_MAX_NUM_ORDER_LISTS (applies to order lists, not single orders).
    case maxNumOrderLists(Int)
    /// A filter type this version does not model; ignored.
    case unknown(String)
}

extension ExchangeFilter: Decodable {
    private enum Key: String, CodingKey {
        case filterType, maxNumOrders, maxNumAlgoOrders, maxNumIcebergOrders, maxNumOrderLists
    }

    /// Decodes one exchange filter, dispatching on `filterType`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let type = try c.decode(String.self, forKey: .filterType)
        switch type {
        case "EXCHANGE_MAX_NUM_ORDERS": self = .maxNumOrders(try c.decode(Int.self, forKey: .maxNumOrders))
        case "EXCHANGE_MAX_NUM_ALGO_ORDERS":
            self = .maxNumAlgoOrders(try c.decode(Int.self, forKey: .maxNumAlgoOrders))
        case "EXCHANGE_MAX_NUM_ICEBERG_ORDERS":
            self = .maxNumIcebergOrders(try c.decode(Int.self, forKey: .maxNumIcebergOrders))
        case "EXCHANGE_MAX_NUM_ORDER_LISTS":
            self = .maxNumOrderLists(try c.decode(Int.self, forKey: .maxNumOrderLists))
        default: self = .unknown(type)
        }
    }
}
