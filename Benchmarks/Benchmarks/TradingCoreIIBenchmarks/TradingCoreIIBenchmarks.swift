import Benchmark
import Foundation
import TradingCore
import TradingRuntime

/// The trading core's machinery, each component on its hot path: event ordering, the idempotency cache and its
/// timing wheel, timestamp checks, the replay guard, bounded queues, the token bucket, the rate limiter and the
/// object pools (10k, 100k and 1M objects). Every benchmark runs 1,000 operations per sample (`.kilo`), so the
/// reported times are per operation and the exported histograms (`--format histogramEncoded`) hold the time of
/// 1,000 operations per sample; `scripts/p999-gate.sh` reads their p99 and p99.9.
let benchmarks: @Sendable () -> Void = {
    let short = ProcessInfo.processInfo.environment["BOT4_BENCH_SHORT"] != nil
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(short ? 1 : 3),
        maxIterations: short ? 2_000 : 20_000
    )

    // MARK: Ordering

    Benchmark("Ordering SequenceTracker observe", configuration: configuration) { benchmark in
        var tracker = SequenceTracker()
        var next: UInt64 = 1
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(tracker.observe(next))
            next &+= 1
        }
    }

    Benchmark("Ordering EventStamper stamp", configuration: configuration) { benchmark in
        var stamper = EventStamper()
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            blackHole(stamper.stamp(index, on: "orders", wallClockMicros: Int64(index)))
        }
    }

    Benchmark("Ordering VectorClock receive 3 nodes", configuration: configuration) { benchmark in
        var local = VectorClock(["engine": 10, "venue": 4])
        let remote = VectorClock(["engine": 9, "venue": 7, "risk": 2])
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            local.receive(remote, on: "engine")
            blackHole(local.relation(to: remote))
        }
    }

    // MARK: Idempotency

    let cache = Lazy { () -> IdempotencyCache<Int, Int> in
        var cache = IdempotencyCache<Int, Int>(capacity: 100_000, retention: 60_000)
        for key in 0..<100_000 {
            _ = cache.begin(key, now: 0)
            cache.complete(key, outcome: key, now: 0)
        }
        return cache
    }
    let cacheClock = Lazy { Counter() }
    Benchmark("Idempotency begin+complete new id (100k, full)", configuration: configuration) { benchmark in
        let clock = cacheClock.value
        for _ in benchmark.scaledIterations {
            clock.value &+= 1
            let key = 1_000_000 + clock.value
            let now = UInt64(clock.value / 100)  // 100 orders per millisecond
            blackHole(cache.value.begin(key, now: now))
            cache.value.complete(key, outcome: key, now: now)
        }
    }

    let duplicates = Lazy { () -> IdempotencyCache<Int, Int> in
        var cache = IdempotencyCache<Int, Int>(capacity: 100_000, retention: UInt64.max / 2)
        for key in 0..<100_000 {
            _ = cache.begin(key, now: 0)
            cache.complete(key, outcome: key, now: 0)
        }
        return cache
    }
    let keys = (0..<4_096).map { _ in Int.random(in: 0..<100_000) }
    Benchmark("Idempotency duplicate lookup (100k)", configuration: configuration) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(duplicates.value.begin(keys[index & 4_095], now: 1))
        }
    }

    let wheel = Lazy { TimingWheel(capacity: 1_024) }
    Benchmark("Idempotency TimingWheel schedule+cancel", configuration: configuration) { benchmark in
        for index in benchmark.scaledIterations {
            let handle = index & 1_023
            wheel.value.schedule(handle, at: wheel.value.now + 60_000)
            wheel.value.cancel(handle)
        }
    }

    // MARK: Timing

    let server: Int64 = 1_700_000_000_000_000
    Benchmark("Timing TimestampValidator validate", configuration: configuration) { benchmark in
        let validator = TimestampValidator()
        for index in benchmark.scaledIterations {
            let stamp = BinanceTimestamp(milliseconds: server / 1000 - Int64(index))
            blackHole(validator.validate(stamp, recvWindow: .default, serverMicros: server))
        }
    }

    let replay = Lazy { ReplayGuard<Int>(capacity: 300_000, serverMicros: 1_700_000_000_000_000) }
    let replayClock = Lazy { Counter() }
    Benchmark("Timing ReplayGuard check (5k req/s)", configuration: configuration) { benchmark in
        let clock = replayClock.value
        for _ in benchmark.scaledIterations {
            clock.value &+= 1
            let now = server + Int64(clock.value) * 200  // one request every 200 µs
            let stamp = BinanceTimestamp(microseconds: now - 1_000)
            blackHole(replay.value.check(clock.value, timestamp: stamp, serverMicros: now))
        }
    }

    Benchmark("Timing ClockOffsetEstimator add+estimate", configuration: configuration) { benchmark in
        var estimator = ClockOffsetEstimator(window: 8)
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            let sent = Int64(index) * 1_000_000
            let sample = ClockOffsetEstimator.Sample(
                sentMicros: sent,
                serverMicros: sent + 40_000 + Int64(index & 7) * 100,
                receivedMicros: sent + 2_000 + Int64(index & 3) * 300
            )
            estimator.add(sample)
            blackHole(estimator.estimate)
        }
    }

    // MARK: Backpressure

    Benchmark("Backpressure BoundedQueue offer+take", configuration: configuration) { benchmark in
        var queue = BoundedQueue<Int>(capacity: 1_024, policy: .dropOldest)
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            blackHole(queue.offer(index))
            if index & 1 == 0 { blackHole(queue.take()) }
        }
    }

    let blocking = Lazy { BlockingBoundedQueue<Int>(capacity: 1_024, policy: .reject) }
    Benchmark("Backpressure BlockingBoundedQueue offer+take", configuration: configuration) { benchmark in
        let queue = blocking.value
        for index in benchmark.scaledIterations {
            blackHole(queue.offer(index))
            blackHole(queue.take())
        }
    }

    let bucketClock = Lazy { Counter() }
    Benchmark("Backpressure TokenBucket tryConsume", configuration: configuration) { benchmark in
        var bucket = TokenBucket(capacity: 100, refillPerSecond: 10_000, nowNanos: 0)
        let clock = bucketClock.value
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            clock.value &+= 50_000
            blackHole(bucket.tryConsume(nowNanos: UInt64(clock.value)))
        }
    }

    let limiter = Lazy { BinanceRateLimiter() }
    let limiterClock = Lazy { Counter() }
    Benchmark("Backpressure BinanceRateLimiter acquire", configuration: configuration) { benchmark in
        let clock = limiterClock.value
        for _ in benchmark.scaledIterations {
            clock.value &+= 1
            let now = 1_700_000_000_000 + Int64(clock.value / 10)  // ten requests per millisecond
            blackHole(limiter.value.acquire(weight: 1, orders: clock.value & 63 == 0 ? 1 : 0, nowMillis: now))
        }
    }

    // MARK: Pools

    for capacity in [10_000, 100_000, 1_000_000] {
        let label = capacity >= 1_000_000 ? "\(capacity / 1_000_000)M" : "\(capacity / 1_000)k"
        let pool = Lazy { () -> ObjectPool<PooledOrder> in
            let pool = ObjectPool(capacity: capacity) { PooledOrder(slot: $0) }
            // Half the pool is out, released in random order, so the free list is shuffled like in a long run.
            var held = (0..<capacity / 2).compactMap { _ in pool.acquire() }
            held.shuffle()
            for handle in held.prefix(capacity / 4) { pool.release(handle) }
            return pool
        }
        Benchmark("Pools ObjectPool acquire+release \(label)", configuration: configuration) { benchmark in
            let pool = pool.value
            for _ in benchmark.scaledIterations {
                let handle = pool.acquire()!
                pool.release(handle)
            }
        }
        let churn = Lazy { () -> ChurnState in
            let pool = ObjectPool(capacity: capacity) { PooledOrder(slot: $0) }
            var held = (0..<capacity / 2).compactMap { _ in pool.acquire() }
            held.shuffle()
            return ChurnState(pool: pool, held: held)
        }
        Benchmark("Pools ObjectPool churn random slot \(label)", configuration: configuration) { benchmark in
            let state = churn.value
            for _ in benchmark.scaledIterations {
                // Release a random held object and take a fresh one into its place in the held set.
                let position = state.cursor % state.held.count
                state.cursor &+= 7_919
                state.pool.release(state.held[position])
                let handle = state.pool.acquire()!
                state.held[position] = handle
                state.pool[handle].quantity &+= 1
            }
        }
        let shared = Lazy { SharedObjectPool(capacity: capacity) { PooledOrder(slot: $0) } }
        Benchmark("Pools SharedObjectPool acquire+release \(label)", configuration: configuration) { benchmark in
            let pool = shared.value
            for _ in benchmark.scaledIterations {
                let handle = pool.acquire()!
                pool.release(handle)
            }
        }
    }

    Benchmark("Pools baseline class alloc+free", configuration: configuration) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(PooledOrderObject(slot: index))
        }
    }

    Benchmark(
        "Pools ObjectPool preallocate 1M",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
            scalingFactor: .one,
            maxDuration: .seconds(short ? 1 : 5),
            maxIterations: short ? 3 : 20
        )
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ObjectPool(capacity: 1_000_000) { PooledOrder(slot: $0) })
        }
    }
}

