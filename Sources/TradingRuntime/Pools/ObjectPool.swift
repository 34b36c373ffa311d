/// A preallocated pool of objects for one owner (one thread, one actor, one event loop).
///
/// All `capacity` objects are created at `init` in one contiguous buffer, with a stack of free slot indices
/// beside them; ``acquire()`` pops an index and ``release(_:)`` pushes it back, so neither allocates nor touches
/// a reference count or an atomic. Memory is fixed: when every object is out, ``acquire()`` returns nil (the
/// caller sheds load) rather than growing. Objects keep their contents between uses: reset what you need after
/// acquiring (or pass `reset` to ``release(_:reset:)``).
///
/// Not `Sendable`: one owner, no synchronisation. Share across threads with ``SharedObjectPool``.
public final class ObjectPool<Object> {
    private let objects: UnsafeMutablePointer<Object>
    private let freeSlots: UnsafeMutablePointer<Int32>
    private let outstanding: UnsafeMutablePointer<Bool>
    private var freeCount: Int
    /// The number of objects in the pool.
    public let capacity: Int

    /// Creates a pool of `capacity` objects, each made by `make(slot)`.
    public init(capacity: Int, make: (Int) -> Object) {
        precondition(capacity > 0 && capacity <= Int(Int32.max), "pool capacity must be in 1...2^31-1")
        self.capacity = capacity
        objects = .allocate(capacity: capacity)
        freeSlots = .allocate(capacity: capacity)
        outstanding = .allocate(capacity: capacity)
        outstanding.initialize(repeating: false, count: capacity)
        for slot in 0..<capacity {
            (objects + slot).initialize(to: make(slot))
            // Popping from the end hands out slot 0 first, then 1, …: neighbouring acquisitions share cache lines.
            freeSlots[slot] = Int32(capacity - 1 - slot)
        }
        freeCount = capacity
    }

    deinit {
        objects.deinitialize(count: capacity)
        objects.deallocate()
        freeSlots.deallocate()
        outstanding.deallocate()
    }

    /// The number of objects available.
    public var available: Int { freeCount }
    /// The number of objects handed out.
    public var inUse: Int { capacity - freeCount }

    /// Takes an object out of the pool.
    /// - Returns: its handle, or nil when every object is in use.
    @inlinable @inline(__always)
    public func acquire() -> PoolHandle? { _acquire() }

    /// Gives an object back. Releasing a handle that is not out is a programming error and traps.
    @inlinable @inline(__always)
    public func release(_ handle: PoolHandle) { _release(handle) }

    /// Gives an object back after resetting it.
    public func release(_ handle: PoolHandle, reset: (inout Object) -> Void) {
        reset(&self[handle])
        _release(handle)
    }

    /// The object behind a handle that is out.
    @inlinable
    public subscript(handle: PoolHandle) -> Object {
        get { _object(handle).pointee }
        _modify { yield &_object(handle).pointee }
        set { _object(handle).pointee = newValue }
    }

    @usableFromInline
    func _acquire() -> PoolHandle? {
        guard freeCount > 0 else { return nil }
        freeCount -= 1
        let slot = freeSlots[freeCount]
        outstanding[Int(slot)] = true
        return PoolHandle(slot)
    }

    @usableFromInline
    func _release(_ handle: PoolHandle) {
        let slot = Int(handle.index)
        precondition(slot >= 0 && slot < capacity && outstanding[slot], "released a pool handle that is not out")
        outstanding[slot] = false
        freeSlots[freeCount] = handle.index
        freeCount += 1
    }

    @usableFromInline
    func _object(_ handle: PoolHandle) -> UnsafeMutablePointer<Object> {
        let slot = Int(handle.index)
        precondition(slot >= 0 && slot < capacity && outstanding[slot], "used a pool handle that is not out")
        return objects + slot
    }
}
