/// One of Binance's rate limits, as `exchangeInfo.rateLimits[]` lists it.
///
/// For example `{"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 6000}`.
/// Counters run over fixed windows aligned to the interval (Bot4's model, ours: Binance's own usage headers
/// reset at the interval boundary).
public struct RateLimitRule: Hashable, Sendable, Codable {
    /// What a limit counts.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// The sum of the endpoints' weights, per IP (header `X-MBX-USED-WEIGHT-…`).
        case requestWeight = "REQUEST_WEIGHT"
        /// New orders, per account (header `X-MBX-ORDER-COUNT-…`).
        case orders = "ORDERS"
        /// Requests of any weight, per IP.
        case rawRequests = "RAW_REQUESTS"
    }

    /// The unit of a window.
    public enum Interval: String, Hashable, Sendable, Codable, CaseIterable {
        /// Seconds (header letter S).
        case second = "SECOND"
        /// Minutes (M).
        case minute = "MINUTE"
        /// Hours (H).
        case hour = "HOUR"
        /// Days (D).
        case day = "DAY"

        /// The letter Binance's headers use.
        public var letter: Character {
            switch self {
            case .second: "S"
            case .minute: "M"
            case .hour: "H"
            case .day: "D"
            }
        }

        /// The length of one unit in milliseconds.
        public var milliseconds: Int64 {
            switch self {
            case .second: 1000
            case .minute: 60_000
            case .hour: 3_600_000
            case .day: 86_400_000
            }
        }
    }

    /// What is counted.
    public let rateLimitType: Kind
    /// The window's unit.
    public let interval: Interval
    /// How many units the window spans.
    public let intervalNum: Int
    /// The most counted per window.
    public let limit: Int

    /// Creates a rule.
    public init(_ rateLimitType: Kind, interval: Interval, intervalNum: Int, limit: Int) {
        precondition(intervalNum > 0 && limit > 0, "a rate limit needs a positive window and limit")
        self.rateLimitType = rateLimitType
        self.interval = interval
        self.intervalNum = intervalNum
        self.limit = limit
    }

    /// The window length in milliseconds.
    public var windowMillis: Int64 { interval.milliseconds * Int64(intervalNum) }

    /// The suffix of this rule's usage header, e.g. `1M` for `X-MBX-USED-WEIGHT-1M`.
    public var headerSuffix: String { "\(intervalNum)\(interval.letter)" }

    /// The limits in Binance's spot exchangeInfo of 2023-09-08: REQUEST_WEIGHT 6,000/1 min, ORDERS 50/10 s,
    /// ORDERS 160,000/1 day, RAW_REQUESTS 61,000/5 min.
    public static let binanceSpot: [RateLimitRule] = [
        RateLimitRule(.requestWeight, interval: .minute, intervalNum: 1, limit: 6000),
        RateLimitRule(.orders, interval: .second, intervalNum: 10, limit: 50),
        RateLimitRule(.orders, interval: .day, intervalNum: 1, limit: 160_000),
        RateLimitRule(.rawRequests, interval: .minute, intervalNum: 5, limit: 61_000),
    ]
}
