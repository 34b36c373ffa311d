import CLibPQ
import Foundation

extension PQHandle {
    /// `channel` as a quoted SQL identifier (libpq's escaping, so any name is safe).
    func quotedIdentifier(_ channel: String) throws(PQError) -> String {
        guard !channel.utf8.contains(0) else { throw PQError(.invalidQuery, "a channel name cannot contain NUL") }
        guard let quoted = PQescapeIdentifier(connection, channel, channel.utf8.count) else {
            throw PQError(.invalidQuery, "cannot quote the channel name: \(lastErrorMessage)")
        }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    /// Waits up to `timeout` for notifications (returning at once if some are queued) and returns them.
    func notifications(waitingUpTo timeout: Duration) throws(PQError) -> [PQNotification] {
        var received = drainNotifications()
        guard received.isEmpty else { return received }
        var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        guard descriptor.fd >= 0 else { throw PQError(.connectionLost, "the connection has no socket") }
        let milliseconds = Int32(
            clamping: timeout.components.seconds * 1_000 + timeout.components.attoseconds / 1_000_000_000_000_000
        )
        let ready = poll(&descriptor, 1, max(milliseconds, 0))
        if ready > 0 {
            guard PQconsumeInput(connection) == 1 else {
                throw PQError(isBroken ? .connectionLost : .unexpectedResult, lastErrorMessage)
            }
            received = drainNotifications()
        }
        return received
    }

    private func drainNotifications() -> [PQNotification] {
        _ = PQconsumeInput(connection)
        var received: [PQNotification] = []
        while let notify = PQnotifies(connection) {
            received.append(
                PQNotification(
                    channel: String(cString: notify.pointee.relname),
                    payload: notify.pointee.extra.map { String(cString: $0) } ?? "",
                    senderProcessID: notify.pointee.be_pid
                )
            )
            PQfreemem(notify)
        }
        return received
    }
}
