import CLibPQ
import Locking

/// The owner of a connection's `PGcancel*`: the one libpq object that may be used from another thread while
/// the connection's own thread is blocked in a statement.
final class PQCanceller: Sendable {
    /// A `PGcancel*` as a sendable value: it is only used under the mutex.
    private struct Token: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private let token = LockedState<Token?>(nil)

    deinit { replace(with: nil) }

    /// Takes a new connection's cancel object (freeing the previous one), or forgets it with nil.
    func replace(with pointer: OpaquePointer?) {
        token.withLock { token in
            if let old = token { PQfreeCancel(old.pointer) }
            token = pointer.map(Token.init)
        }
    }

    /// Asks the server to cancel whatever the connection is running; returns whether the request was sent.
    func cancel() -> Bool {
        token.withLock { token in
            guard let token else { return false }
            var message = [CChar](repeating: 0, count: 256)
            return PQcancel(token.pointer, &message, Int32(message.count)) == 1
        }
    }
}
