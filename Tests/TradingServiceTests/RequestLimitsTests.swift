import Testing
import TradingCore

@testable import TradingService

/// The limits as a pure state machine: windows aligned to their interval, per client and per account,
/// refusals not counted, Binance's codes, messages, headers and `Retry-After`.
struct RequestLimitsTests {
    static let minute: Int64 = 1_700_000_040_000  // on a minute boundary

    static func limits() throws -> RequestLimits {
        try RequestLimits([
            RateLimit(rateLimitType: "REQUEST_WEIGHT", interval: "MINUTE", intervalNum: 1, limit: 30),
            RateLimit(rateLimitType: "ORDERS", interval: "SECOND", intervalNum: 10, limit: 2),
            RateLimit(rateLimitType: "RAW_REQUESTS", interval: "MINUTE", intervalNum: 5, limit: 100),
        ])
    }

    @Test func weightIsCountedPerClientAndRefusedPastTheLimit() throws {
        var limits = try Self.limits()
        let first = limits.admitRequest(client: "10.0.0.1", weight: 20, nowMillis: Self.minute + 1_000)
        #expect(first.refusal == nil)
        #expect(first.headers == [RequestLimits.Header(name: "X-MBX-USED-WEIGHT-1M", value: "20")])
        let refused = limits.admitRequest(client: "10.0.0.1", weight: 20, nowMillis: Self.minute + 20_500)
        #expect(refused.refusal?.code == -1003)
        #expect(refused.refusal?.retryAfterSeconds == 40, "the window ends 39.5 s later: rounded up")
        #expect(refused.refusal?.message.hasPrefix("Too much request weight used; current limit is 30") == true)
        #expect(refused.headers.first?.value == "20", "a refused request is not counted")
        let other = limits.admitRequest(client: "10.0.0.2", weight: 20, nowMillis: Self.minute + 21_000)
        #expect(other.refusal == nil, "another client has its own window")
        let nextWindow = limits.admitRequest(client: "10.0.0.1", weight: 20, nowMillis: Self.minute + 60_000)
        #expect(nextWindow.refusal == nil)
        #expect(nextWindow.headers.first?.value == "20")
    }

    @Test func ordersAreCountedPerAccount() throws {
        var limits = try Self.limits()
        #expect(limits.admitOrder(account: 1, nowMillis: Self.minute).headers.first?.value == "1")
        let second = limits.admitOrder(account: 1, nowMillis: Self.minute + 1)
        #expect(second.headers == [RequestLimits.Header(name: "X-MBX-ORDER-COUNT-10S", value: "2")])
        let third = limits.admitOrder(account: 1, nowMillis: Self.minute + 2)
        #expect(third.refusal?.code == -1015)
        #expect(third.refusal?.message == "Too many new orders; current limit is 2 orders per 10 SECOND.")
        #expect(third.refusal?.retryAfterSeconds == 10)
        #expect(limits.admitOrder(account: 2, nowMillis: Self.minute + 3).refusal == nil)
        #expect(limits.admitOrder(account: 1, nowMillis: Self.minute + 10_000).refusal == nil)
    }

    @Test func rawRequestsCountOnePerRequest() throws {
        var limits = try RequestLimits([
            RateLimit(rateLimitType: "RAW_REQUESTS", interval: "SECOND", intervalNum: 1, limit: 2)
        ])
        #expect(limits.admitRequest(client: "a", weight: 50, nowMillis: Self.minute).refusal == nil)
        #expect(limits.admitRequest(client: "a", weight: 50, nowMillis: Self.minute).refusal == nil)
        #expect(limits.admitRequest(client: "a", weight: 1, nowMillis: Self.minute).refusal?.code == -1003)
        #expect(limits.admitRequest(client: "a", weight: 1, nowMillis: Self.minute).headers.isEmpty)
    }

    @Test func anUnknownRuleIsRefusedWhenConfigured() {
        #expect(throws: ServiceError.self) {
            try RequestLimits([RateLimit(rateLimitType: "REQUEST_WEIGHT", interval: "WEEK", intervalNum: 1, limit: 1)])
        }
        #expect(throws: ServiceError.self) {
            try RequestLimits([RateLimit(rateLimitType: "CONNECTIONS", interval: "MINUTE", intervalNum: 1, limit: 1)])
        }
    }
}
