import Bot4TestSupport
import Foundation
import Statistics
import Testing

/// Special functions and distribution functions against the committed scipy table, with the tolerances the
/// documentation of ``SpecialFunctions`` states.
@Suite struct StatisticsSpecialFunctionTests {
    /// (value, relative tolerance, absolute tolerance) for one table row, or nil for a row of another suite.
    static func evaluate(_ row: StatisticsReference.Row) throws -> (Double, Double, Double)? {
        let a = row.args
        switch row.function {
        case "logGamma": return (SpecialFunctions.logGamma(a[0]), 1e-14, 1e-14)
        case "digamma": return (SpecialFunctions.digamma(a[0]), 1e-13, 1e-14)
        case "trigamma": return (SpecialFunctions.trigamma(a[0]), 1e-13, 0)
        case "gammaP": return (SpecialFunctions.regularizedGammaP(a[0], a[1]), 1e-12, 1e-300)
        case "gammaQ": return (SpecialFunctions.regularizedGammaQ(a[0], a[1]), 1e-12, 1e-300)
        case "betaRegularized": return (SpecialFunctions.regularizedBeta(a[0], a[1], a[2]), 1e-11, 1e-300)
        case "kolmogorovSurvival": return (SpecialFunctions.kolmogorovSurvival(a[0]), 0, 1e-15)
        case "normalQuantile": return (NormalDistribution.standardQuantile(a[0]), 1e-14, 1e-15)
        case "normalCDF": return (NormalDistribution.standard.cdf(a[0]), 1e-13, 0)
        case "poissonPMF": return (try PoissonDistribution(lambda: a[0]).pmf(Int(a[1])), 1e-12, 0)
        case "poissonCDF": return (try PoissonDistribution(lambda: a[0]).cdf(Int(a[1])), 1e-12, 1e-300)
        case "poissonQuantile": return (Double(try PoissonDistribution(lambda: a[0]).quantile(a[1])), 0, 0)
        case "nbinomPMF": return (try NegativeBinomialDistribution(r: a[0], p: a[1]).pmf(Int(a[2])), 1e-11, 1e-300)
        case "nbinomCDF": return (try NegativeBinomialDistribution(r: a[0], p: a[1]).cdf(Int(a[2])), 1e-11, 1e-300)
        case "nbinomQuantile":
            return (Double(try NegativeBinomialDistribution(r: a[0], p: a[1]).quantile(a[2])), 0, 0)
        case "betaPDF": return (try BetaDistribution(alpha: a[0], beta: a[1]).pdf(a[2]), 1e-12, 0)
        case "betaCDF": return (try BetaDistribution(alpha: a[0], beta: a[1]).cdf(a[2]), 1e-12, 0)
        case "betaQuantile": return (try BetaDistribution(alpha: a[0], beta: a[1]).quantile(a[2]), 1e-12, 1e-14)
        case "lognormPDF": return (try LogNormalDistribution(mu: a[0], sigma: a[1]).pdf(a[2]), 1e-13, 1e-300)
        case "lognormCDF": return (try LogNormalDistribution(mu: a[0], sigma: a[1]).cdf(a[2]), 1e-13, 1e-300)
        case "lognormQuantile": return (try LogNormalDistribution(mu: a[0], sigma: a[1]).quantile(a[2]), 1e-13, 0)
        case "exponPDF": return (try ExponentialDistribution(rate: a[0]).pdf(a[1]), 1e-14, 0)
        case "exponCDF": return (try ExponentialDistribution(rate: a[0]).cdf(a[1]), 1e-14, 0)
        case "exponQuantile": return (try ExponentialDistribution(rate: a[0]).quantile(a[1]), 1e-14, 0)
        default: return nil
        }
    }

    @Test func everyTableRowMatchesScipyWithinItsStatedTolerance() throws {
        let reference = try StatisticsReference.load()
        #expect(reference.rows.count > 400)
        var checked = 0
        for row in reference.rows {
            let (value, relative, absolute) = try #require(try Self.evaluate(row), "unknown function \(row.function)")
            #expect(
                close(value, row.value, relative: relative, absolute: absolute),
                "\(row.function)\(row.args): \(value), scipy \(row.value)"
            )
            checked += 1
        }
        #expect(checked == reference.rows.count)
    }

    @Test func specialFunctionsKeepTheirIdentities() {
        // Γ(n) = (n − 1)! and the recurrences the implementations shift with, at points off the table.
        #expect(close(SpecialFunctions.logGamma(21), log(2_432_902_008_176_640_000), relative: 1e-15))
        for x in [0.37, 4.2, 9.5, 10.5, 77.7] {
            #expect(close(SpecialFunctions.digamma(x + 1) - SpecialFunctions.digamma(x), 1 / x, relative: 1e-12))
            #expect(
                close(SpecialFunctions.trigamma(x) - SpecialFunctions.trigamma(x + 1), 1 / (x * x), relative: 1e-11)
            )
            let p = SpecialFunctions.regularizedGammaP(x, 0.8 * x)
            #expect(close(p + SpecialFunctions.regularizedGammaQ(x, 0.8 * x), 1, relative: 1e-14))
            let i = SpecialFunctions.regularizedBeta(0.3, x, 2.5)
            #expect(close(i, 1 - SpecialFunctions.regularizedBeta(0.7, 2.5, x), relative: 1e-12, absolute: 1e-15))
        }
        #expect(SpecialFunctions.logGamma(0).isInfinite)
        #expect(SpecialFunctions.regularizedGammaP(-1, 1).isNaN)
        #expect(SpecialFunctions.kolmogorovSurvival(0) == 1)
    }

    @Test(.enabled(if: TestEnvironment.canRun("python")))
    func committedTableIsWhatScipyGivesToday() throws {
        let python = try TestEnvironment.requireTool("python")
        let dir = try TestEnvironment.temporaryDirectory("scipy-table")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("table.json")
        let result = try ProcessRunner.run(python, [StatisticsReference.scriptURL.path, out.path])
        #expect(result.status == 0, "\(result.err)")
        let fresh = try StatisticsReference.load(out)
        let committed = try StatisticsReference.load()
        #expect(fresh.rows.count == committed.rows.count)
        for (a, b) in zip(fresh.rows, committed.rows) {
            #expect(a.function == b.function && a.args == b.args)
            #expect(close(a.value, b.value, relative: 1e-12, absolute: 1e-300), "\(a.function)\(a.args)")
        }
        #expect(fresh.samples.counts == committed.samples.counts)
        #expect(fresh.adCases.map(\.statistic) == committed.adCases.map(\.statistic))
        #expect(fresh.adCases.map(\.pValue) == committed.adCases.map(\.pValue))
        for (name, values) in committed.fits {
            for (key, value) in values {
                #expect(close(fresh.fit(name, key), value, relative: 1e-8), "\(name).\(key)")
            }
        }
    }
}
