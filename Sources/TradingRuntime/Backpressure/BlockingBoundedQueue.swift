#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bounded FIFO queue shared between threads, with every overflow policy including blocking with a timeout.
///
/// A ``BoundedQueue`` under a POSIX mutex, with two condition variables (room, items) on the monotonic clock
/// so that waits time out correctly even if the wall clock is set. Producers that block wait for room; consumers
/// can wait for an element. Use it between threads that cannot `await` (a feed handler thread and the
/// engine); async code should prefer an `AsyncStream` with a buffering policy.
///
/// This is the one place that keeps its own mutex rather than a `Locking.LockedState`: `pthread_cond_timedwait`
/// must be given the mutex it waits on, which `LockedState` does not hand out.
public final class BlockingBoundedQueue<Element: Sendable>: @unchecked Sendable {
    // @unchecked: `queue` is only touched with `mutex` held; the pthread objects are allocated once and freed in
    // deinit, when no thread can hold a reference.
    private var queue: BoundedQueue<Element>
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let hasRoom: UnsafeMutablePointer<pthread_cond_t>
    private let hasItems: UnsafeMutablePointer<pthread_cond_t>

    /// Creates an empty queue.
    /// - Parameters:
    ///   - capacity: the most elements held.
    ///   - policy: what a full queue does with an offered element.
    public init(capacity: Int, policy: OverflowPolicy) {
        queue = BoundedQueue(capacity: capacity, policy: policy)
        mutex = .allocate(capacity: 1)
        hasRoom = .allocate(capacity: 1)
        hasItems = .allocate(capacity: 1)
        precondition(pthread_mutex_init(mutex, nil) == 0, "pthread_mutex_init failed")
        var attributes = pthread_condattr_t()
        precondition(pthread_condattr_init(&attributes) == 0, "pthread_condattr_init failed")
        #if canImport(Glibc)
        precondition(pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC) == 0, "setclock failed")
        #endif
        precondition(pthread_cond_init(hasRoom, &attributes) == 0, "pthread_cond_init failed")
        precondition(pthread_cond_init(hasItems, &attributes) == 0, "pthread_cond_init failed")
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(hasItems)
        pthread_cond_destroy(hasRoom)
        pthread_mutex_destroy(mutex)
        hasItems.deallocate()
        hasRoom.deallocate()
        mutex.deallocate()
    }

    /// The policy given at creation.
    public var policy: OverflowPolicy { locked { $0.policy } }
    /// The number of queued elements.
    public var count: Int { locked { $0.count } }
    /// Elements dropped because the queue was full.
    public var droppedCount: UInt64 { locked { $0.droppedCount } }
    /// Elements refused because the queue was full (including timed-out blocks).
    public var rejectedCount: UInt64 { locked { $0.rejectedCount } }

    /// Offers an element. With ``OverflowPolicy/blockWithTimeout(_:)`` this waits for room up to the timeout.
    public func offer(_ element: Element) -> OfferResult<Element> {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if case .blockWithTimeout(let timeout) = queue.policy, queue.isFull {
            let deadline = Self.deadline(after: timeout)
            while queue.isFull {
                if !wait(hasRoom, until: deadline) { break }
            }
        }
        let result = queue.offer(element)
        if result.wasEnqueued { pthread_cond_signal(hasItems) }
        return result
    }

    /// Takes the oldest element without waiting, or nil when empty.
    public func take() -> Element? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        let element = queue.take()
        if element != nil { pthread_cond_signal(hasRoom) }
        return element
    }

    /// Takes the oldest element, waiting up to `timeout` for one.
    /// - Returns: the element, or nil if none arrived in time.
    public func take(waitingUpTo timeout: Duration) -> Element? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if queue.isEmpty {
            let deadline = Self.deadline(after: timeout)
            while queue.isEmpty {
                if !wait(hasItems, until: deadline) { break }
            }
        }
        let element = queue.take()
        if element != nil { pthread_cond_signal(hasRoom) }
        return element
    }

    private func locked<T>(_ body: (BoundedQueue<Element>) -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body(queue)
    }

    /// Waits on `condition` until signalled or `deadline` passes; false when it timed out.
    private func wait(_ condition: UnsafeMutablePointer<pthread_cond_t>, until deadline: timespec) -> Bool {
        var deadline = deadline
        return pthread_cond_timedwait(condition, mutex, &deadline) != ETIMEDOUT
    }

    private static func deadline(after timeout: Duration) -> timespec {
        var now = timespec()
        #if canImport(Glibc)
        clock_gettime(CLOCK_MONOTONIC, &now)
        #else
        clock_gettime(CLOCK_REALTIME, &now)
        #endif
        let (seconds, attoseconds) = max(timeout, .zero).components
        var nanoseconds = Int(now.tv_nsec) + Int(attoseconds / 1_000_000_000)
        var wholeSeconds = Int(now.tv_sec) + Int(seconds)
        if nanoseconds >= 1_000_000_000 {
            nanoseconds -= 1_000_000_000
            wholeSeconds += 1
        }
        return timespec(tv_sec: wholeSeconds, tv_nsec: nanoseconds)
    }
}
