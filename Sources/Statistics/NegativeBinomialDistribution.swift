#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The negative binomial distribution in scipy's `nbinom(n=r, p)` parameterisation:
/// P(X = k) = Γ(k + r) / (Γ(r) k!) pʳ (1 − p)ᵏ, mean r(1 − p)/p, variance r(1 − p)/p².
///
/// It is the Poisson distribution whose rate is itself Gamma-distributed, the usual model of counts that
/// vary more than a Poisson allows (overdispersion); r → ∞ at fixed mean recovers the Poisson.
public struct NegativeBinomialDistribution: DiscreteDistribution, Hashable {
    /// The size (shape) r > 0.
    public let r: Double
    /// The success probability p in (0, 1).
    public let p: Double

    /// Creates NB(r, p).
    /// - Throws: ``StatisticsError/Code/invalidParameter`` unless r > 0 and 0 < p < 1.
    public init(r: Double, p: Double) throws(StatisticsError) {
        guard r > 0, r.isFinite, p > 0, p < 1 else {
            throw StatisticsError(.invalidParameter, "negative binomial: need r > 0 and 0 < p < 1, got r=\(r) p=\(p)")
        }
        self.r = r
        self.p = p
    }

    /// The mean r(1 − p)/p.
    public var mean: Double { r * (1 - p) / p }
    /// The variance r(1 − p)/p².
    public var variance: Double { r * (1 - p) / (p * p) }

    /// P(X = k).
    public func pmf(_ k: Int) -> Double { exp(logPmf(k)) }

    /// log P(X = k).
    public func logPmf(_ k: Int) -> Double {
        guard k >= 0 else { return -.infinity }
        let kd = Double(k)
        return SpecialFunctions.logGamma(kd + r) - SpecialFunctions.logGamma(r) - SpecialFunctions.logGamma(kd + 1)
            + r * log(p) + kd * log1p(-p)
    }

    /// P(X ≤ k) = I_p(r, k + 1).
    public func cdf(_ k: Int) -> Double {
        guard k >= 0 else { return 0 }
        return SpecialFunctions.regularizedBeta(p, r, Double(k) + 1)
    }

    /// The smallest k with P(X ≤ k) ≥ p.
    public func quantile(_ probability: Double) -> Int {
        let z = NormalDistribution.standardQuantile(min(max(probability, 1e-300), 1 - 1e-16))
        return searchQuantile(probability, from: Int(max(0, (mean + variance.squareRoot() * z).rounded())))
    }

    /// One draw: a Gamma(r, (1 − p)/p) rate, then a Poisson draw with that rate.
    public func sample(using generator: inout Xoshiro256StarStar) -> Int {
        let rate = GammaSampler.sample(shape: r, using: &generator) * (1 - p) / p
        guard rate > 0 else { return 0 }
        guard let poisson = try? PoissonDistribution(lambda: rate) else { return 0 }
        return poisson.sample(using: &generator)
    }

    /// The method of moments: p̂ = x̄ / v, r̂ = x̄² / (v − x̄), with v the divisor-n variance; delta-method SEs.
    /// - Throws: ``StatisticsError/Code/degenerateSample`` when v ≤ x̄ (no overdispersion: the Poisson limit).
    public static func fitMethodOfMoments(_ counts: [Int]) throws(StatisticsError) -> Fit<NegativeBinomialDistribution>
    {
        try PoissonDistribution.checkCounts(counts, model: "negative binomial")
        let estimator = MomentEstimator(counts.map(Double.init))
        guard estimator.variance > estimator.mean else {
            throw StatisticsError(
                .degenerateSample,
                "negative binomial: variance \(estimator.variance) ≤ mean \(estimator.mean); no overdispersion"
            )
        }
        let parameters = estimator.estimate(names: ["r", "p"]) { m, v in [m * m / (v - m), m / v] }
        return try .methodOfMoments(parameters, sample: counts) { (estimates) throws(StatisticsError) in
            try NegativeBinomialDistribution(r: estimates[0], p: estimates[1])
        }
    }

