#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Poisson distribution with mean λ: the model of event counts per interval when events arrive
/// independently at a constant rate.
public struct PoissonDistribution: DiscreteDistribution, Hashable {
    /// The mean (and variance) λ > 0.
    public let lambda: Double
    // Constants of the PTRS sampler (Hörmann 1993), precomputed for λ ≥ 10.
    private let sqrtLambda: Double
    private let logLambda: Double
    private let b: Double
    private let a: Double
    private let logInverseAlpha: Double
    private let vr: Double
    private let expMinusLambda: Double

    /// Creates Poisson(λ).
    /// - Throws: ``StatisticsError/Code/invalidParameter`` unless 0 < λ < 1e12.
    public init(lambda: Double) throws(StatisticsError) {
        guard lambda > 0, lambda < 1e12 else {
            throw StatisticsError(.invalidParameter, "poisson: lambda must be in (0, 1e12), got \(lambda)")
        }
        self.lambda = lambda
        sqrtLambda = lambda.squareRoot()
        logLambda = log(lambda)
        b = 0.931 + 2.53 * sqrtLambda
        a = -0.059 + 0.024_83 * b
        logInverseAlpha = log(1.1239 + 1.1328 / (b - 3.4))
        vr = 0.9277 - 3.6224 / (b - 2)
        expMinusLambda = exp(-lambda)
    }

    /// P(X = k).
    public func pmf(_ k: Int) -> Double { exp(logPmf(k)) }

    /// log P(X = k).
    public func logPmf(_ k: Int) -> Double {
        guard k >= 0 else { return -.infinity }
        return Double(k) * logLambda - lambda - SpecialFunctions.logGamma(Double(k) + 1)
    }

    /// P(X ≤ k) = Q(k + 1, λ).
    public func cdf(_ k: Int) -> Double {
        guard k >= 0 else { return 0 }
        return SpecialFunctions.regularizedGammaQ(Double(k) + 1, lambda)
    }

    /// The smallest k with P(X ≤ k) ≥ p.
    public func quantile(_ p: Double) -> Int {
        let guess = lambda + sqrtLambda * NormalDistribution.standardQuantile(min(max(p, 1e-300), 1 - 1e-16))
        return searchQuantile(p, from: Int(max(0, guess.rounded())))
    }

    /// One draw: inversion by sequential search for λ < 10, Hörmann's transformed rejection (PTRS) above.
    @inlinable
    public func sample(using generator: inout Xoshiro256StarStar) -> Int {
        lambda < 10 ? sampleByInversion(using: &generator) : sampleByRejection(using: &generator)
    }

    @usableFromInline
    func sampleByInversion(using generator: inout Xoshiro256StarStar) -> Int {
        var u = generator.nextUnit()
        var k = 0
        var p = expMinusLambda
        while u > p {
            u -= p
            k += 1
            p *= lambda / Double(k)
            if k > 1000 { break }
        }
        return k
    }

    @usableFromInline
    func sampleByRejection(using generator: inout Xoshiro256StarStar) -> Int {
        while true {
            let u = generator.nextUnit() - 0.5
            let v = generator.nextUnit()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + lambda + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + logInverseAlpha - log(a / (us * us) + b)
                <= -lambda + k * logLambda - SpecialFunctions.logGamma(k + 1)
            {
                return Int(k)
            }
        }
    }

    /// Maximum likelihood: λ̂ = the sample mean, SE √(λ̂/n).
    /// - Throws: ``StatisticsError`` for an empty sample, a negative count, or an all-zero sample.
    public static func fitMaximumLikelihood(_ counts: [Int]) throws(StatisticsError) -> Fit<PoissonDistribution> {
        try checkCounts(counts, model: "poisson")
        let n = Double(counts.count)
        let mean = Double(counts.reduce(0, +)) / n
        let distribution = try PoissonDistribution(lambda: mean)
        return Fit(
            distribution: distribution,
            method: .maximumLikelihood,
            parameters: [ParameterEstimate(name: "lambda", value: mean, standardError: (mean / n).squareRoot())],
            sample: counts
        )
    }

    /// The method of moments: λ̂ = the sample mean, with the distribution-free SE √(s²/n).
    /// - Throws: as ``fitMaximumLikelihood(_:)``.
    public static func fitMethodOfMoments(_ counts: [Int]) throws(StatisticsError) -> Fit<PoissonDistribution> {
        try checkCounts(counts, model: "poisson")
        let estimator = MomentEstimator(counts.map(Double.init))
        let parameters = estimator.estimate(names: ["lambda"]) { m, _ in [m] }
        return try .methodOfMoments(parameters, sample: counts) { (estimates) throws(StatisticsError) in
            try PoissonDistribution(lambda: estimates[0])
        }
    }

    static func checkCounts(_ counts: [Int], model: String) throws(StatisticsError) {
        guard counts.count >= 2 else {
            throw StatisticsError(.tooFewPoints, "\(model): need at least 2 counts, have \(counts.count)")
        }
        if let bad = counts.first(where: { $0 < 0 }) {
            throw StatisticsError(.outsideSupport, "\(model): counts must be non-negative, found \(bad)")
        }
        guard counts.contains(where: { $0 > 0 }) else {
            throw StatisticsError(.degenerateSample, "\(model): every count is zero")
        }
    }
}
