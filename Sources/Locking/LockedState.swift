#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a POSIX mutex: Bot4's one lock type.
///
/// Every module that shares state between threads or tasks keeps it in a `LockedState` (the shared object pool,
/// the idempotency cache, the Vault client's token, the connection pool, the `seal exec` supervisor, secret memory,
/// the test servers). `Synchronization.Mutex` would do the same job, but on Linux its futex path is invisible to
/// ThreadSanitizer (Swift 6.3.1: two threads appending to a `Mutex<[Int]>` are reported as a data race), and the
/// project runs its tests under `--sanitize=thread`. `pthread_mutex_lock` is intercepted by the sanitizer, so races
/// it reports are real. Uncontended, a lock and unlock cost about the same as the futex path. The lock is not
/// reentrant: `body` must not call `withLock` on the same value.
public final class LockedState<State>: @unchecked Sendable {
    // @unchecked: `state` is only touched between pthread_mutex_lock and pthread_mutex_unlock on `mutex`.
    @usableFromInline var state: State
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// Puts `state` behind a new lock.
    public init(_ state: State) {
        self.state = state
        mutex = .allocate(capacity: 1)
        precondition(pthread_mutex_init(mutex, nil) == 0, "pthread_mutex_init failed")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the lock held and returns its result.
    @inlinable public func withLock<Result, Failure: Error>(
        _ body: (inout State) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }
}

extension LockedState where State == Void {
    /// A lock that guards no Swift value, only the caller's critical section (for example C state behind a pointer).
    public convenience init() { self.init(()) }

    /// Runs `body` with the lock held and returns its result.
    @inlinable public func withLock<Result, Failure: Error>(
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try withLock { (_: inout Void) throws(Failure) -> Result in try body() }
    }
}
