import Locking
import Synchronization

/// A preallocated pool of objects shared between threads.
///
/// Like ``ObjectPool``, all objects are created at `init` and the pool never grows; the free-slot stack sits
/// under a POSIX mutex (``LockedState``; uncontended, a lock and unlock are two atomic operations). The objects
/// themselves are not locked: a handle gives its holder exclusive use of its slot until it is released, so
/// ``withObject(_:_:)`` on distinct handles may run on different threads at once. `Atomic` counters record the
/// high-water mark and failed acquisitions for metrics without taking the lock.
public final class SharedObjectPool<Object: Sendable>: @unchecked Sendable {
    // @unchecked: the free list and the `outstanding` flags are only touched with `state` locked; a slot's object is
    // touched only by the thread that holds its handle (the handle moves with a happens-before edge through the
    // lock on acquire and release).
    @usableFromInline struct FreeList {
        @usableFromInline var slots: UnsafeMutablePointer<Int32>
        @usableFromInline var count: Int

        @usableFromInline init(slots: UnsafeMutablePointer<Int32>, count: Int) {
            self.slots = slots
            self.count = count
        }
    }

    @usableFromInline let objects: UnsafeMutablePointer<Object>
    @usableFromInline let outstanding: UnsafeMutablePointer<Bool>
    @usableFromInline let state: LockedState<FreeList>
    @usableFromInline let highWater = Atomic<Int>(0)
    @usableFromInline let exhausted = Atomic<Int>(0)
    /// The number of objects in the pool.
    public let capacity: Int

    /// Creates a pool of `capacity` objects, each made by `make(slot)`.
    public init(capacity: Int, make: (Int) -> Object) {
        precondition(capacity > 0 && capacity <= Int(Int32.max), "pool capacity must be in 1...2^31-1")
        self.capacity = capacity
        objects = .allocate(capacity: capacity)
        outstanding = .allocate(capacity: capacity)
        outstanding.initialize(repeating: false, count: capacity)
        let slots = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        for slot in 0..<capacity {
            (objects + slot).initialize(to: make(slot))
            slots[slot] = Int32(capacity - 1 - slot)
        }
        state = LockedState(FreeList(slots: slots, count: capacity))
    }

    deinit {
        state.withLock { $0.slots.deallocate() }
        objects.deinitialize(count: capacity)
        objects.deallocate()
        outstanding.deallocate()
    }

    /// Takes an object out of the pool.
    /// - Returns: its handle, or nil when every object is in use.
    @inlinable public func acquire() -> PoolHandle? {
        let taken: (PoolHandle, Int)? = state.withLock { free in
            guard free.count > 0 else { return nil }
            free.count -= 1
            let slot = free.slots[free.count]
            outstanding[Int(slot)] = true
            return (PoolHandle(slot), capacity - free.count)
        }
        guard let (handle, inUse) = taken else {
            exhausted.add(1, ordering: .relaxed)
            return nil
        }
        _ = highWater.max(inUse, ordering: .relaxed)
        return handle
    }

    /// Gives an object back. Releasing a handle that is not out is a programming error and traps.
    @inlinable public func release(_ handle: PoolHandle) {
        let slot = Int(handle.index)
        precondition(slot >= 0 && slot < capacity, "released a handle of another pool")
        state.withLock { free in
            precondition(outstanding[slot], "released a pool handle that is not out")
            outstanding[slot] = false
            free.slots[free.count] = handle.index
            free.count += 1
        }
    }

    /// Uses the object behind a handle the caller holds.
    @inlinable public func withObject<Result>(
        _ handle: PoolHandle,
        _ body: (inout Object) throws -> Result
    ) rethrows -> Result {
        let slot = Int(handle.index)
        precondition(slot >= 0 && slot < capacity, "used a handle of another pool")
        return try body(&objects[slot])
    }

    /// The number of objects available now.
    public var available: Int { state.withLock { $0.count } }
    /// The most objects that were out at once.
    public var highWaterMark: Int { highWater.load(ordering: .relaxed) }
    /// How many acquisitions found the pool empty.
    public var exhaustedCount: Int { exhausted.load(ordering: .relaxed) }
}
