/// A map bounded by count and by age: least-recently-used eviction plus per-entry deadlines on a
/// ``TimingWheel``. Every operation is O(1) (amortised over the ticks the clock advances).
///
/// All storage (keys, values, links, the wheel) is allocated at `init` for `capacity` entries; the dictionary
/// is reserved to that size too, so the cache never grows. Time is the caller's: `now` is in ticks of whatever
/// unit the caller picked (Bot4 uses milliseconds of a monotonic clock) and must not go backwards.
public struct ExpiringLRUCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    @usableFromInline static var none: Int32 { -1 }

    @usableFromInline var index: [Key: Int32]
    @usableFromInline var keys: [Key?]
    @usableFromInline var values: [Value?]
    @usableFromInline var newer: [Int32]
    @usableFromInline var older: [Int32]
    @usableFromInline var newest: Int32 = -1
    @usableFromInline var oldest: Int32 = -1
    @usableFromInline var freeSlots: [Int32]
    @usableFromInline var wheel: TimingWheel
    @usableFromInline var expiredScratch: [Int32] = []
    /// Entries removed because their deadline passed.
    @inlinable public var expiredCount: UInt64 { _expiredCount }
    @usableFromInline var _expiredCount: UInt64 = 0
    /// Entries removed to make room (least recently used first).
    @inlinable public var evictedCount: UInt64 { _evictedCount }
    @usableFromInline var _evictedCount: UInt64 = 0

    /// Creates an empty cache with room for `capacity` entries, at tick `now`.
    @inlinable public init(capacity: Int, now: UInt64 = 0) {
        precondition(capacity > 0 && capacity < Int(Int32.max), "ExpiringLRUCache capacity must be in 1..<2^31")
        index = Dictionary(minimumCapacity: capacity)
        keys = Array(repeating: nil, count: capacity)
        values = Array(repeating: nil, count: capacity)
        newer = Array(repeating: Self.none, count: capacity)
        older = Array(repeating: Self.none, count: capacity)
        freeSlots = (0..<Int32(capacity)).reversed()
        wheel = TimingWheel(capacity: capacity, now: now)
    }

    /// The number of entries the cache holds at most.
    @inlinable public var capacity: Int { keys.count }
    /// The number of entries held.
    @inlinable public var count: Int { index.count }
    /// The last tick the cache advanced to.
    @inlinable public var now: UInt64 { wheel.now }

    /// Expires every entry whose deadline is at or before `now`.
    @inlinable public mutating func advance(to now: UInt64) {
        guard now > wheel.now else { return }
        // The scratch buffer is taken out and put back so that its storage is reused, not reallocated.
        var expired = expiredScratch
        expiredScratch = []
        expired.removeAll(keepingCapacity: true)
        wheel.advance(to: now) { handle, _ in expired.append(Int32(handle)) }
        for slot in expired {
            remove(slot: slot)
            _expiredCount &+= 1
        }
        expiredScratch = expired
    }

    /// Looks a key up after expiring what is due at `now`, and marks it most recently used.
    /// - Returns: the value, or nil if absent or expired.
    @inlinable public mutating func value(for key: Key, now: UInt64) -> Value? {
        advance(to: now)
        guard let slot = index[key] else { return nil }
        touch(slot)
        return values[Int(slot)]
    }

    /// Looks a key up without expiring anything or changing the recency order.
    @inlinable public func peek(_ key: Key) -> Value? {
        guard let slot = index[key] else { return nil }
        return values[Int(slot)]
    }

    /// The deadline (tick) of a key's entry.
    @inlinable public func deadline(of key: Key) -> UInt64? {
        guard let slot = index[key] else { return nil }
        return wheel.deadline(of: Int(slot))
    }

    /// Inserts or replaces an entry expiring at tick `deadline`, after expiring what is due at `now`.
    /// When the cache is full, the least recently used entry is evicted first, unless `canEvict` refuses it.
    /// - Parameters:
    ///   - value: the value.
    ///   - key: the key.
    ///   - deadline: the tick at which the entry expires.
    ///   - now: the current tick.
    ///   - canEvict: asked about the least recently used value when room is needed; returning false refuses the
    ///     insertion instead.
    /// - Returns: the evicted key and value, if one was evicted; `.full` if room was needed and refused.
    @discardableResult
    @inlinable public mutating func insert(
        _ value: Value,
        for key: Key,
        deadline: UInt64,
        now: UInt64,
        canEvict: (Value) -> Bool = { _ in true }
    ) -> InsertOutcome {
        advance(to: now)
        if let slot = index[key] {
            values[Int(slot)] = value
            wheel.schedule(Int(slot), at: deadline)
            touch(slot)
            return .replaced
        }
        return insertAbsent(value, for: key, deadline: deadline, canEvict: canEvict)
    }

    /// Returns the value of `key` (marking it most recently used) if present after expiring what is due at
    /// `now`; otherwise inserts `value` as ``insert(_:for:deadline:now:canEvict:)`` does. One lookup fewer than
    /// ``value(for:now:)`` followed by an insertion.
    /// - Returns: `.found` with the present value, or the insertion's outcome.
    @inlinable public mutating func findOrInsert(
        _ value: Value,
        for key: Key,
        deadline: UInt64,
        now: UInt64,
        canEvict: (Value) -> Bool = { _ in true }
    ) -> FindOrInsertOutcome {
        advance(to: now)
        if let slot = index[key] {
            touch(slot)
            return .found(values[Int(slot)]!)
        }
        return .notFound(insertAbsent(value, for: key, deadline: deadline, canEvict: canEvict))
    }

    /// What ``findOrInsert(_:for:deadline:now:canEvict:)`` did.
    public enum FindOrInsertOutcome: Sendable {
        /// The key was present with this value; nothing was inserted.
        case found(Value)
        /// The key was absent; the insertion did this.
        case notFound(InsertOutcome)
    }

    @inlinable mutating func insertAbsent(
        _ value: Value,
        for key: Key,
        deadline: UInt64,
        canEvict: (Value) -> Bool
    ) -> InsertOutcome {
        var outcome = InsertOutcome.inserted
        if freeSlots.isEmpty {
            let victim = oldest
            guard let victimValue = values[Int(victim)], canEvict(victimValue) else { return .full }
            outcome = .evicted(key: keys[Int(victim)]!, value: victimValue)
            wheel.cancel(Int(victim))
            remove(slot: victim)
            _evictedCount &+= 1
        }
        let slot = freeSlots.removeLast()
        keys[Int(slot)] = key
        values[Int(slot)] = value
        index[key] = slot
        linkNewest(slot)
        wheel.schedule(Int(slot), at: deadline)
        return outcome
    }

    /// Replaces the value of an existing entry, keeping its deadline and marking it most recently used.
    /// - Returns: false if the key is absent.
    @discardableResult
    @inlinable public mutating func update(_ value: Value, for key: Key) -> Bool {
        guard let slot = index[key] else { return false }
        values[Int(slot)] = value
        touch(slot)
        return true
    }

    /// Removes an entry.
    /// - Returns: the removed value, if the key was present.
    @discardableResult
    @inlinable public mutating func removeValue(for key: Key) -> Value? {
        guard let slot = index[key] else { return nil }
        let value = values[Int(slot)]
        wheel.cancel(Int(slot))
        remove(slot: slot)
        return value
    }

    /// What an insertion did.
    public enum InsertOutcome: Sendable {
        /// A new entry took a free slot.
        case inserted
        /// The key was present; its value and deadline were replaced.
        case replaced
        /// A new entry took the slot of the least recently used one, returned here.
        case evicted(key: Key, value: Value)
        /// The cache is full and the least recently used entry may not be evicted: nothing was inserted.
        case full
    }

    @inlinable mutating func remove(slot: Int32) {
        let position = Int(slot)
        unlink(slot)
        if let key = keys[position] { index.removeValue(forKey: key) }
        keys[position] = nil
        values[position] = nil
        freeSlots.append(slot)
    }

    @inlinable mutating func touch(_ slot: Int32) {
        guard slot != newest else { return }
        unlink(slot)
        linkNewest(slot)
    }

    @inlinable mutating func linkNewest(_ slot: Int32) {
        older[Int(slot)] = newest
        newer[Int(slot)] = Self.none
        if newest != Self.none { newer[Int(newest)] = slot }
        newest = slot
        if oldest == Self.none { oldest = slot }
    }

    @inlinable mutating func unlink(_ slot: Int32) {
        let before = older[Int(slot)]
        let after = newer[Int(slot)]
        if before != Self.none { newer[Int(before)] = after } else { oldest = after }
        if after != Self.none { older[Int(after)] = before } else { newest = before }
        older[Int(slot)] = Self.none
        newer[Int(slot)] = Self.none
    }
}
