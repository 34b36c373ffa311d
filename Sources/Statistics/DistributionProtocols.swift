/// What continuous and discrete distributions share for fitting: the log-likelihood of one observation, and so of
/// a sample.
public protocol LikelihoodDistribution: Sendable {
    /// One observation: `Double` for a continuous distribution, `Int` for a discrete one.
    associatedtype Observation
    /// The log of the density (continuous) or the probability (discrete) of `x`; −∞ outside the support.
    func logLikelihood(of x: Observation) -> Double
}

extension LikelihoodDistribution {
    /// Σ log f(xᵢ) (a density or a probability), summed left to right.
    public func logLikelihood(_ sample: [Observation]) -> Double {
        sample.reduce(0) { $0 + logLikelihood(of: $1) }
    }
}

/// A distribution on the real line with a density.
public protocol ContinuousDistribution: LikelihoodDistribution where Observation == Double {
    /// The probability density at `x`.
    func pdf(_ x: Double) -> Double
    /// The log of the density at `x` (−∞ outside the support).
    func logPdf(_ x: Double) -> Double
    /// P(X ≤ x).
    func cdf(_ x: Double) -> Double
    /// The smallest x with cdf(x) ≥ p, for p in [0, 1].
    func quantile(_ p: Double) -> Double
    /// One draw.
    func sample(using generator: inout Xoshiro256StarStar) -> Double
}

/// A continuous distribution that fits a sample both by maximum likelihood and by the method of moments.
public protocol FittableContinuousDistribution: ContinuousDistribution {
    /// The maximum-likelihood fit of `values`.
    static func fitMaximumLikelihood(_ values: [Double]) throws(StatisticsError) -> Fit<Self>
    /// The method-of-moments fit of `values`.
    static func fitMethodOfMoments(_ values: [Double]) throws(StatisticsError) -> Fit<Self>
}

/// A distribution on the non-negative integers.
public protocol DiscreteDistribution: LikelihoodDistribution where Observation == Int {
    /// P(X = k).
    func pmf(_ k: Int) -> Double
    /// log P(X = k) (−∞ outside the support).
    func logPmf(_ k: Int) -> Double
    /// P(X ≤ k).
    func cdf(_ k: Int) -> Double
    /// The smallest k with cdf(k) ≥ p, for p in [0, 1).
    func quantile(_ p: Double) -> Int
    /// One draw.
    func sample(using generator: inout Xoshiro256StarStar) -> Int
}

extension ContinuousDistribution {
    /// `count` draws.
    public func samples(_ count: Int, using generator: inout Xoshiro256StarStar) -> [Double] {
        (0..<count).map { _ in sample(using: &generator) }
    }

    /// log f(x), the log density.
    public func logLikelihood(of x: Double) -> Double { logPdf(x) }
}

extension DiscreteDistribution {
    /// `count` draws.
    public func samples(_ count: Int, using generator: inout Xoshiro256StarStar) -> [Int] {
        (0..<count).map { _ in sample(using: &generator) }
    }

    /// log P(X = k).
    public func logLikelihood(of k: Int) -> Double { logPmf(k) }

    /// The quantile by search: from a starting guess, step to the smallest k with cdf(k) ≥ p(1 − 1e-12). The
    /// relative slack keeps a cdf that equals p exactly in real arithmetic (such as I_½(3, 3) = ½) from being
    /// missed by one rounding error, as scipy's `ppf` does.
    func searchQuantile(_ probability: Double, from guess: Int) -> Int {
        guard probability > 0 else { return 0 }
        let p = probability * (1 - 1e-12)
        var k = max(0, guess)
        if cdf(k) >= p {
            while k > 0 && cdf(k - 1) >= p { k -= 1 }
            return k
        }
        while cdf(k) < p {
            k += 1
            if k == Int.max / 2 { break }
        }
        return k
    }
}
