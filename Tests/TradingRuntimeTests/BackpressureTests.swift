import Foundation
import Testing
import TradingRuntime

@Suite struct BackpressureTests {
    @Test func queuePoliciesWhenFull() {
        var oldest = BoundedQueue<Int>(capacity: 2, policy: .dropOldest)
        #expect(oldest.offer(1) == .enqueued)
        #expect(oldest.offer(2) == .enqueued)
        #expect(oldest.offer(3) == .droppedOldest(1))
        #expect(oldest.take() == 2 && oldest.take() == 3 && oldest.take() == nil)
        #expect(oldest.droppedCount == 1)

        var newest = BoundedQueue<Int>(capacity: 2, policy: .dropNewest)
        _ = newest.offer(1)
        _ = newest.offer(2)
        #expect(newest.offer(3) == .droppedNewest)
        #expect(newest.take() == 1 && newest.take() == 2)

        var reject = BoundedQueue<Int>(capacity: 1, policy: .reject)
        _ = reject.offer(1)
        #expect(reject.offer(2) == .rejected(2))
        #expect(reject.rejectedCount == 1 && reject.first == 1)
    }

    @Test func queueWrapsAroundInFIFOOrder() {
        var queue = BoundedQueue<Int>(capacity: 3, policy: .reject)
        var expected: [Int] = []
        var taken: [Int] = []
        for value in 0..<100 {
            if queue.offer(value).wasEnqueued { expected.append(value) }
            if value % 3 == 0, let first = queue.take() { taken.append(first) }
        }
        while let first = queue.take() { taken.append(first) }
        #expect(taken == expected)
    }

    @Test func blockingQueueTimesOutThenAcceptsWhenRoomAppears() {
        let queue = BlockingBoundedQueue<Int>(capacity: 1, policy: .blockWithTimeout(.milliseconds(20)))
        #expect(queue.offer(1) == .enqueued)
        #expect(queue.offer(2) == .rejected(2))  // nobody takes: times out
        #expect(queue.rejectedCount == 1)
        let consumer = Thread {
            Thread.sleep(forTimeInterval: 0.05)
            _ = queue.take()
        }
        let blocking = BlockingBoundedQueue<Int>(capacity: 1, policy: .blockWithTimeout(.seconds(10)))
        _ = blocking.offer(0)
        let drainer = Thread {
            Thread.sleep(forTimeInterval: 0.05)
            _ = blocking.take()
        }
        consumer.start()
        drainer.start()
        #expect(blocking.offer(1) == .enqueued)  // woken by the drainer long before 10 s
        #expect(blocking.take(waitingUpTo: .milliseconds(10)) == 1)
        #expect(blocking.take(waitingUpTo: .milliseconds(10)) == nil)
    }

    /// Producers and consumers on real threads: every element is delivered exactly once.
    @Test func blockingQueueDeliversEverythingAcrossThreads() {
        let queue = BlockingBoundedQueue<Int>(capacity: 8, policy: .blockWithTimeout(.seconds(30)))
        let producers = 4
        let perProducer = 5_000
        let received = Collected()
        let done = DispatchGroup()
        for producer in 0..<producers {
            done.enter()
            Thread {
                for index in 0..<perProducer { _ = queue.offer(producer * perProducer + index) }
                done.leave()
            }.start()
        }
        for _ in 0..<2 {
            done.enter()
            Thread {
                var local: [Int] = []
                while let value = queue.take(waitingUpTo: .milliseconds(500)) { local.append(value) }
                received.append(local)
                done.leave()
            }.start()
        }
        done.wait()
        let all = received.all
        #expect(all.count == producers * perProducer)
        #expect(Set(all).count == producers * perProducer)
        #expect(queue.rejectedCount == 0)
    }

    @Test func tokenBucketRefillsExactly() {
        var bucket = TokenBucket(capacity: 10, refillPerSecond: 5, nowNanos: 0)
        let burst = bucket.tryConsume(10, nowNanos: 0)
        let emptied = bucket.tryConsume(1, nowNanos: 0)
        #expect(burst && !emptied)
        #expect(bucket.nanosUntilAvailable(1, nowNanos: 0) == 200_000_000)
        let early = bucket.tryConsume(1, nowNanos: 199_999_999)
        let onTime = bucket.tryConsume(1, nowNanos: 200_000_000)
        #expect(!early && onTime)
        #expect(bucket.available(nowNanos: 10_000_000_000) == 10)  // capped at capacity
        #expect(bucket.nanosUntilAvailable(11, nowNanos: 10_000_000_000) == nil)
        let tooMany = bucket.tryConsume(11, nowNanos: 10_000_000_000)
        #expect(!tooMany)
    }

