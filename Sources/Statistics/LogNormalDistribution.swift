#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The LogNormal distribution: ln X ~ N(μ, σ²). In scipy terms `lognorm(s=σ, scale=e^μ)`. The model of trade
/// sizes and per-minute volumes.
public struct LogNormalDistribution: FittableContinuousDistribution, Hashable {
    /// The mean of ln X.
    public let mu: Double
    /// The standard deviation of ln X, σ > 0.
    public let sigma: Double

    /// Creates LogNormal(μ, σ).
    /// - Throws: ``StatisticsError/Code/invalidParameter`` unless μ is finite and σ > 0.
    public init(mu: Double, sigma: Double) throws(StatisticsError) {
        guard mu.isFinite, sigma.isFinite, sigma > 0 else {
            throw StatisticsError(.invalidParameter, "lognormal: need finite mu and sigma > 0, got \(mu), \(sigma)")
        }
        self.mu = mu
        self.sigma = sigma
    }

    /// The mean e^(μ + σ²/2).
    public var mean: Double { exp(mu + sigma * sigma / 2) }

    /// The density.
    public func pdf(_ x: Double) -> Double { exp(logPdf(x)) }

    /// The log density.
    public func logPdf(_ x: Double) -> Double {
        guard x > 0 else { return -.infinity }
        let z = (log(x) - mu) / sigma
        return -0.5 * z * z - log(sigma * x) - SpecialFunctions.halfLogTwoPi
    }

    /// P(X ≤ x) = Φ((ln x − μ)/σ).
    public func cdf(_ x: Double) -> Double {
        guard x > 0 else { return 0 }
        return NormalDistribution.standardCDF((log(x) - mu) / sigma)
    }

    /// The p-quantile e^(μ + σΦ⁻¹(p)).
    public func quantile(_ p: Double) -> Double { exp(mu + sigma * NormalDistribution.standardQuantile(p)) }

    /// One draw.
    public func sample(using generator: inout Xoshiro256StarStar) -> Double {
        exp(mu + sigma * NormalDistribution.standardSample(using: &generator))
    }

    /// Maximum likelihood (closed form): μ̂ = mean ln x, σ̂² = mean (ln x − μ̂)² (divisor n, as scipy's
    /// `lognorm.fit(x, floc=0)`); SE(μ̂) = σ̂/√n, SE(σ̂) = σ̂/√(2n).
    /// - Throws: ``StatisticsError`` for fewer than 2 values, a value ≤ 0, or all values equal.
    public static func fitMaximumLikelihood(_ values: [Double]) throws(StatisticsError) -> Fit<LogNormalDistribution> {
        try check(values)
        let n = Double(values.count)
        let logs = values.map { log($0) }
        let mu = logs.reduce(0, +) / n
        let sigma = (logs.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / n).squareRoot()
        let distribution = try LogNormalDistribution(mu: mu, sigma: sigma)
        return Fit(
            distribution: distribution,
            method: .maximumLikelihood,
            parameters: [
                ParameterEstimate(name: "mu", value: mu, standardError: sigma / n.squareRoot()),
                ParameterEstimate(name: "sigma", value: sigma, standardError: sigma / (2 * n).squareRoot()),
            ],
            sample: values
        )
    }

    /// The method of moments on x itself: σ² = ln(1 + v/m²), μ = ln m − σ²/2; delta-method SEs.
    /// - Throws: as ``fitMaximumLikelihood(_:)``.
    public static func fitMethodOfMoments(_ values: [Double]) throws(StatisticsError) -> Fit<LogNormalDistribution> {
        try check(values)
        let parameters = MomentEstimator(values).estimate(names: ["mu", "sigma"]) { m, v in
            let s2 = log1p(v / (m * m))
            return [log(m) - s2 / 2, s2.squareRoot()]
        }
        return try .methodOfMoments(parameters, sample: values) { (estimates) throws(StatisticsError) in
            try LogNormalDistribution(mu: estimates[0], sigma: estimates[1])
        }
    }

    private static func check(_ values: [Double]) throws(StatisticsError) {
        guard values.count >= 3 else {
            throw StatisticsError(.tooFewPoints, "lognormal: need at least 3 values, have \(values.count)")
        }
        if let bad = values.first(where: { !($0 > 0 && $0.isFinite) }) {
            throw StatisticsError(.outsideSupport, "lognormal: values must be positive and finite, found \(bad)")
        }
        guard values.contains(where: { $0 != values[0] }) else {
            throw StatisticsError(.degenerateSample, "lognormal: all \(values.count) values are equal")
        }
    }
}
