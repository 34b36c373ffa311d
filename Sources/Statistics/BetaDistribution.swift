#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Beta(α, β) distribution on (0, 1): the model of a share, such as the taker-buy fraction of a minute's
/// volume.
public struct BetaDistribution: FittableContinuousDistribution, Hashable {
    /// The first shape α > 0.
    public let alpha: Double
    /// The second shape β > 0.
    public let beta: Double
    private let logNormalizer: Double

    /// Creates Beta(α, β).
    /// - Throws: ``StatisticsError/Code/invalidParameter`` unless both shapes are positive and finite.
    public init(alpha: Double, beta: Double) throws(StatisticsError) {
        guard alpha > 0, beta > 0, alpha.isFinite, beta.isFinite else {
            throw StatisticsError(.invalidParameter, "beta: need alpha > 0 and beta > 0, got \(alpha), \(beta)")
        }
        self.alpha = alpha
        self.beta = beta
        logNormalizer = SpecialFunctions.logBeta(alpha, beta)
    }

    /// The mean α/(α + β).
    public var mean: Double { alpha / (alpha + beta) }

    /// The density.
    public func pdf(_ x: Double) -> Double { exp(logPdf(x)) }

    /// The log density.
    public func logPdf(_ x: Double) -> Double {
        guard x > 0, x < 1 else { return -.infinity }
        return (alpha - 1) * log(x) + (beta - 1) * log1p(-x) - logNormalizer
    }

    /// P(X ≤ x) = I_x(α, β).
    public func cdf(_ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        return SpecialFunctions.regularizedBeta(x, alpha, beta)
    }

    /// The p-quantile, by bisection on the cdf refined with Newton steps (absolute error below 1e-14).
    public func quantile(_ p: Double) -> Double {
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        var lo = 0.0
        var hi = 1.0
        var x = mean
        for _ in 0..<200 {
            let f = cdf(x) - p
            if f > 0 { hi = x } else { lo = x }
            var next = x - f / pdf(x)
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if abs(next - x) < 1e-15 { return next }
            x = next
        }
        return x
    }

    /// One draw, as X/(X + Y) with X ~ Gamma(α), Y ~ Gamma(β).
    public func sample(using generator: inout Xoshiro256StarStar) -> Double {
        let x = GammaSampler.sample(shape: alpha, using: &generator)
        let y = GammaSampler.sample(shape: beta, using: &generator)
        return x / (x + y)
    }

    /// The method of moments: with mean m and divisor-n variance v, c = m(1 − m)/v − 1, α = mc, β = (1 − m)c.
    /// - Throws: ``StatisticsError`` when a value is outside (0, 1), or v ≥ m(1 − m).
    public static func fitMethodOfMoments(_ values: [Double]) throws(StatisticsError) -> Fit<BetaDistribution> {
        try check(values)
        let estimator = MomentEstimator(values)
        let m = estimator.mean
        guard estimator.variance < m * (1 - m) else {
            throw StatisticsError(.degenerateSample, "beta: variance too large for a Beta with this mean")
        }
        let parameters = estimator.estimate(names: ["alpha", "beta"]) { m, v in
            let c = m * (1 - m) / v - 1
            return [m * c, (1 - m) * c]
        }
        return try .methodOfMoments(parameters, sample: values) { (estimates) throws(StatisticsError) in
            try BetaDistribution(alpha: estimates[0], beta: estimates[1])
        }
    }

    /// Maximum likelihood by Newton's method on the two score equations
    /// ψ(α) − ψ(α + β) = mean ln x and ψ(β) − ψ(α + β) = mean ln(1 − x), from the moment estimates; standard
    /// errors from the inverse Fisher information n[[ψ′(α) − ψ′(α+β), −ψ′(α+β)], [−ψ′(α+β), ψ′(β) − ψ′(α+β)]].
    /// - Throws: ``StatisticsError`` when a value is outside (0, 1), the sample is degenerate, or Newton fails.
    public static func fitMaximumLikelihood(_ values: [Double]) throws(StatisticsError) -> Fit<BetaDistribution> {
        try check(values)
        let n = Double(values.count)
        let meanLogX = values.reduce(0) { $0 + log($1) } / n
        let meanLog1mX = values.reduce(0) { $0 + log1p(-$1) } / n
        var a: Double
        var b: Double
        if let start = try? fitMethodOfMoments(values) {
            a = start.distribution.alpha
            b = start.distribution.beta
        } else {
            a = 1
            b = 1
        }
        var converged = false
        for _ in 0..<500 {
            let psiAB = SpecialFunctions.digamma(a + b)
            let g1 = psiAB - SpecialFunctions.digamma(a) + meanLogX
            let g2 = psiAB - SpecialFunctions.digamma(b) + meanLog1mX
            let tAB = SpecialFunctions.trigamma(a + b)
            let h11 = tAB - SpecialFunctions.trigamma(a)
            let h22 = tAB - SpecialFunctions.trigamma(b)
            let h12 = tAB
            let det = h11 * h22 - h12 * h12
            var da = (h22 * g1 - h12 * g2) / det
            var db = (h11 * g2 - h12 * g1) / det
            // Keep both shapes positive: halve the step until they are.
            while a - da <= 0 || b - db <= 0 {
                da /= 2
                db /= 2
            }
            a -= da
            b -= db
            if abs(da) <= 1e-12 * a && abs(db) <= 1e-12 * b {
                converged = true
                break
            }
        }
        guard converged else { throw StatisticsError(.notConverged, "beta: Newton did not converge") }
        let distribution = try BetaDistribution(alpha: a, beta: b)
        let tAB = SpecialFunctions.trigamma(a + b)
        let (varA, varB) = inverseDiagonal(
            n * (SpecialFunctions.trigamma(a) - tAB),
            -n * tAB,
            n * (SpecialFunctions.trigamma(b) - tAB)
        )
        return Fit(
            distribution: distribution,
            method: .maximumLikelihood,
            parameters: [
                ParameterEstimate(name: "alpha", value: a, standardError: varA.squareRoot()),
                ParameterEstimate(name: "beta", value: b, standardError: varB.squareRoot()),
            ],
            sample: values
        )
    }

    private static func check(_ values: [Double]) throws(StatisticsError) {
        guard values.count >= 3 else {
            throw StatisticsError(.tooFewPoints, "beta: need at least 3 values, have \(values.count)")
        }
        if let bad = values.first(where: { !($0 > 0 && $0 < 1) }) {
            throw StatisticsError(.outsideSupport, "beta: values must lie strictly inside (0, 1), found \(bad)")
        }
        guard values.contains(where: { $0 != values[0] }) else {
            throw StatisticsError(.degenerateSample, "beta: all \(values.count) values are equal")
        }
    }
}
