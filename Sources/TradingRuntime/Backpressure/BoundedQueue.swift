/// A first-in first-out queue with a fixed capacity and an overflow policy, for a single owner.
///
/// A ring buffer allocated once at `init`; offering and taking are O(1) and allocate nothing. Counters say how
/// many elements each policy dropped or refused, so back-pressure is visible in metrics.
public struct BoundedQueue<Element> {
    @usableFromInline var storage: [Element?]
    @usableFromInline var head = 0
    /// The number of queued elements.
    @inlinable public var count: Int { _count }
    @usableFromInline var _count: Int = 0
    /// What happens when the queue is full.
    public let policy: OverflowPolicy
    /// Elements dropped (oldest or newest) because the queue was full.
    @inlinable public var droppedCount: UInt64 { _droppedCount }
    @usableFromInline var _droppedCount: UInt64 = 0
    /// Elements refused because the queue was full.
    @inlinable public var rejectedCount: UInt64 { _rejectedCount }
    @usableFromInline var _rejectedCount: UInt64 = 0

    /// Creates an empty queue.
    /// - Parameters:
    ///   - capacity: the most elements held (at least 1).
    ///   - policy: what to do when full; ``OverflowPolicy/blockWithTimeout(_:)`` acts as `.reject` here.
    @inlinable public init(capacity: Int, policy: OverflowPolicy) {
        precondition(capacity >= 1, "a bounded queue holds at least one element")
        storage = Array(repeating: nil, count: capacity)
        self.policy = policy
    }

    /// The most elements held.
    @inlinable public var capacity: Int { storage.count }
    /// Whether nothing is queued.
    @inlinable public var isEmpty: Bool { count == 0 }
    /// Whether the queue is at capacity.
    @inlinable public var isFull: Bool { count == storage.count }

    /// Offers an element; when full, the policy decides.
    @inlinable public mutating func offer(_ element: Element) -> OfferResult<Element> {
        if count < storage.count {
            storage[(head + count) % storage.count] = element
            _count += 1
            return .enqueued
        }
        switch policy {
        case .dropOldest:
            let oldest = storage[head]!
            storage[head] = element
            head = (head + 1) % storage.count
            _droppedCount &+= 1
            return .droppedOldest(oldest)
        case .dropNewest:
            _droppedCount &+= 1
            return .droppedNewest
        case .reject, .blockWithTimeout:
            _rejectedCount &+= 1
            return .rejected(element)
        }
    }

    /// Takes the oldest element, or nil when empty.
    @inlinable public mutating func take() -> Element? {
        guard count > 0 else { return nil }
        let element = storage[head]
        storage[head] = nil
        head = (head + 1) % storage.count
        _count -= 1
        return element
    }

    /// The oldest element, without taking it.
    @inlinable public var first: Element? { count > 0 ? storage[head] : nil }
}

extension BoundedQueue: Sendable where Element: Sendable {}
