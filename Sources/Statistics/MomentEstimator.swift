/// The method of moments with delta-method standard errors.
///
/// A moment estimator is a function g(m, v) of the sample mean m and the (divisor n) sample variance v. Their
/// asymptotic covariance is [[μ₂, μ₃], [μ₃, μ₄ − μ₂²]] / n with the sample's central moments μₖ, and the
/// standard error of each parameter is √(∇gᵀ Σ ∇g), the gradient taken by central differences.
struct MomentEstimator {
    let n: Double
    let mean: Double
    let variance: Double
    let mu3: Double
    let mu4: Double

    init(_ values: [Double]) {
        n = Double(values.count)
        mean = values.reduce(0, +) / n
        var m2 = 0.0
        var m3 = 0.0
        var m4 = 0.0
        for x in values {
            let d = x - mean
            m2 += d * d
            m3 += d * d * d
            m4 += d * d * d * d
        }
        variance = m2 / n
        mu3 = m3 / n
        mu4 = m4 / n
    }

    /// The estimates g(mean, variance) and their standard errors.
    func estimate(names: [String], _ g: (Double, Double) -> [Double]) -> [ParameterEstimate] {
        let values = g(mean, variance)
        let hm = max(abs(mean), 1e-12) * 1e-6
        let hv = max(variance, 1e-24) * 1e-6
        let plusM = g(mean + hm, variance)
        let minusM = g(mean - hm, variance)
        let plusV = g(mean, variance + hv)
        let minusV = g(mean, variance - hv)
        let covMM = variance / n
        let covMV = mu3 / n
        let covVV = (mu4 - variance * variance) / n
        return names.indices.map { i in
            let dm = (plusM[i] - minusM[i]) / (2 * hm)
            let dv = (plusV[i] - minusV[i]) / (2 * hv)
            let varianceOfEstimate = dm * dm * covMM + 2 * dm * dv * covMV + dv * dv * covVV
            return ParameterEstimate(
                name: names[i],
                value: values[i],
                standardError: max(0, varianceOfEstimate).squareRoot()
            )
        }
    }
}
