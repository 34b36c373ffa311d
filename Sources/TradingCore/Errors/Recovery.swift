/// The recovery strategy for a Binance error.
public enum Recovery: String, Sendable, Hashable, CaseIterable {
    /// Back off for `Retry-After` seconds (or to the next interval boundary) and shrink the limiter budget.
    case backOff
    /// Re-sync the clock (`GET /api/v3/time`), then resend with a new timestamp and signature.
    case resyncClock
    /// Resend once, unchanged.
    case retryOnce
    /// Switch to another endpoint or connection and resend.
    case switchEndpoint
    /// Query the order by `origClientOrderId` (or watch the user stream); resend only with the same client id.
    case reconcile
    /// Correct the request (parameters, filters, precision) before sending again.
    case fixRequest
    /// The order is already gone: treat a cancel as done.
    case treatAsDone
    /// Check the API key, its permissions, IP allow-list and signature; page an operator.
    case checkCredentials
    /// Re-establish the session (FIX or WebSocket) and its subscriptions.
    case reconnect
    /// Stop and alert an operator: the account or symbol is not in a tradable state.
    case alertOperator
}
