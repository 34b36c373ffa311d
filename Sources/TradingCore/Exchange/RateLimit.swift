/// One entry of exchangeInfo's `rateLimits`.
public struct RateLimit: Sendable, Hashable, Decodable {
    /// REQUEST_WEIGHT, ORDERS or RAW_REQUESTS.
    public var rateLimitType: String
    /// SECOND, MINUTE, HOUR or DAY.
    public var interval: String
    /// How many intervals the window spans.
    public var intervalNum: Int
    /// The limit within the window.
    public var limit: Int

    /// Creates an entry.
    public init(rateLimitType: String, interval: String, intervalNum: Int, limit: Int) {
        self.rateLimitType = rateLimitType
        self.interval = interval
        self.intervalNum = intervalNum
        self.limit = limit
    }
}
