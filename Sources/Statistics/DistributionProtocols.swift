/// A distribution on the real line with a density.
public protocol ContinuousDistribution: Sendable {
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

/// A distribution on the non-negative integers.
public protocol DiscreteDistribution: Sendable {
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
}

extension DiscreteDistribution {
    /// `count` draws.
    public func samples(_ count: Int, using generator: inout Xoshiro256StarStar) -> [Int] {
        (0..<count).map { _ in sample(using: &generator) }
    }

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
