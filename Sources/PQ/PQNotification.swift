/// A `NOTIFY` received on a channel the connection listens on.
public struct PQNotification: Hashable, Sendable {
    /// The channel's name.
    public let channel: String
    /// The payload (empty when none was given).
    public let payload: String
    /// The server process id of the session that notified.
    public let senderProcessID: Int32

    /// Creates a notification.
    public init(channel: String, payload: String, senderProcessID: Int32) {
        self.channel = channel
        self.payload = payload
        self.senderProcessID = senderProcessID
    }
}
