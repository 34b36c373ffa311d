/// The outcome of validating one order: accepted (possibly with rules left unchecked) or rejected.
public enum OrderVerdict: Sendable, Hashable {
    /// The order passes every rule that could be checked; `unchecked` lists those that could not.
    case accepted(unchecked: UncheckedRules)
    /// The order is rejected as Binance would reject it.
    case rejected(OrderRejection)

    /// The rejection, if any.
    public var rejection: OrderRejection? {
        if case .rejected(let rejection) = self { return rejection }
        return nil
    }
}
