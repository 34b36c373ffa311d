/// One trade of a trade tape.
public struct Trade: Hashable, Sendable {
    /// The exchange's trade id.
    public let id: Int64
    /// Price in quote currency.
    public let price: Double
    /// Quantity in base currency.
    public let quantity: Double
    /// Trade time in microseconds since the Unix epoch.
    public let timeMicros: Int64
    /// Whether the buyer was the maker (so the taker sold).
    public let isBuyerMaker: Bool
}
