import Foundation
import Testing
import TradingRuntime

@Suite struct PoolsTests {
    struct Slot {
        var orderID: UInt64 = 0
        var quantity: Int64 = 0
        var tag: Int
    }

    @Test(arguments: [10_000, 100_000, 1_000_000])
    func singleOwnerPoolHandsOutEveryObjectOnceAndStaysBounded(capacity: Int) {
        let pool = ObjectPool(capacity: capacity) { Slot(tag: $0) }
        var handles: [PoolHandle] = []
        handles.reserveCapacity(capacity)
        while let handle = pool.acquire() { handles.append(handle) }
        #expect(handles.count == capacity)
        #expect(pool.acquire() == nil)  // bounded: no growth
        #expect(Set(handles.map(\.index)).count == capacity)
        #expect(pool[handles[capacity - 1]].tag == Int(handles[capacity - 1].index))
        for handle in handles.reversed() { pool.release(handle) }
        #expect(pool.available == capacity)
    }

    @Test func singleOwnerPoolKeepsStateAndResets() throws {
        let pool = ObjectPool(capacity: 2) { Slot(tag: $0) }
        let first = try #require(pool.acquire())
        pool[first].orderID = 42
        pool[first].quantity += 5
        #expect(pool[first].orderID == 42 && pool[first].quantity == 5)
        pool.release(first) { $0.orderID = 0 }
        let again = try #require(pool.acquire())
        #expect(again == first)  // LIFO: the warm slot comes back first
        #expect(pool[again].orderID == 0 && pool[again].quantity == 5)
        #expect(pool.inUse == 1)
    }

    @Test(arguments: [10_000, 100_000, 1_000_000])
    func sharedPoolPreallocates(capacity: Int) {
        let pool = SharedObjectPool(capacity: capacity) { _ in Int64(0) }
        #expect(pool.available == capacity)
        let handle = pool.acquire()
        #expect(handle != nil)
        #expect(pool.available == capacity - 1)
    }

    /// Real threads hammer the shared pool: no slot is ever held by two threads at once, nothing leaks, and
    /// exhaustion is reported instead of growth.
    @Test func sharedPoolIsExclusiveUnderRealThreads() {
        let capacity = 64
        let threads = 8
        let rounds = 20_000
        let pool = SharedObjectPool(capacity: capacity) { _ in 0 }
        let ledger = Ledger()
        let done = DispatchGroup()
        for worker in 1...threads {
            done.enter()
            Thread {
                var held: [PoolHandle] = []
                for round in 0..<rounds {
                    if held.count < 12, let handle = pool.acquire() {
                        ledger.take(handle)
                        pool.withObject(handle) { $0 = worker }
                        held.append(handle)
                    }
                    if !held.isEmpty && (round % 3 == 0 || held.count == 12) {
                        let handle = held.removeFirst()
                        // Nobody else wrote to our slot while we held it.
                        if pool.withObject(handle, { $0 }) != worker { ledger.violation() }
                        ledger.give(handle)
                        pool.release(handle)
                    }
                }
                for handle in held {
                    ledger.give(handle)
                    pool.release(handle)
                }
                done.leave()
            }.start()
        }
        done.wait()
        #expect(ledger.violations == 0)
        #expect(ledger.acquisitions > rounds)
        #expect(pool.available == capacity)
        #expect(pool.highWaterMark == capacity)  // 8 threads × 12 > 64: the pool ran dry at some point
        #expect(pool.exhaustedCount > 0)
    }
}

/// Which handles are out, kept independently of the pool, to catch a slot handed to two holders. (NSLock, not
/// `Synchronization.Mutex`: ThreadSanitizer does not see the latter on Linux, and these tests run under it.)
final class Ledger: @unchecked Sendable {
    // @unchecked: every stored property is only touched with `lock` held.
    private let lock = NSLock()
    private var held = Set<Int32>()
    private var violationCount = 0
    private var acquisitionCount = 0

    var violations: Int { lock.withLock { violationCount } }
    var acquisitions: Int { lock.withLock { acquisitionCount } }

    func take(_ handle: PoolHandle) {
        lock.withLock {
            if !held.insert(handle.index).inserted { violationCount += 1 }
            acquisitionCount += 1
        }
    }

    func give(_ handle: PoolHandle) {
        lock.withLock {
            if held.remove(handle.index) == nil { violationCount += 1 }
        }
    }

    func violation() { lock.withLock { violationCount += 1 } }
}
