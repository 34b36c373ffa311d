#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Descriptive statistics of a sample: moments, quantiles, and the Jarque–Bera normality test.
///
/// Moments follow scipy's conventions: `variance` is the unbiased (n − 1) variance; `skewness` and
/// `excessKurtosis` are the biased moment ratios (`scipy.stats.skew`, `scipy.stats.kurtosis` with their defaults).
public struct SampleSummary: Hashable, Sendable, Codable {
    /// Number of values.
    public let count: Int
    /// Arithmetic mean.
    public let mean: Double
    /// Unbiased variance (divisor n − 1).
    public let variance: Double
    /// √variance.
    public var standardDeviation: Double { variance.squareRoot() }
    /// m₃ / m₂^1.5 with central moments mₖ of divisor n.
    public let skewness: Double
    /// m₄ / m₂² − 3.
    public let excessKurtosis: Double
    /// Smallest value.
    public let minimum: Double
    /// Largest value.
    public let maximum: Double
    /// Quantiles at 1%, 5%, 25%, 50%, 75%, 95%, 99% (linear interpolation, numpy's default).
    public let quantiles: [String: Double]

    /// Summarises `values`.
    /// - Throws: ``StatisticsError/Code/tooFewPoints`` for fewer than 2 values, ``StatisticsError/Code/outsideSupport``
    ///   for a non-finite value.
    public init(_ values: [Double]) throws(StatisticsError) {
        guard values.count >= 2 else {
            throw StatisticsError(.tooFewPoints, "need at least 2 values, have \(values.count)")
        }
        guard values.allSatisfy(\.isFinite) else {
            throw StatisticsError(.outsideSupport, "the sample has a non-finite value")
        }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        var m2 = 0.0
        var m3 = 0.0
        var m4 = 0.0
        for x in values {
            let d = x - mean
            let d2 = d * d
            m2 += d2
            m3 += d2 * d
            m4 += d2 * d2
        }
        m2 /= n
        m3 /= n
        m4 /= n
        count = values.count
        self.mean = mean
        variance = m2 * n / (n - 1)
        skewness = m2 > 0 ? m3 / pow(m2, 1.5) : .nan
        excessKurtosis = m2 > 0 ? m4 / (m2 * m2) - 3 : .nan
        let sorted = values.sorted()
        minimum = sorted[0]
        maximum = sorted[sorted.count - 1]
        var q: [String: Double] = [:]
        for (label, p) in [("p01", 0.01), ("p05", 0.05), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p95", 0.95)] {
            q[label] = Self.quantile(sorted: sorted, p)
        }
        q["p99"] = Self.quantile(sorted: sorted, 0.99)
        quantiles = q
    }

    /// The p-quantile of sorted values by linear interpolation between order statistics (numpy's `linear`).
    public static func quantile(sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// The Jarque–Bera test of normality: JB = n/6 (S² + K²/4), asymptotically χ² with 2 degrees of freedom
    /// (as `scipy.stats.jarque_bera`).
    public var jarqueBera: TestResult {
        let statistic = Double(count) / 6 * (skewness * skewness + excessKurtosis * excessKurtosis / 4)
        return TestResult(
            name: "jarque-bera",
            statistic: statistic,
            pValue: SpecialFunctions.chiSquareSurvival(statistic, degreesOfFreedom: 2),
            degreesOfFreedom: 2
        )
    }
}
