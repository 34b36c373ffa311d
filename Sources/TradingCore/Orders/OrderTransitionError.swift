/// An event that is not allowed in the order's current status, or a quantity that breaks its invariants.
public struct OrderTransitionError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The status the order was in (`nil`: not yet acknowledged).
    public let status: OrderStatus?
    /// The refused event.
    public let event: OrderEvent
    /// Why it was refused.
    public let message: String

    /// Creates an error.
    public init(status: OrderStatus?, event: OrderEvent, message: String) {
        self.status = status
        self.event = event
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
