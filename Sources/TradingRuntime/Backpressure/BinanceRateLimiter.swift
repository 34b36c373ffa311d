/// Client-side enforcement of Binance's rate limits, driven by the exchange's own usage headers and adapting
/// (AIMD) to throttling.
///
/// Each ``RateLimitRule`` gets a fixed window aligned to its interval. Before a request, ``acquire(weight:orders:nowMillis:)``
/// checks every rule the request counts against (REQUEST_WEIGHT by its weight, RAW_REQUESTS by one, ORDERS by
/// the number of new orders) and either admits it, counting it in every window, or says how long to wait.
///
/// Feed-forward: ``record(status:headers:nowMillis:)`` raises the count of the current window to what
/// `X-MBX-USED-WEIGHT-*` and `X-MBX-ORDER-COUNT-*` report (they include other clients on the same IP or account). Feedback (AIMD):
/// each rule admits only `budgetFraction` of its limit; a 429 or 418 halves every fraction (down to
/// `minimumFraction`) and stops all requests for `Retry-After` seconds (418 is a ban: also reported as such),
/// and every window that ends without throttling adds `additiveIncrease` back, up to `initialFraction`.
public struct BinanceRateLimiter: Sendable {
    private struct Window: Sendable {
        let rule: RateLimitRule
        var start: Int64 = .min
        var used = 0
        var budgetFraction: Double
        var throttledInWindow = false
    }

    /// Why a request must wait.
    public enum WaitReason: Hashable, Sendable {
        /// This rule's budget for the current window is spent.
        case limit(RateLimitRule)
        /// A 429 asked to back off (`Retry-After`).
        case backoff
        /// A 418: the IP is banned.
        case banned
    }

    /// The answer to "may I send this request now?".
    public enum Decision: Hashable, Sendable {
        /// Send it; it has been counted.
        case allowed
        /// Do not send before `untilMillis`.
        case wait(untilMillis: Int64, reason: WaitReason)
        /// The request alone exceeds a rule's whole limit: it can never be sent as is.
        case exceedsLimit(RateLimitRule)
    }

    private var windows: [Window]
    private var blockedUntilMillis: Int64 = .min
    private var bannedUntilMillis: Int64 = .min
    /// The fraction of each limit admitted at first, and the ceiling of the additive increase.
    public let initialFraction: Double
    /// The floor of the multiplicative decrease.
    public let minimumFraction: Double
    /// The fraction added back after each window without throttling.
    public let additiveIncrease: Double
    /// The factor applied on a 429 or 418.
    public let multiplicativeDecrease: Double
    /// 429 answers seen.
    public private(set) var throttleCount = 0
    /// 418 answers seen.
    public private(set) var banCount = 0

    /// Creates a limiter.
    /// - Parameters:
    ///   - rules: the limits, from exchangeInfo (``RateLimitRule/binanceSpot`` by default).
    ///   - initialFraction: the share of each limit used at first (a margin for other clients on the IP).
    ///   - minimumFraction: the floor after repeated throttling.
    ///   - additiveIncrease: added back to the fraction per window that ends without throttling.
    ///   - multiplicativeDecrease: the factor applied on 429/418.
    public init(
        rules: [RateLimitRule] = RateLimitRule.binanceSpot,
        initialFraction: Double = 0.9,
        minimumFraction: Double = 0.1,
        additiveIncrease: Double = 0.05,
        multiplicativeDecrease: Double = 0.5
    ) {
        precondition(0 < minimumFraction && minimumFraction <= initialFraction && initialFraction <= 1)
        precondition(0 < multiplicativeDecrease && multiplicativeDecrease < 1 && additiveIncrease >= 0)
        windows = rules.map { Window(rule: $0, budgetFraction: initialFraction) }
        self.initialFraction = initialFraction
        self.minimumFraction = minimumFraction
        self.additiveIncrease = additiveIncrease
        self.multiplicativeDecrease = multiplicativeDecrease
    }

