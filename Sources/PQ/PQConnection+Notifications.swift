extension PQConnection {
    /// Starts listening on `channel` (any name: it is quoted as an identifier, never spliced as SQL).
    ///
    /// Listening is session state: after a reconnect, call it again.
    public func listen(_ channel: String) throws(PQError) {
        try withHandle { handle throws(PQError) in
            let quoted = try handle.quotedIdentifier(channel)
            _ = try handle.execute(PQQuery(unsafeSQL: "LISTEN " + quoted))
        }
    }

    /// Sends `payload` on `channel` (delivered to listeners when this transaction, or statement, commits).
    public func notify(_ channel: String, payload: String = "") throws(PQError) {
        try execute("SELECT pg_notify(\(channel), \(payload))")
    }

    /// The notifications received, waiting up to `timeout` for the first; empty when none came.
    ///
    /// The wait holds this connection's own thread, not a thread of the cooperative pool.
    public func notifications(waitingUpTo timeout: Duration) throws(PQError) -> [PQNotification] {
        try withHandle { handle throws(PQError) in try handle.notifications(waitingUpTo: timeout) }
    }
}
