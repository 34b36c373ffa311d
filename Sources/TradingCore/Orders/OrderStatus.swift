/// The status of an order, as Binance reports it.
public enum OrderStatus: String, Sendable, Hashable, CaseIterable {
    /// Accepted by the engine; nothing executed yet.
    case new = "NEW"
    /// Part of the quantity executed.
    case partiallyFilled = "PARTIALLY_FILLED"
    /// The whole quantity executed.
    case filled = "FILLED"
    /// Canceled by the user.
    case canceled = "CANCELED"
    /// A cancel was requested and is being processed (not used by Binance spot today, still in the enum).
    case pendingCancel = "PENDING_CANCEL"
    /// Not accepted by the engine.
    case rejected = "REJECTED"
    /// Canceled by the rules of the order type (IOC/FOK leftovers, market orders without liquidity).
    case expired = "EXPIRED"
    /// Expired by self-trade prevention.
    case expiredInMatch = "EXPIRED_IN_MATCH"

    /// Whether no further transition is possible.
    public var isTerminal: Bool {
        switch self {
        case .filled, .canceled, .rejected, .expired, .expiredInMatch: true
        case .new, .partiallyFilled, .pendingCancel: false
        }
    }

    /// Whether the order still rests (or may rest) on the book.
    public var isOpen: Bool { self == .new || self == .partiallyFilled }
}
