#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The normal distribution N(μ, σ²): the base of the LogNormal and of the Anderson–Darling normality test.
///
/// The cdf uses the C library's `erfc` (accurate to a few ulp); the quantile is Acklam's rational
/// approximation (relative error 1.15e-9) refined by one Halley step on `erfc`, which brings it to about
/// 1e-15 relative (checked against `scipy.stats.norm.ppf`).
public struct NormalDistribution: ContinuousDistribution, Hashable {
    /// The mean μ.
    public let mean: Double
    /// The standard deviation σ > 0.
    public let standardDeviation: Double

    /// Creates N(mean, standardDeviation²).
    /// - Throws: ``StatisticsError/Code/invalidParameter`` unless σ is positive and both are finite.
    public init(mean: Double, standardDeviation: Double) throws(StatisticsError) {
        guard mean.isFinite, standardDeviation.isFinite, standardDeviation > 0 else {
            throw StatisticsError(.invalidParameter, "normal: need finite mean and sigma > 0")
        }
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// The standard normal N(0, 1).
    public static let standard = try! NormalDistribution(mean: 0, standardDeviation: 1)

    /// The density.
    public func pdf(_ x: Double) -> Double { exp(logPdf(x)) }

    /// The log density.
    public func logPdf(_ x: Double) -> Double {
        let z = (x - mean) / standardDeviation
        return -0.5 * z * z - log(standardDeviation) - SpecialFunctions.halfLogTwoPi
    }

    /// P(X ≤ x).
    public func cdf(_ x: Double) -> Double { Self.standardCDF((x - mean) / standardDeviation) }

    /// The p-quantile.
    public func quantile(_ p: Double) -> Double { mean + standardDeviation * Self.standardQuantile(p) }

    /// One draw (Marsaglia's polar method; the second value of each pair is discarded to keep the
    /// generator's stream the only state).
    public func sample(using generator: inout Xoshiro256StarStar) -> Double {
        mean + standardDeviation * Self.standardSample(using: &generator)
    }

    /// Φ(z) for the standard normal.
    public static func standardCDF(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// 1 − Φ(z), without cancellation.
    public static func standardSurvival(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// Φ⁻¹(p) for the standard normal.
    public static func standardQuantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let low = 0.024_25
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x = tailNumerator(q) / tailDenominator(q)
        } else if p <= 1 - low {
            let q = p - 0.5
            let r = q * q
            let num =
                (((((-3.969_683_028_665_376e1 * r + 2.209_460_984_245_205e2) * r - 2.759_285_104_469_687e2) * r
                    + 1.383_577_518_672_690e2) * r - 3.066_479_806_614_716e1) * r + 2.506_628_277_459_239) * q
            let den =
                ((((-5.447_609_879_822_406e1 * r + 1.615_858_368_580_409e2) * r - 1.556_989_798_598_866e2) * r
                    + 6.680_131_188_771_972e1) * r - 1.328_068_155_288_572e1) * r + 1
            x = num / den
        } else {
            let q = (-2 * log1p(-p)).squareRoot()
            x = -tailNumerator(q) / tailDenominator(q)
        }
        // One Halley step on e = Φ(x) − p, computed on the smaller tail to avoid cancellation.
        let e = x < 0 ? standardCDF(x) - p : (1 - p) - standardSurvival(x)
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }

    private static func tailNumerator(_ q: Double) -> Double {
        ((((-7.784_894_002_430_293e-3 * q - 3.223_964_580_411_365e-1) * q - 2.400_758_277_161_838) * q
            - 2.549_732_539_343_734) * q + 4.374_664_141_464_968) * q + 2.938_163_982_698_783
    }

    private static func tailDenominator(_ q: Double) -> Double {
        (((7.784_695_709_041_462e-3 * q + 3.224_671_290_700_398e-1) * q + 2.445_134_137_142_996) * q
            + 3.754_408_661_907_416) * q + 1
    }

    /// One standard normal draw (Marsaglia's polar method).
    public static func standardSample(using generator: inout Xoshiro256StarStar) -> Double {
        while true {
            let u = 2 * generator.nextUnit() - 1
            let v = 2 * generator.nextUnit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }
}
