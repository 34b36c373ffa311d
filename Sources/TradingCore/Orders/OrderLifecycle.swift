/// The order state machine: status plus the quantities that drive it.
///
/// Statuses and transitions as Binance reports them: a submitted order becomes NEW or REJECTED; fills move it
/// through PARTIALLY_FILLED to FILLED; a cancel goes through PENDING_CANCEL to CANCELED (or back); IOC, FOK and
/// MARKET leftovers become EXPIRED; self-trade prevention makes EXPIRED_IN_MATCH. FILLED, CANCELED, REJECTED,
/// EXPIRED and EXPIRED_IN_MATCH are terminal. The invariant `executed + prevented <= original` always holds.
public struct OrderLifecycle: Sendable, Hashable {
    /// The status; `nil` until the engine acknowledges the order.
    public private(set) var status: OrderStatus?
    /// The original quantity.
    public let originalQuantity: FixedDecimal
    /// The executed quantity.
    public private(set) var executedQuantity: FixedDecimal
    /// The quantity removed by self-trade prevention (Binance `preventedQuantity`).
    public private(set) var preventedQuantity: FixedDecimal
    private var statusBeforeCancel: OrderStatus?

    /// A submitted, not yet acknowledged order of `quantity`.
    public init(quantity: FixedDecimal) {
        originalQuantity = quantity
        executedQuantity = FixedDecimal(raw: 0, scale: quantity.scale)
        preventedQuantity = executedQuantity
    }

    /// What can still execute: `original - executed - prevented`.
    public var availableQuantity: FixedDecimal {
        let used = (try? executedQuantity.adding(preventedQuantity)) ?? originalQuantity
        return (try? originalQuantity.subtracting(used)) ?? FixedDecimal.zero
    }

    /// Applies `event`, returning the new status, or throws if the event is not allowed now.
    @discardableResult
    public mutating func apply(_ event: OrderEvent) throws(OrderTransitionError) -> OrderStatus {
        func refuse(_ why: String) -> OrderTransitionError {
            OrderTransitionError(
                status: status,
                event: event,
                message: "\(status?.rawValue ?? "submitted"): \(why)"
            )
        }
        if let status, status.isTerminal { throw refuse("the order is already \(status.rawValue)") }
        switch event {
        case .accept, .reject:
            guard status == nil else { throw refuse("the order was already acknowledged") }
            status = event == .accept ? .new : .rejected
        case .fill(let quantity), .prevent(let quantity):
            guard status == .new || status == .partiallyFilled || status == .pendingCancel else {
                throw refuse("nothing can execute")
            }
            guard quantity > FixedDecimal.zero, quantity <= availableQuantity else {
                throw refuse("quantity \(quantity) is not within the available \(availableQuantity)")
            }
            if case .fill = event {
                executedQuantity = (try? executedQuantity.adding(quantity)) ?? executedQuantity
            } else {
                preventedQuantity = (try? preventedQuantity.adding(quantity)) ?? preventedQuantity
            }
            let isFill = event == .fill(quantity)
            if availableQuantity.isZero {
                status = isFill ? .filled : .expiredInMatch
            } else if isFill && status != .pendingCancel {
                status = .partiallyFilled
            }
        case .expireInMatch:
            guard status != nil else { throw refuse("an unacknowledged order cannot expire") }
            status = .expiredInMatch
        case .expire:
            guard status != nil else { throw refuse("an unacknowledged order cannot expire") }
            status = .expired
        case .requestCancel:
            guard status == .new || status == .partiallyFilled else {
                throw refuse("only an open order can be canceled")
            }
            statusBeforeCancel = status
            status = .pendingCancel
        case .confirmCancel:
            guard status == .new || status == .partiallyFilled || status == .pendingCancel else {
                throw refuse("only an open order can be canceled")
            }
            status = .canceled
        case .rejectCancel:
            guard status == .pendingCancel else { throw refuse("no cancel is pending") }
            status = statusBeforeCancel ?? .new
        }
        return status ?? .new
    }
}
