#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A table-driven Poisson sampler for generating many draws with one λ (synthetic order flow): inversion of the
/// tabulated cdf with a guide table (Chen and Asau's indexed search), about two comparisons per draw.
///
/// The table covers 0…⌈λ + 12√λ + 20⌉; the mass beyond it (below 1e-30) is folded into its last entry. For
/// λ above 10,000 the table would be large, so the sampler uses ``PoissonDistribution``'s transformed rejection.
public struct PoissonSampler: Sendable {
    /// The distribution sampled.
    public let distribution: PoissonDistribution
    @usableFromInline let cdf: [Double]
    @usableFromInline let guide: [Int32]
    @usableFromInline let scale: Double

    /// Builds the tables for `distribution` (O(λ) time and memory, once).
    public init(_ distribution: PoissonDistribution) {
        self.distribution = distribution
        let lambda = distribution.lambda
        guard lambda <= 10_000 else {
            cdf = []
            guide = []
            scale = 0
            return
        }
        let count = Int((lambda + 12 * lambda.squareRoot() + 20).rounded(.up)) + 1
        var table = [Double](repeating: 0, count: count)
        var sum = 0.0
        var compensation = 0.0
        for k in 0..<count {
            // Kahan summation keeps the running cdf within a few ulp of the exact partial sums.
            let y = distribution.pmf(k) - compensation
            let t = sum + y
            compensation = (t - sum) - y
            sum = t
            table[k] = min(sum, 1)
        }
        table[count - 1] = 1
        var guide = [Int32](repeating: 0, count: count)
        var k = 0
        for j in 0..<count {
            let threshold = Double(j) / Double(count)
            while table[k] <= threshold { k += 1 }
            guide[j] = Int32(k)
        }
        cdf = table
        self.guide = guide
        scale = Double(count)
    }

    /// One draw.
    @inlinable
    public func sample(using generator: inout Xoshiro256StarStar) -> Int {
        if cdf.isEmpty { return distribution.sample(using: &generator) }
        let u = generator.nextUnit()
        return cdf.withUnsafeBufferPointer { table in
            var k = Int(guide.withUnsafeBufferPointer { $0[Int(u * scale)] })
            while table[k] <= u { k += 1 }
            return k
        }
    }
}
