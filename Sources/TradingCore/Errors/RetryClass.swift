/// What a client may do after a Binance error: the four classes of the error taxonomy.
public enum RetryClass: String, Sendable, Hashable, CaseIterable {
    /// Not executed and transient: retry (a bounded number of times, after the fix the recovery names).
    case retry
    /// Throttled and not executed: wait for `Retry-After` (or the next window) and shrink the budget first.
    case retryAfterBackoff
    /// Permanent for this request: fix the request, never resend it as is.
    case doNotRetry
    /// The order may or may not have executed: reconcile (query by client order id) before any retry.
    case unknownOutcome
}
