import Foundation

/// The outcome of one run: counts, the measured period, the latency percentiles and the answered client order ids.
struct LoadSummary: Sendable {
    /// Orders scheduled (rate × seconds, rounded up).
    var intended = 0
    /// Orders written to a connection.
    var sent = 0
    /// The clientOrderId of every 200 answer that carried one, in the order the answers arrived.
    var answeredIDs: [String] = []
    /// Answers other than a 200 with a clientOrderId.
    var failures = 0
    /// Connections that failed to open, failed, or were closed by the peer before the run ended.
    var socketErrors = 0
    /// The measured period: the scheduled seconds, or longer if answers came in after it.
    var seconds = 0.0
    /// Latency percentiles and maximum in milliseconds, each from the intended send time.
    var p50 = 0.0
    var p99 = 0.0
    var p999 = 0.0
    var max = 0.0

    /// `intended sent answered failures socket_errors seconds achieved_rate p50_ms p99_ms p99.9_ms max_ms`.
    var resultLine: String {
        let achieved = seconds > 0 ? Double(answeredIDs.count) / seconds : 0
        return "\(intended) \(sent) \(answeredIDs.count) \(failures) \(socketErrors) "
            + String(format: "%.6f %.1f %.3f %.3f %.3f %.3f", seconds, achieved, p50, p99, p999, max)
    }
}
