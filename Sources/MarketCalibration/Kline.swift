/// One candle of a kline (candlestick) file.
public struct Kline: Hashable, Sendable {
    /// Open time in microseconds since the Unix epoch.
    public let openTimeMicros: Int64
    /// Open price.
    public let open: Double
    /// High price.
    public let high: Double
    /// Low price.
    public let low: Double
    /// Close price.
    public let close: Double
    /// Base volume.
    public let volume: Double
    /// Number of trades.
    public let tradeCount: Int
    /// Base volume bought by takers.
    public let takerBuyVolume: Double
}
