#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a POSIX mutex: the lock of the shared pool and of the in-memory idempotency store.
///
/// `Synchronization.Mutex` would do the same job, but on Linux its futex path is invisible to ThreadSanitizer
/// (Swift 6.3.1: two threads appending to a `Mutex<[Int]>` are reported as a data race), and the project runs its
/// tests under `--sanitize=thread`. `pthread_mutex_lock` is intercepted by the sanitizer, so races it reports are
/// real. Uncontended, a lock and unlock cost about the same as the futex path.
@usableFromInline
final class LockedState<State>: @unchecked Sendable {
    // @unchecked: `state` is only touched between pthread_mutex_lock and pthread_mutex_unlock on `mutex`.
    @usableFromInline var state: State
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>

    @usableFromInline init(_ state: State) {
        self.state = state
        mutex = .allocate(capacity: 1)
        precondition(pthread_mutex_init(mutex, nil) == 0, "pthread_mutex_init failed")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the lock held.
    @inlinable func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }
}
