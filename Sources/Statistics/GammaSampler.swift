#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gamma(shape, 1) draws for the negative binomial and Beta samplers: Marsaglia and Tsang's method (2000),
/// with the boost Gamma(a) = Gamma(a + 1)·U^(1/a) for shape a < 1.
enum GammaSampler {
    static func sample(shape: Double, using generator: inout Xoshiro256StarStar) -> Double {
        if shape < 1 {
            let boosted = sample(shape: shape + 1, using: &generator)
            return boosted * pow(generator.nextPositiveUnit(), 1 / shape)
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = NormalDistribution.standardSample(using: &generator)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = generator.nextPositiveUnit()
            let x2 = x * x
            if u < 1 - 0.0331 * x2 * x2 { return d * v }
            if log(u) < 0.5 * x2 + d * (1 - v + log(v)) { return d * v }
        }
    }
}