    @Test func usageHeadersParse() throws {
        let weight = try #require(RateLimitHeader(name: "x-mbx-used-weight-1m", value: "1234"))
        #expect(weight.kind == .requestWeight && weight.interval == .minute && weight.intervalNum == 1)
        #expect(weight.used == 1234)
        let orders = try #require(RateLimitHeader(name: "X-MBX-ORDER-COUNT-10S", value: "7"))
        #expect(orders.reports(RateLimitRule.binanceSpot[1]))
        #expect(!orders.reports(RateLimitRule.binanceSpot[2]))
        #expect(RateLimitHeader(name: "X-MBX-USED-WEIGHT", value: "1") == nil)
        #expect(RateLimitHeader(name: "X-MBX-USED-WEIGHT-1X", value: "1") == nil)
        #expect(RateLimitHeader(name: "X-MBX-USED-WEIGHT-0M", value: "1") == nil)
        #expect(RateLimitHeader(name: "X-MBX-USED-WEIGHT-1M", value: "-3") == nil)
        #expect(RateLimitHeader(name: "Content-Type", value: "1") == nil)
        #expect(RateLimitRule.binanceSpot.map(\.headerSuffix) == ["1M", "10S", "1D", "5M"])
    }

    @Test func limiterEnforcesOrderWindowAndAlignsToBoundaries() {
        var limiter = BinanceRateLimiter(initialFraction: 1.0)
        let start: Int64 = 1_700_000_000_000  // a multiple of 10 s
        for index in 0..<50 {
            #expect(limiter.acquire(weight: 1, orders: 1, nowMillis: start + Int64(index)) == .allowed)
        }
        let ordersRule = RateLimitRule.binanceSpot[1]
        #expect(
            limiter.acquire(weight: 1, orders: 1, nowMillis: start + 100)
                == .wait(untilMillis: start + 10_000, reason: .limit(ordersRule))
        )
        #expect(limiter.acquire(weight: 4, nowMillis: start + 100) == .allowed)  // queries are not orders
        #expect(limiter.acquire(weight: 1, orders: 1, nowMillis: start + 10_000) == .allowed)
        #expect(
            limiter.acquire(weight: 7_000, nowMillis: start + 10_001) == .exceedsLimit(RateLimitRule.binanceSpot[0])
        )
    }

    @Test func limiterFollowsUsageHeaders() {
        var limiter = BinanceRateLimiter(initialFraction: 1.0)
        let now: Int64 = 1_700_000_040_000
        limiter.record(status: 200, headers: [("X-MBX-USED-WEIGHT-1M", "5990")], nowMillis: now)
        #expect(limiter.acquire(weight: 10, nowMillis: now + 1) == .allowed)
        guard case .wait(let until, .limit(let rule)) = limiter.acquire(weight: 1, nowMillis: now + 2) else {
            Issue.record("expected a wait for the weight window")
            return
        }
        #expect(rule.rateLimitType == .requestWeight)
        #expect(until == now + 60_000)  // `now` is a minute boundary
    }

    @Test func limiterBacksOffOn429AndRecoversAdditively() {
        var limiter = BinanceRateLimiter(initialFraction: 0.8, additiveIncrease: 0.1, multiplicativeDecrease: 0.5)
        let now: Int64 = 1_700_000_000_000
        #expect(limiter.acquire(weight: 1, nowMillis: now) == .allowed)
        limiter.record(status: 429, headers: [("Retry-After", "3")], nowMillis: now + 10)
        #expect(limiter.acquire(weight: 1, nowMillis: now + 20) == .wait(untilMillis: now + 3_010, reason: .backoff))
        #expect(limiter.usage()[0].budget == 2400)  // 6000 × 0.8 × 0.5
        #expect(limiter.acquire(weight: 1, nowMillis: now + 3_010) == .allowed)
        // The next minute ends without throttling: +0.1.
        _ = limiter.acquire(weight: 1, nowMillis: now + 60_000)
        _ = limiter.acquire(weight: 1, nowMillis: now + 120_000)
        // The minute of the 429 was throttled (no increase); the one after was clean: 0.4 + 0.1.
        #expect(limiter.usage()[0].budget == 3000)
        #expect(limiter.throttleCount == 1)
    }

    @Test func limiterStopsOnBan() {
        var limiter = BinanceRateLimiter()
        let now: Int64 = 1_700_000_000_000
        limiter.record(status: 418, headers: [("Retry-After", "120")], nowMillis: now)
        #expect(limiter.isBanned(nowMillis: now + 119_999))
        #expect(limiter.acquire(weight: 1, nowMillis: now + 1) == .wait(untilMillis: now + 120_000, reason: .banned))
        #expect(limiter.acquire(weight: 1, nowMillis: now + 120_000) == .allowed)
        #expect(limiter.banCount == 1)
        // A huge Retry-After (malformed or hostile) is clamped to Binance's longest ban, 3 days, without a trap.
        limiter.record(status: 418, headers: [("retry-after", "9223372036854775807")], nowMillis: now)
        #expect(limiter.isBanned(nowMillis: now + 3 * 86_400_000 - 1))
        #expect(!limiter.isBanned(nowMillis: now + 3 * 86_400_000))
    }
}

/// Results collected from several threads (NSLock: ThreadSanitizer sees it; see `Ledger`).
final class Collected: @unchecked Sendable {
    // @unchecked: `values` is only touched with `lock` held.
    private let lock = NSLock()
    private var values: [Int] = []

    func append(_ more: [Int]) { lock.withLock { values += more } }
    var all: [Int] { lock.withLock { values } }
}
