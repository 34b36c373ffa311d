import TradingCore

/// Binance's request limits as the service enforces them, a pure state machine: requests and orders in,
/// a verdict and the usage headers out; the clock is a parameter.
///
/// Each rule of exchangeInfo's `rateLimits` counts in fixed windows aligned to its interval (a 1-minute
/// window starts on the minute): `REQUEST_WEIGHT` and `RAW_REQUESTS` per client address, `ORDERS` per account.
/// A request that would pass a limit is refused and not counted. Usage headers report the counts after the
/// request: `X-MBX-USED-WEIGHT-(n)(unit)` on every response, `X-MBX-ORDER-COUNT-(n)(unit)` on accepted orders.
public struct RequestLimits: Sendable {
    /// One limit.
    public struct Rule: Sendable, Hashable {
        /// What is counted.
        public enum Kind: String, Sendable, Hashable {
            /// Endpoint weights, per client address.
            case requestWeight = "REQUEST_WEIGHT"
            /// Requests, per client address.
            case rawRequests = "RAW_REQUESTS"
            /// New orders, per account.
            case orders = "ORDERS"
        }

        /// What is counted.
        public let kind: Kind
        /// Binance's interval name (`SECOND`, `MINUTE`, `HOUR`, `DAY`).
        public let interval: String
        /// How many intervals one window spans.
        public let intervalNum: Int
        /// The most counted within one window.
        public let limit: Int
        /// The window's length in ms.
        public let windowMillis: Int64

        /// `1M`, `10S`: the suffix of the usage header.
        public var headerSuffix: String { "\(intervalNum)\(interval.prefix(1))" }
    }

    /// A refusal: Binance's code and message, and when to try again.
    public struct Refusal: Sendable, Hashable {
        /// -1003 for request weight or requests, -1015 for orders.
        public let code: Int
        /// Binance's message naming the limit.
        public let message: String
        /// Seconds until the window that refused ends (at least 1).
        public let retryAfterSeconds: Int64
    }

    /// What one request or order gets.
    public struct Admission: Sendable, Hashable {
        /// Nil when admitted.
        public var refusal: Refusal?
        /// The usage headers to send, name and value.
        public var headers: [Header]
    }

    /// One usage header.
    public struct Header: Sendable, Hashable {
        /// Its name, e.g. `X-MBX-USED-WEIGHT-1M`.
        public let name: String
        /// Its value.
        public let value: String
    }

    private struct Counter: Sendable {
        var start: Int64
        var used: Int
    }

    /// The rules enforced.
    public let rules: [Rule]
    private var counters: [[String: Counter]]
    /// The most distinct clients or accounts one rule remembers before it forgets those whose window ended.
    private let pruneThreshold = 10_000

    /// The rules of exchangeInfo's `rateLimits`.
    /// - Throws: ``ServiceError/Code/invalidInput`` for an unknown type or interval, or a limit below 1.
    public init(_ rateLimits: [RateLimit]) throws(ServiceError) {
        let intervals: [String: Int64] = ["SECOND": 1_000, "MINUTE": 60_000, "HOUR": 3_600_000, "DAY": 86_400_000]
        rules = try rateLimits.map { limit throws(ServiceError) in
            guard let kind = Rule.Kind(rawValue: limit.rateLimitType), let unit = intervals[limit.interval],
                limit.intervalNum >= 1, limit.limit >= 1
            else {
                throw ServiceError(
                    .invalidInput,
                    "--exchange-info: unusable rate limit \(limit.rateLimitType) \(limit.intervalNum) \(limit.interval)"
                )
            }
            return Rule(
                kind: kind,
                interval: limit.interval,
                intervalNum: limit.intervalNum,
                limit: limit.limit,
                windowMillis: unit * Int64(limit.intervalNum)
            )
        }
        counters = Array(repeating: [:], count: rules.count)
    }

    /// Counts a request of `weight` from `client` against the request rules.
    public mutating func admitRequest(client: String, weight: Int, nowMillis: Int64) -> Admission {
        admit(key: client, kinds: [.requestWeight, .rawRequests], report: .requestWeight, nowMillis: nowMillis) {
            $0 == .requestWeight ? weight : 1
        }
    }

    /// Counts one new order of `account` against the order rules.
    public mutating func admitOrder(account: UInt64, nowMillis: Int64) -> Admission {
        admit(key: String(account), kinds: [.orders], report: .orders, nowMillis: nowMillis) { _ in 1 }
    }

    private mutating func admit(
        key: String,
        kinds: Set<Rule.Kind>,
        report: Rule.Kind,
        nowMillis: Int64,
        cost: (Rule.Kind) -> Int
    ) -> Admission {
        let indices = rules.indices.filter { kinds.contains(rules[$0].kind) }
        var refusal: Refusal?
        for index in indices {
            let rule = rules[index]
            let counter = current(index, key: key, nowMillis: nowMillis)
            if counter.used + cost(rule.kind) > rule.limit, refusal == nil {
                let remaining = counter.start + rule.windowMillis - nowMillis
                refusal = Refusal(
                    code: rule.kind == .orders ? -1015 : -1003,
                    message: Self.message(rule),
                    retryAfterSeconds: max(1, (remaining + 999) / 1_000)
                )
            }
        }
        if refusal == nil {
            for index in indices {
                var counter = current(index, key: key, nowMillis: nowMillis)
                counter.used += cost(rules[index].kind)
                counters[index][key] = counter
            }
        }
        let headers = indices.filter { rules[$0].kind == report }.map { index in
            Header(
                name: (report == .orders ? "X-MBX-ORDER-COUNT-" : "X-MBX-USED-WEIGHT-") + rules[index].headerSuffix,
                value: String(current(index, key: key, nowMillis: nowMillis).used)
            )
        }
        return Admission(refusal: refusal, headers: headers)
    }

    /// The key's counter in the window that holds `nowMillis` (a new window starts at zero).
    private mutating func current(_ index: Int, key: String, nowMillis: Int64) -> Counter {
        let window = rules[index].windowMillis
        let start = nowMillis - ((nowMillis % window) + window) % window
        if let counter = counters[index][key], counter.start == start { return counter }
        if counters[index].count >= pruneThreshold {
            counters[index] = counters[index].filter { $0.value.start == start }
        }
        return Counter(start: start, used: 0)
    }

    /// Binance's wording for the rule.
    private static func message(_ rule: Rule) -> String {
        switch rule.kind {
        case .orders:
            "Too many new orders; current limit is \(rule.limit) orders per \(rule.intervalNum) \(rule.interval)."
        case .requestWeight:
            "Too much request weight used; current limit is \(rule.limit) request weight per \(rule.intervalNum) "
                + "\(rule.interval). Please use WebSocket Streams for live updates to avoid polling the API."
        case .rawRequests:
            "Too many requests; current limit is \(rule.limit) requests per \(rule.intervalNum) \(rule.interval)."
        }
    }
}