/// A pooled order record: the shape the order path keeps per live order (64 bytes).
struct PooledOrder {
    var orderID: UInt64
    var clientOrderHash: UInt64 = 0
    var price: Int64 = 0
    var quantity: Int64 = 0
    var executed: Int64 = 0
    var timestampMicros: Int64 = 0
    var status: UInt32 = 0
    var flags: UInt32 = 0
    var symbolIndex: UInt64 = 0

    init(slot: Int) { orderID = UInt64(slot) }
}

/// The same record as a class, allocated and freed per use: what the pool replaces.
final class PooledOrderObject {
    var order: PooledOrder
    init(slot: Int) { order = PooledOrder(slot: slot) }
}

/// State built on first use, so that a benchmark process only builds what the benchmark it runs needs.
/// Mutation goes through `_modify`, in place: no copy of the value's storage per operation.
final class Lazy<Value> {
    private let make: () -> Value
    private var stored: Value?

    init(_ make: @escaping () -> Value) { self.make = make }

    var value: Value {
        get {
            if stored == nil { stored = make() }
            return stored!
        }
        _modify {
            if stored == nil { stored = make() }
            yield &stored!
        }
    }
}

/// A pool with half its objects out, held in random order.
final class ChurnState {
    let pool: ObjectPool<PooledOrder>
    var held: [PoolHandle]
    var cursor = 0

    init(pool: ObjectPool<PooledOrder>, held: [PoolHandle]) {
        self.pool = pool
        self.held = held
    }
}

/// A counter shared by successive samples of one benchmark.
final class Counter {
    var value = 0
}
