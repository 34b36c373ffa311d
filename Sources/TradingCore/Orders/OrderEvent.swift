/// Something that happens to an order; the input of ``OrderLifecycle/apply(_:)``.
public enum OrderEvent: Sendable, Hashable {
    /// The engine accepted the order (NEW).
    case accept
    /// The engine refused the order (REJECTED).
    case reject
    /// A trade of this quantity.
    case fill(FixedDecimal)
    /// Self-trade prevention removed this quantity (DECREMENT, or the expired rest of EXPIRE_* modes).
    case prevent(FixedDecimal)
    /// Self-trade prevention expired the order (EXPIRED_IN_MATCH).
    case expireInMatch
    /// The order type's rules expired the rest: IOC/FOK leftovers, MARKET without liquidity (EXPIRED).
    case expire
    /// The user asked to cancel (PENDING_CANCEL).
    case requestCancel
    /// The cancel went through (CANCELED).
    case confirmCancel
    /// The cancel was refused (back to NEW or PARTIALLY_FILLED).
    case rejectCancel
}
