/// What a bounded queue does with an element offered when it is full.
public enum OverflowPolicy: Hashable, Sendable {
    /// Make room by dropping the oldest queued element (market data: only the latest matters).
    case dropOldest
    /// Drop the offered element silently and keep the queue as it is (best-effort telemetry).
    case dropNewest
    /// Refuse the offered element and hand it back, so that the producer slows down (order entry).
    case reject
    /// Wait up to this long for room, then refuse (``BlockingBoundedQueue`` only; a single-owner
    /// ``BoundedQueue`` cannot wait, so it refuses at once).
    case blockWithTimeout(Duration)
}

/// What happened to an offered element.
public enum OfferResult<Element> {
    /// Queued.
    case enqueued
    /// Queued after dropping the oldest element, returned here.
    case droppedOldest(Element)
    /// Not queued and discarded (``OverflowPolicy/dropNewest``).
    case droppedNewest
    /// Not queued; the element is handed back (``OverflowPolicy/reject``, or a block that timed out).
    case rejected(Element)

    /// Whether the offered element is now in the queue.
    public var wasEnqueued: Bool {
        switch self {
        case .enqueued, .droppedOldest: true
        case .droppedNewest, .rejected: false
        }
    }
}

extension OfferResult: Sendable where Element: Sendable {}
extension OfferResult: Equatable where Element: Equatable {}
