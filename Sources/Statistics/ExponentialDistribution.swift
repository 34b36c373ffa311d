#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exponential distribution with rate λ (mean 1/λ; scipy `expon(scale=1/λ)`): the waiting time between
/// events of a Poisson process, the model of trade inter-arrival times.
public struct ExponentialDistribution: FittableContinuousDistribution, Hashable {
    /// The rate λ > 0.
    public let rate: Double
    @usableFromInline let scale: Double

    /// Creates Exponential(rate).
    /// - Throws: ``StatisticsError/Code/invalidParameter`` unless the rate is positive and finite.
    public init(rate: Double) throws(StatisticsError) {
        guard rate > 0, rate.isFinite else {
            throw StatisticsError(.invalidParameter, "exponential: rate must be positive, got \(rate)")
        }
        self.rate = rate
        scale = 1 / rate
    }

    /// The density λe^(−λx).
    public func pdf(_ x: Double) -> Double { x < 0 ? 0 : rate * exp(-rate * x) }

    /// The log density.
    public func logPdf(_ x: Double) -> Double { x < 0 ? -.infinity : log(rate) - rate * x }

    /// P(X ≤ x) = 1 − e^(−λx).
    public func cdf(_ x: Double) -> Double { x <= 0 ? 0 : -expm1(-rate * x) }

    /// The p-quantile −ln(1 − p)/λ.
    public func quantile(_ p: Double) -> Double { -log1p(-p) / rate }

    /// One draw by inversion, −ln(U)/λ with U uniform on (0, 1].
    @inlinable
    public func sample(using generator: inout Xoshiro256StarStar) -> Double {
        -log(generator.nextPositiveUnit()) * scale
    }

    /// Maximum likelihood: λ̂ = 1/x̄, SE λ̂/√n (scipy `expon.fit(x, floc=0)` gives scale x̄).
    /// - Throws: ``StatisticsError`` for fewer than 2 values, a negative value, or an all-zero sample.
    public static func fitMaximumLikelihood(_ values: [Double]) throws(StatisticsError) -> Fit<ExponentialDistribution>
    {
        try check(values)
        let n = Double(values.count)
        let rate = n / values.reduce(0, +)
        let distribution = try ExponentialDistribution(rate: rate)
        return Fit(
            distribution: distribution,
            method: .maximumLikelihood,
            parameters: [ParameterEstimate(name: "rate", value: rate, standardError: rate / n.squareRoot())],
            sample: values
        )
    }

    /// The method of moments: λ̂ = 1/x̄ (the same estimate), with the distribution-free delta-method SE s/(x̄²√n).
    /// - Throws: as ``fitMaximumLikelihood(_:)``.
    public static func fitMethodOfMoments(_ values: [Double]) throws(StatisticsError) -> Fit<ExponentialDistribution> {
        try check(values)
        let parameters = MomentEstimator(values).estimate(names: ["rate"]) { m, _ in [1 / m] }
        return try .methodOfMoments(parameters, sample: values) { (estimates) throws(StatisticsError) in
            try ExponentialDistribution(rate: estimates[0])
        }
    }

    private static func check(_ values: [Double]) throws(StatisticsError) {
        guard values.count >= 2 else {
            throw StatisticsError(.tooFewPoints, "exponential: need at least 2 values, have \(values.count)")
        }
        if let bad = values.first(where: { !($0 >= 0 && $0.isFinite) }) {
            throw StatisticsError(.outsideSupport, "exponential: values must be non-negative, found \(bad)")
        }
        guard values.contains(where: { $0 > 0 }) else {
            throw StatisticsError(.degenerateSample, "exponential: every value is zero")
        }
    }
}
