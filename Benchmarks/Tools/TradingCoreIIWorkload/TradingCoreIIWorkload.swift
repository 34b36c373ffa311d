import TradingCore
import TradingRuntime

/// A fixed, deterministic workload per trading-core component, for instruction counts under callgrind.
///
/// Usage: `TradingCoreIIWorkload <component> <operations>`. The gate script runs each component with N and 2N
/// operations and divides the difference of the instruction totals by N, so set-up and process start cancel
/// out. No clock and no system randomness are read: the inputs come from a fixed linear congruential sequence.
@main
struct TradingCoreIIWorkload {
    static let components: [String: @Sendable (Int) -> UInt64] = [
        "sequence-tracker": sequenceTracker,
        "event-stamper": eventStamper,
        "vector-clock": vectorClock,
        "idempotency-cache": idempotencyCache,
        "replay-guard": replayGuard,
        "timestamp-validator": timestampValidator,
        "bounded-queue": boundedQueue,
        "token-bucket": tokenBucket,
        "rate-limiter": rateLimiter,
        "object-pool": objectPool,
        "shared-object-pool": sharedObjectPool,
    ]

    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, let run = components[arguments[1]], let count = Int(arguments[2]), count > 0
        else {
            print("usage: TradingCoreIIWorkload <\(components.keys.sorted().joined(separator: "|"))> <operations>")
            exitWithUsage()
        }
        // Printing the checksum keeps the optimiser from removing the work.
        print("\(arguments[1]) \(count) checksum \(run(count))")
    }

    static func exitWithUsage() -> Never {
        fatalError("bad arguments")
    }

    /// A fixed pseudo-random sequence (Knuth's MMIX LCG).
    struct Sequence {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 17
        }
    }

    static func sequenceTracker(_ count: Int) -> UInt64 {
        var tracker = SequenceTracker()
        var random = Sequence()
        var checksum: UInt64 = 0
        var next: UInt64 = 1
        for _ in 0..<count {
            // Mostly in order, with an occasional skip and repeat.
            let roll = random.next() & 63
            let value = roll == 0 ? next + 2 : (roll == 1 ? next - 1 : next)
            if case .inOrder = tracker.observe(value) { checksum &+= 1 }
            next = tracker.expected
        }
        return checksum &+ tracker.lostCount
    }

    static func eventStamper(_ count: Int) -> UInt64 {
        var stamper = EventStamper()
        var checksum: UInt64 = 0
        for index in 0..<count {
            let event = stamper.stamp(index, on: index & 1 == 0 ? "orders" : "venue", wallClockMicros: Int64(index))
            checksum &+= event.lamport &+ event.sequence
        }
        return checksum
    }

    static func vectorClock(_ count: Int) -> UInt64 {
        var local = VectorClock(["engine": 1])
        var remote = VectorClock(["venue": 1, "risk": 1])
        var checksum: UInt64 = 0
        for index in 0..<count {
            remote.increment(index & 1 == 0 ? "venue" : "risk")
            local.receive(remote, on: "engine")
            if local.relation(to: remote) == .after { checksum &+= 1 }
        }
        return checksum
    }

    static func idempotencyCache(_ count: Int) -> UInt64 {
        var cache = IdempotencyCache<UInt64, UInt64>(capacity: 10_000, retention: 60_000)
        var random = Sequence()
        var checksum: UInt64 = 0
        for index in 0..<count {
            let now = UInt64(index / 10)
            // One in four requests is a retry of a recent id.
            let key = random.next() & 3 == 0 ? UInt64(index) &- (random.next() & 255) : UInt64(index)
            switch cache.begin(key, now: now) {
            case .proceed: cache.complete(key, outcome: key &* 3, now: now)
            case .duplicate(let outcome): checksum &+= outcome
            case .inFlight, .overloaded: checksum &+= 1
            }
        }
        return checksum &+ cache.evictedCount &+ cache.expiredCount
    }

    static func replayGuard(_ count: Int) -> UInt64 {
        let server: Int64 = 1_700_000_000_000_000
        var guardian = ReplayGuard<UInt64>(capacity: 40_000, serverMicros: server)
        var random = Sequence()
        var checksum: UInt64 = 0
        for index in 0..<count {
            let now = server + Int64(index) * 200
            let key = random.next() & 15 == 0 ? UInt64(index / 2) : UInt64(index)
            if guardian.check(key, timestamp: BinanceTimestamp(microseconds: now - 1_000), serverMicros: now)
                == .accepted
            {
                checksum &+= 1
            }
        }
        return checksum
    }

    static func timestampValidator(_ count: Int) -> UInt64 {
        let validator = TimestampValidator()
        let server: Int64 = 1_700_000_000_000_000
        var random = Sequence()
        var checksum: UInt64 = 0
        for _ in 0..<count {
            let skew = Int64(random.next() % 8_000_000) - 6_000_000
            let stamp = BinanceTimestamp(microseconds: server + skew)
            if validator.validate(stamp, recvWindow: .default, serverMicros: server) == .accepted { checksum &+= 1 }
        }
        return checksum
    }

    static func boundedQueue(_ count: Int) -> UInt64 {
        var queue = BoundedQueue<UInt64>(capacity: 1_024, policy: .dropOldest)
        var random = Sequence()
        var checksum: UInt64 = 0
        for index in 0..<count {
            _ = queue.offer(UInt64(index))
            if random.next() & 1 == 0, let value = queue.take() { checksum &+= value }
        }
        return checksum &+ queue.droppedCount
    }

    static func tokenBucket(_ count: Int) -> UInt64 {
        var bucket = TokenBucket(capacity: 100, refillPerSecond: 10_000, nowNanos: 0)
        var checksum: UInt64 = 0
        for index in 0..<count where bucket.tryConsume(nowNanos: UInt64(index) * 50_000) {
            checksum &+= 1
        }
        return checksum
    }

    static func rateLimiter(_ count: Int) -> UInt64 {
        var limiter = BinanceRateLimiter()
        var checksum: UInt64 = 0
        for index in 0..<count {
            let now = 1_700_000_000_000 + Int64(index / 10)
            if limiter.acquire(weight: 1, orders: index & 63 == 0 ? 1 : 0, nowMillis: now) == .allowed {
                checksum &+= 1
            }
        }
        return checksum
    }

    static func objectPool(_ count: Int) -> UInt64 {
        let pool = ObjectPool(capacity: 10_000) { UInt64($0) }
        var checksum: UInt64 = 0
        for _ in 0..<count {
            let handle = pool.acquire()!
            checksum &+= pool[handle]
            pool.release(handle)
        }
        return checksum
    }

    static func sharedObjectPool(_ count: Int) -> UInt64 {
        let pool = SharedObjectPool(capacity: 10_000) { UInt64($0) }
        var checksum: UInt64 = 0
        for _ in 0..<count {
            let handle = pool.acquire()!
            checksum &+= pool.withObject(handle) { $0 }
            pool.release(handle)
        }
        return checksum
    }
}
