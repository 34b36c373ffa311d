/// A hierarchical timing wheel (Varghese & Lauck) over a fixed set of integer handles.
///
/// The wheel expires handles at a deadline given in ticks. It has four levels of 64 slots: level 0 holds
/// deadlines less than 64 ticks away, level 1 less than 4,096, level 2 less than 262,144 and level 3 the rest
/// (deadlines beyond 16.7 M ticks are re-filed when their slot comes round). Scheduling and cancelling are O(1)
/// (each slot is an intrusive doubly linked list threaded through arrays indexed by handle); advancing costs O(1)
/// per tick plus O(1) per entry moved down a level, and an empty wheel jumps straight to the target tick.
/// Storage is allocated once, at `init`, for `capacity` handles.
///
/// The caller chooses what a tick is (Bot4 uses 1 ms for idempotency and replay windows) and owns the handles
/// (`0..<capacity`); a handle is either scheduled once or not at all.
public struct TimingWheel: Sendable {
    private static let slotBits = 6
    private static let slotsPerLevel = 1 << slotBits
    private static let levels = 4
    private static let slotMask: UInt64 = UInt64(slotsPerLevel - 1)
    private static let none: Int32 = -1

    private var heads: [Int32]
    private var next: [Int32]
    private var previous: [Int32]
    private var deadlines: [UInt64]
    private var slotOf: [Int32]
    private var levelCounts: [Int] = Array(repeating: 0, count: TimingWheel.levels)
    /// The last tick processed: every deadline at or before it has been expired.
    public private(set) var now: UInt64
    /// How many handles are scheduled.
    public private(set) var count: Int = 0

    /// Creates a wheel for handles `0..<capacity`, at tick `now`.
    public init(capacity: Int, now: UInt64 = 0) {
        precondition(capacity > 0 && capacity < Int(Int32.max), "TimingWheel capacity must be in 1..<2^31")
        heads = Array(repeating: Self.none, count: Self.levels * Self.slotsPerLevel)
        next = Array(repeating: Self.none, count: capacity)
        previous = Array(repeating: Self.none, count: capacity)
        deadlines = Array(repeating: 0, count: capacity)
        slotOf = Array(repeating: Self.none, count: capacity)
        self.now = now
    }

    /// The number of handles the wheel was built for.
    public var capacity: Int { next.count }

    /// Whether `handle` is scheduled.
    public func isScheduled(_ handle: Int) -> Bool { slotOf[handle] != Self.none }

    /// The deadline of a scheduled handle.
    public func deadline(of handle: Int) -> UInt64? {
        isScheduled(handle) ? deadlines[handle] : nil
    }

    /// Schedules `handle` to expire at tick `deadline` (a deadline not after `now` expires on the next advance).
    /// Rescheduling a scheduled handle moves it.
    public mutating func schedule(_ handle: Int, at deadline: UInt64) {
        if isScheduled(handle) { unlink(handle) } else { count += 1 }
        deadlines[handle] = Swift.max(deadline, now &+ 1)
        file(handle)
    }

    /// Cancels `handle`'s deadline; nothing happens if it is not scheduled.
    public mutating func cancel(_ handle: Int) {
        guard isScheduled(handle) else { return }
        unlink(handle)
        count -= 1
    }

    /// Advances to tick `target`, calling `expire(handle, deadline)` once for every handle whose deadline is at or
    /// before it, in deadline order. A handle is unscheduled before `expire` sees it; `expire` must not touch the
    /// wheel (collect the handles and act after `advance` returns).
    public mutating func advance(to target: UInt64, expire: (_ handle: Int, _ deadline: UInt64) -> Void) {
        while now < target {
            if count == 0 {
                now = target
                return
            }
            // When the lowest levels are empty nothing can happen before the next boundary of the first
            // non-empty level (its slots only cascade there): jump to just before it.
            var lowest = 0
            while levelCounts[lowest] == 0 { lowest += 1 }
            if lowest > 0 {
                let unit = UInt64(1) << UInt64(Self.slotBits * lowest)
                let beforeBoundary = (now / unit + 1) * unit - 1
                if beforeBoundary > now {
                    now = Swift.min(target, beforeBoundary)
                    continue
                }
            }
            now &+= 1
            cascade()
            let slot = Int(now & Self.slotMask)
            var handle = heads[slot]
            while handle != Self.none {
                let following = next[Int(handle)]
                unlink(Int(handle))
                count -= 1
                expire(Int(handle), now)
                handle = following
            }
        }
    }

    /// Moves the entries of the higher-level slots that come due at `now` one level down (or to level 0).
    private mutating func cascade() {
        var level = 1
        while level < Self.levels && now & ((UInt64(1) << UInt64(Self.slotBits * level)) - 1) == 0 {
            level += 1
        }
        // Levels 1..<level have all their low bits zero at this tick: refile their current slots, top first.
        var current = level - 1
        while current >= 1 {
            let index = current * Self.slotsPerLevel + Int((now >> UInt64(Self.slotBits * current)) & Self.slotMask)
            var handle = heads[index]
            heads[index] = Self.none
            while handle != Self.none {
                let following = next[Int(handle)]
                levelCounts[current] -= 1
                file(Int(handle))
                handle = following
            }
            current -= 1
        }
    }

    /// Links a handle into the slot its deadline belongs in, relative to `now`.
    private mutating func file(_ handle: Int) {
        let deadline = deadlines[handle]
        let delta = deadline &- now
        var level = 0
        while level < Self.levels - 1 && delta >= UInt64(1) << UInt64(Self.slotBits * (level + 1)) {
            level += 1
        }
        let horizon = UInt64(1) << UInt64(Self.slotBits * Self.levels)
        let filedAt = delta >= horizon ? now &+ horizon &- 1 : deadline
        let index = level * Self.slotsPerLevel + Int((filedAt >> UInt64(Self.slotBits * level)) & Self.slotMask)
        let head = heads[index]
        next[handle] = head
        previous[handle] = Self.none
        if head != Self.none { previous[Int(head)] = Int32(handle) }
        heads[index] = Int32(handle)
        slotOf[handle] = Int32(index)
        levelCounts[level] += 1
    }

    /// Unlinks a scheduled handle from its slot.
    private mutating func unlink(_ handle: Int) {
        let before = previous[handle]
        let after = next[handle]
        if before != Self.none {
            next[Int(before)] = after
        } else {
            heads[Int(slotOf[handle])] = after
        }
        if after != Self.none { previous[Int(after)] = before }
        levelCounts[Int(slotOf[handle]) / Self.slotsPerLevel] -= 1
        next[handle] = Self.none
        previous[handle] = Self.none
        slotOf[handle] = Self.none
    }
}
