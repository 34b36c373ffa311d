import Foundation
import TOMLPrecheck

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

    /// The longest single wait between tries, whatever the server's `Retry-After` or the attempt count says.
    public static let maximumWait: Duration = .seconds(120)

    /// How long to wait after the `attempt`-th try (1-based) failed with `status` (0 for a connection error).
    ///
    /// Never longer than ``maximumWait``: a longer wait (a `Retry-After` of years, say) becomes a jittered
    /// 90–100% of it, so a server cannot park `seal` and clients that were told the same do not retry in step.
    public func wait(attempt: Int, status: Int, retryAfter: Duration?) -> Duration {
        let cap = DurationText.seconds(Self.maximumWait)
        let seconds: Double
        if let retryAfter, status == 429 || status == 503 {
            seconds = DurationText.seconds(retryAfter)
        } else {
            let low = DurationText.seconds(minWait)
            let high = DurationText.seconds(maxWait)
            let step = high > low ? Double.random(in: low...high) : low
            seconds = Double(attempt) * step
        }
        guard seconds.isFinite, seconds <= cap else {
            return .milliseconds(Int64((cap * Double.random(in: 0.9...1.0) * 1000).rounded()))
        }
        return .milliseconds(Int64((max(0, seconds) * 1000).rounded()))
    }

    /// Parses `Retry-After`: delta-seconds or an HTTP date, clamped to `0...DurationText.maximum`.
    public static func parseRetryAfter(_ value: String) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let delay = DurationText.parseDeltaSeconds(trimmed) { return delay }
        // An HTTP-date is 29 printable ASCII characters (`Sun, 06 Nov 1994 08:49:37 GMT`); anything else never
        // reaches Foundation's DateFormatter, which traps on some malformed Unicode (found by FuzzVaultText).
        guard trimmed.utf8.count <= 64, trimmed.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        let seconds = min(max(0, date.timeIntervalSinceNow), Double(DurationText.maximumSeconds))
        return .milliseconds(Int64((seconds.isFinite ? seconds : 0) * 1000))
    }
}