    /// Maximum likelihood. The profile score in r, Σψ(kᵢ + r) − nψ(r) + n ln(r/(r + x̄)) = 0, is solved by
    /// Newton's method on ln r safeguarded by bisection; then p̂ = r̂/(r̂ + x̄). Standard errors come from the
    /// inverse of the observed information matrix in (r, p).
    /// - Throws: ``StatisticsError/Code/degenerateSample`` when the sample variance does not exceed its mean
    ///   (the likelihood then increases without bound in r: the Poisson limit), ``StatisticsError/Code/notConverged``.
    public static func fitMaximumLikelihood(
        _ counts: [Int]
    ) throws(StatisticsError) -> Fit<NegativeBinomialDistribution> {
        try PoissonDistribution.checkCounts(counts, model: "negative binomial")
        let n = Double(counts.count)
        let mean = Double(counts.reduce(0, +)) / n
        let variance = counts.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
        guard variance > mean else {
            throw StatisticsError(
                .degenerateSample,
                "negative binomial: variance \(variance) ≤ mean \(mean); no overdispersion (the Poisson limit)"
            )
        }
        // Distinct values with multiplicities: the score sums run over far fewer terms.
        var multiplicity: [Int: Double] = [:]
        for k in counts { multiplicity[k, default: 0] += 1 }
        // Sorted, so that the sums (and the fit, to the last bit) do not depend on the hash seed.
        let table = multiplicity.sorted { $0.key < $1.key }.map { (Double($0.key), $0.value) }
        func score(_ r: Double) -> Double {
            var s = -n * SpecialFunctions.digamma(r) + n * log(r / (r + mean))
            for (k, m) in table { s += m * SpecialFunctions.digamma(k + r) }
            return s
        }
        func scoreDerivative(_ r: Double) -> Double {
            var s = -n * SpecialFunctions.trigamma(r) + n * (1 / r - 1 / (r + mean))
            for (k, m) in table { s += m * SpecialFunctions.trigamma(k + r) }
            return s
        }
        // The score is positive for small r and negative for large r when v > x̄; bracket the root.
        var lo = 1e-8
        var hi = max(1.0, mean * mean / (variance - mean))
        var grow = 0
        while score(hi) > 0 {
            lo = hi
            hi *= 4
            grow += 1
            if grow > 60 { throw StatisticsError(.notConverged, "negative binomial: no root of the score in r") }
        }
        var r = min(max(mean * mean / (variance - mean), lo), hi)
        var converged = false
        for _ in 0..<200 {
            let s = score(r)
            if s > 0 { lo = r } else { hi = r }
            // Newton step in u = ln r: du = −s / (r s′).
            var next = r * exp(-s / (r * scoreDerivative(r)))
            if !(next > lo && next < hi) || !next.isFinite { next = (lo * hi).squareRoot() }
            if abs(next - r) <= 1e-13 * r {
                r = next
                converged = true
                break
            }
            r = next
        }
        guard converged else { throw StatisticsError(.notConverged, "negative binomial: Newton did not converge") }
        let p = r / (r + mean)
        let distribution = try NegativeBinomialDistribution(r: r, p: p)
        // Observed information in (r, p).
        var drr = -n * SpecialFunctions.trigamma(r)
        for (k, m) in table { drr += m * SpecialFunctions.trigamma(k + r) }
        let drp = n / p
        let dpp = -n * r / (p * p) - n * mean / ((1 - p) * (1 - p))
        let (varR, varP) = inverseDiagonal(-drr, -drp, -dpp)
        return Fit(
            distribution: distribution,
            method: .maximumLikelihood,
            parameters: [
                ParameterEstimate(name: "r", value: r, standardError: varR.squareRoot()),
                ParameterEstimate(name: "p", value: p, standardError: varP.squareRoot()),
            ],
            sample: counts
        )
    }
}

/// The diagonal of the inverse of the symmetric 2×2 matrix [[a, b], [b, c]].
func inverseDiagonal(_ a: Double, _ b: Double, _ c: Double) -> (Double, Double) {
    let det = a * c - b * b
    return (c / det, a / det)
}
