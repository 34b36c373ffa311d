import Statistics
import Testing

/// Seeded sampling: reproducible streams, and draws that follow the distribution they come from.
@Suite struct StatisticsSamplingTests {
    @Test func sameSeedSameStreamOtherSeedOtherStream() {
        var a = Xoshiro256StarStar(seed: 42)
        var b = Xoshiro256StarStar(seed: 42)
        var c = Xoshiro256StarStar(seed: 43)
        let first = (0..<100).map { _ in a.next() }
        #expect(first == (0..<100).map { _ in b.next() })
        #expect(first != (0..<100).map { _ in c.next() })
        var u = Xoshiro256StarStar(seed: 7)
        for _ in 0..<10_000 {
            let x = u.nextPositiveUnit()
            #expect(x > 0 && x <= 1)
        }
    }

    /// The KS test of 20,000 draws against the distribution's own cdf must not reject at 0.1%.
    @Test(arguments: [1, 2, 3])
    func continuousDrawsFollowTheirDistribution(seed: UInt64) throws {
        var generator = Xoshiro256StarStar(seed: seed)
        let models: [any ContinuousDistribution] = [
            try ExponentialDistribution(rate: 25),
            try LogNormalDistribution(mu: -2, sigma: 1.3),
            try BetaDistribution(alpha: 0.6, beta: 4.5),
            try BetaDistribution(alpha: 30, beta: 25),
            NormalDistribution.standard,
        ]
        for model in models {
            let draws = model.samples(20_000, using: &generator)
            let ks = try GoodnessOfFit.kolmogorovSmirnov(draws, cdf: model.cdf)
            #expect(ks.pValue > 0.001, "\(model): D = \(ks.statistic)")
        }
    }

    /// The chi-square test of 20,000 draws against the model's own pmf must not reject at 0.1%; this covers both
    /// Poisson samplers (inversion below λ = 10, transformed rejection above) and the Gamma–Poisson mixture.
    @Test(arguments: [1, 2, 3])
    func discreteDrawsFollowTheirDistribution(seed: UInt64) throws {
        var generator = Xoshiro256StarStar(seed: seed)
        let models: [any DiscreteDistribution] = [
            try PoissonDistribution(lambda: 0.7),
            try PoissonDistribution(lambda: 9.9),
            try PoissonDistribution(lambda: 10),
            try PoissonDistribution(lambda: 480),
            try NegativeBinomialDistribution(r: 3.7, p: 0.074),
            try NegativeBinomialDistribution(r: 0.4, p: 0.5),
        ]
        for model in models {
            let draws = model.samples(20_000, using: &generator)
            let chi = try GoodnessOfFit.chiSquare(counts: draws, model: model, fittedParameters: 0)
            #expect(
                chi.test.pValue > 0.001,
                "\(model): χ² = \(chi.test.statistic) df \(chi.test.degreesOfFreedom ?? 0)"
            )
        }
    }

    /// The table sampler: the same chi-square check, for λ on both sides of the table limit.
    @Test(arguments: [0.3, 4.0, 43.3, 480.0, 9_999.0, 25_000.0])
    func tableSamplerDrawsFollowThePoisson(lambda: Double) throws {
        let model = try PoissonDistribution(lambda: lambda)
        let sampler = PoissonSampler(model)
        var generator = Xoshiro256StarStar(seed: UInt64(lambda * 10))
        let draws = (0..<20_000).map { _ in sampler.sample(using: &generator) }
        let chi = try GoodnessOfFit.chiSquare(counts: draws, model: model, fittedParameters: 0)
        #expect(chi.test.pValue > 0.001, "λ = \(lambda): χ² = \(chi.test.statistic)")
        let mean = Double(draws.reduce(0, +)) / Double(draws.count)
        #expect(abs(mean - lambda) < 5 * (lambda / Double(draws.count)).squareRoot())
    }
}