    /// Asks to send a request.
    /// - Parameters:
    ///   - weight: the endpoint's request weight (1 for an order).
    ///   - orders: how many new orders the request places (0 for a query, 1 for an order, 2–3 for order lists).
    ///   - nowMillis: the current time in ms since the epoch (the server's clock, as estimated).
    /// - Returns: `.allowed` (and the request is counted), or when to try again.
    public mutating func acquire(weight: Int, orders: Int = 0, nowMillis: Int64) -> Decision {
        if nowMillis < bannedUntilMillis { return .wait(untilMillis: bannedUntilMillis, reason: .banned) }
        if nowMillis < blockedUntilMillis { return .wait(untilMillis: blockedUntilMillis, reason: .backoff) }
        var earliest: (Int64, RateLimitRule)?
        for index in windows.indices {
            roll(index, nowMillis: nowMillis)
            let window = windows[index]
            let cost = Self.cost(of: window.rule, weight: weight, orders: orders)
            guard cost > 0 else { continue }
            let budget = Self.budget(window)
            if cost > window.rule.limit { return .exceedsLimit(window.rule) }
            if window.used + cost > budget {
                let end = window.start + window.rule.windowMillis
                if earliest == nil || end > earliest!.0 { earliest = (end, window.rule) }
            }
        }
        if let (until, rule) = earliest { return .wait(untilMillis: until, reason: .limit(rule)) }
        for index in windows.indices {
            windows[index].used += Self.cost(of: windows[index].rule, weight: weight, orders: orders)
        }
        return .allowed
    }

    /// Learns from a response.
    /// - Parameters:
    ///   - status: the HTTP status (429 and 418 throttle; others only carry headers).
    ///   - headers: the response headers (name, value); usage headers replace the local counts.
    ///   - nowMillis: the current time in ms since the epoch.
    public mutating func record(status: Int, headers: [(name: String, value: String)], nowMillis: Int64) {
        for header in headers {
            guard let usage = RateLimitHeader(name: header.name, value: header.value) else { continue }
            for index in windows.indices where usage.reports(windows[index].rule) {
                roll(index, nowMillis: nowMillis)
                // The header counts every client on the IP or account; local requests still in flight are not in
                // it yet, so the larger of the two is the safe count.
                windows[index].used = Swift.max(windows[index].used, usage.used)
            }
        }
        guard status == 429 || status == 418 else { return }
        let retryAfter = headers.first { $0.name.lowercased() == "retry-after" }
            .flatMap { Int64($0.value.drop(while: { $0 == " " })) }
        for index in windows.indices {
            roll(index, nowMillis: nowMillis)
            windows[index].throttledInWindow = true
            windows[index].budgetFraction = Swift.max(
                minimumFraction,
                windows[index].budgetFraction * multiplicativeDecrease
            )
        }
        // Without Retry-After, wait for the shortest window to end (the doc's "next interval boundary").
        let fallback = windows.map { $0.start + $0.rule.windowMillis }.min() ?? nowMillis + 1000
        // Binance's bans last at most 3 days; a larger (or malformed huge) Retry-After is clamped to that.
        let until = retryAfter.map { nowMillis + Swift.min(Swift.max(0, $0), 3 * 86_400) * 1000 } ?? fallback
        if status == 418 {
            banCount += 1
            bannedUntilMillis = Swift.max(bannedUntilMillis, until)
        } else {
            throttleCount += 1
            blockedUntilMillis = Swift.max(blockedUntilMillis, until)
        }
    }

    /// The state of each rule's current window: (rule, used, budget).
    public func usage() -> [(rule: RateLimitRule, used: Int, budget: Int)] {
        windows.map { ($0.rule, $0.used, Self.budget($0)) }
    }

    /// Whether the IP is banned at `nowMillis`.
    public func isBanned(nowMillis: Int64) -> Bool { nowMillis < bannedUntilMillis }

    private mutating func roll(_ index: Int, nowMillis: Int64) {
        let length = windows[index].rule.windowMillis
        let start = nowMillis - ((nowMillis % length) + length) % length
        guard start != windows[index].start else { return }
        if windows[index].start != .min && !windows[index].throttledInWindow {
            windows[index].budgetFraction = Swift.min(initialFraction, windows[index].budgetFraction + additiveIncrease)
        }
        windows[index].start = start
        windows[index].used = 0
        windows[index].throttledInWindow = false
    }

    private static func budget(_ window: Window) -> Int {
        Swift.max(1, Int(Double(window.rule.limit) * window.budgetFraction))
    }

    private static func cost(of rule: RateLimitRule, weight: Int, orders: Int) -> Int {
        switch rule.rateLimitType {
        case .requestWeight: weight
        case .rawRequests: 1
        case .orders: orders
        }
    }
}
