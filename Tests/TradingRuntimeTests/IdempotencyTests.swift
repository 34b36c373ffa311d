import Testing
import TradingRuntime

@Suite struct IdempotencyTests {
    @Test func timingWheelExpiresInDeadlineOrderAcrossLevels() {
        var wheel = TimingWheel(capacity: 8)
        let deadlines: [UInt64] = [5, 63, 64, 65, 4095, 4096, 300_000, 20_000_000]
        for (handle, deadline) in deadlines.enumerated() { wheel.schedule(handle, at: deadline) }
        var fired: [(Int, UInt64)] = []
        var target: UInt64 = 0
        while wheel.count > 0 {
            target += 997
            wheel.advance(to: target) { fired.append(($0, $1)) }
        }
        #expect(fired.map(\.0) == Array(0..<8))
        for (handle, tick) in fired { #expect(tick == deadlines[handle]) }
    }

    /// Random schedules, cancels and reschedules against a brute-force model that scans every deadline.
    @Test func timingWheelAgreesWithBruteForceModel() {
        var generator = SystemRandomNumberGenerator()
        let capacity = 64
        var wheel = TimingWheel(capacity: capacity, now: 1_000)
        var model = [UInt64?](repeating: nil, count: capacity)
        var now: UInt64 = 1_000
        for _ in 0..<5_000 {
            let handle = Int.random(in: 0..<capacity, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0, 1:
                let span: UInt64 = [70, 5_000, 400_000, 30_000_000].randomElement(using: &generator)!
                let deadline = now + UInt64.random(in: 0...span, using: &generator)
                wheel.schedule(handle, at: deadline)
                model[handle] = max(deadline, now + 1)
            case 2:
                wheel.cancel(handle)
                model[handle] = nil
            default:
                let step: UInt64 = [1, 50, 3_000, 200_000, 10_000_000].randomElement(using: &generator)!
                let target = now + UInt64.random(in: 0...step, using: &generator)
                var fired: [Int] = []
                var firedAt: [UInt64] = []
                wheel.advance(to: target) {
                    fired.append($0)
                    firedAt.append($1)
                }
                let due = (0..<capacity).filter { model[$0].map { $0 <= target } ?? false }
                #expect(Set(fired) == Set(due))
                #expect(fired.count == due.count)
                for (handle, tick) in zip(fired, firedAt) {
                    #expect(tick == model[handle])
                }
                #expect(firedAt == firedAt.sorted())
                for handle in due { model[handle] = nil }
                now = target
            }
            #expect(wheel.count == model.compactMap { $0 }.count)
        }
    }

    @Test func lruCacheEvictsLeastRecentlyUsedAndExpiresByAge() {
        var cache = ExpiringLRUCache<String, Int>(capacity: 3)
        cache.insert(1, for: "a", deadline: 100, now: 0)
        cache.insert(2, for: "b", deadline: 100, now: 1)
        cache.insert(3, for: "c", deadline: 50, now: 2)
        #expect(cache.value(for: "a", now: 3) == 1)  // a is now the most recent; b the least
        guard case .evicted(let key, let value) = cache.insert(4, for: "d", deadline: 100, now: 4) else {
            Issue.record("expected an eviction")
            return
        }
        #expect(key == "b" && value == 2)
        #expect(cache.count == 3)
        #expect(cache.value(for: "c", now: 49) == 3)
        #expect(cache.value(for: "c", now: 50) == nil)
        #expect(cache.expiredCount == 1 && cache.evictedCount == 1)
        #expect(cache.count == 2)
        cache.advance(to: 100)
        #expect(cache.count == 0)
    }

    @Test func lruCacheAgreesWithReferenceModel() {
        var generator = SystemRandomNumberGenerator()
        let capacity = 16
        var cache = ExpiringLRUCache<Int, Int>(capacity: capacity)
        var model: [(key: Int, value: Int, deadline: UInt64)] = []  // least recent first
        var now: UInt64 = 0
        for step in 0..<10_000 {
            now += UInt64.random(in: 0...3, using: &generator)
            model.removeAll { $0.deadline <= now }
            let key = Int.random(in: 0..<40, using: &generator)
            if Bool.random(using: &generator) {
                let got = cache.value(for: key, now: now)
                if let index = model.firstIndex(where: { $0.key == key }) {
                    #expect(got == model[index].value)
                    model.append(model.remove(at: index))
                } else {
                    #expect(got == nil)
                }
            } else {
                let deadline = now + UInt64.random(in: 1...60, using: &generator)
                let outcome = cache.insert(step, for: key, deadline: deadline, now: now)
                if let index = model.firstIndex(where: { $0.key == key }) {
                    model.remove(at: index)
                    if case .replaced = outcome {} else { Issue.record("expected replace") }
                } else if model.count == capacity {
                    let victim = model.removeFirst()
                    if case .evicted(let evictedKey, _) = outcome {
                        #expect(evictedKey == victim.key)
                    } else {
                        Issue.record("expected eviction of \(victim.key)")
                    }
                }
                model.append((key, step, deadline))
            }
            #expect(cache.count == model.count)
        }
    }

    @Test func findOrInsertLooksUpOnceAndInsertsWhenAbsent() {
        var cache = ExpiringLRUCache<String, Int>(capacity: 1)
        guard case .notFound(.inserted) = cache.findOrInsert(1, for: "a", deadline: 10, now: 0) else {
            Issue.record("expected an insertion")
            return
        }
        guard case .found(1) = cache.findOrInsert(2, for: "a", deadline: 10, now: 1) else {
            Issue.record("expected the present value")
            return
        }
        guard case .notFound(.full) = cache.findOrInsert(3, for: "b", deadline: 10, now: 2, canEvict: { _ in false })
        else {
            Issue.record("expected a refusal")
            return
        }
        #expect(cache.peek("a") == 1 && cache.peek("b") == nil)
    }

    @Test func duplicateReturnsOriginalOutcome() {
        var cache = IdempotencyCache<String, String>(capacity: 4, retention: 60_000)
        #expect(cache.begin("order-1", now: 0) == .proceed)
        #expect(cache.begin("order-1", now: 1) == .inFlight)
        cache.complete("order-1", outcome: "FILLED id=7", now: 2)
        #expect(cache.begin("order-1", now: 3) == .duplicate("FILLED id=7"))
        #expect(cache.begin("order-1", now: 59_999) == .duplicate("FILLED id=7"))
        #expect(cache.begin("order-1", now: 60_000) == .proceed)  // retention over: a new order
        #expect(cache.expiredCount == 1)
    }

    @Test func inFlightIdsAreNeverEvicted() {
        var cache = IdempotencyCache<Int, Int>(capacity: 2, retention: 1_000)
        #expect(cache.begin(1, now: 0) == .proceed)
        #expect(cache.begin(2, now: 0) == .proceed)
        #expect(cache.begin(3, now: 1) == .overloaded)
        cache.complete(1, outcome: 10, now: 2)
        #expect(cache.begin(2, now: 2) == .inFlight)  // 1 is now the least recently used
        #expect(cache.begin(3, now: 3) == .proceed)  // evicts the completed 1
        #expect(cache.evictedCount == 1)
        #expect(cache.record(for: 1) == nil)
        cache.abandon(3)
        #expect(cache.begin(3, now: 4) == .proceed)
    }

    @Test func inMemoryStoreServesConcurrentClaimsOnce() async throws {
        let store = InMemoryIdempotencyStore<String, Int>(capacity: 1_000, retentionMillis: 60_000)
        let proceeded = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask { store.begin("same-id", nowMillis: 5) == .proceed }
            }
            var count = 0
            for await won in group where won { count += 1 }
            return count
        }
        #expect(proceeded == 1)
        store.complete("same-id", outcome: 99, nowMillis: 6)
        let asProtocol: any IdempotencyStore<String, Int> = store
        let again = try await asProtocol.begin("same-id", nowMillis: 7)
        #expect(again == .duplicate(99))
    }
}
