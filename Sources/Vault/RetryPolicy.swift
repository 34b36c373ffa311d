import Foundation

/// The Go client's retry policy (`api.DefaultRetryPolicy` over go-retryablehttp).
///
/// Retried: connection errors, 412, 429 and every 5xx except 501. The wait before try `n + 1` is the server's
/// `Retry-After` on 429 and 503 when it sends one, else `n × U[minWait, maxWait]` (1.0–1.5 s, then 2.0–3.0 s).
public struct RetryPolicy: Sendable {
    /// Retries after the first try.
    public let maxRetries: Int
    /// The lower bound of one step of the linear jittered wait.
    public let minWait: Duration
    /// The upper bound of one step of the linear jittered wait.
    public let maxWait: Duration

    /// A policy.
    public init(maxRetries: Int, minWait: Duration, maxWait: Duration) {
        self.maxRetries = max(0, maxRetries)
        self.minWait = minWait
        self.maxWait = max(minWait, maxWait)
    }

    /// Whether an answer with this status is retried.
    public func shouldRetry(status: Int) -> Bool {
        status == 412 || status == 429 || (status >= 500 && status != 501)
    }

    /// How long to wait after the `attempt`-th try (1-based) failed with `status` (0 for a connection error).
    public func wait(attempt: Int, status: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter, status == 429 || status == 503 { return retryAfter }
        let low = VaultDuration.seconds(minWait)
        let high = VaultDuration.seconds(maxWait)
        let step = high > low ? Double.random(in: low...high) : low
        return .milliseconds(Int64((Double(attempt) * step * 1000).rounded()))
    }

    /// Parses `Retry-After`: delta-seconds or an HTTP date.
    public static func parseRetryAfter(_ value: String) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSinceNow) * 1000))
    }
}
