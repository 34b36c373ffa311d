import Foundation

/// A CVSS v3.0 or v3.1 base vector and its base score, computed with the specification's formulas
/// (FIRST CVSS v3.1 specification §7.1 and Appendix A "Roundup"; v3.0 rounds up with a plain ceiling).
public struct CVSS3: Hashable, Sendable {
    /// `3.0` or `3.1`.
    public let minorVersion: Int
    /// The vector as given.
    public let vector: String
    /// The base score, 0.0–10.0.
    public let baseScore: Double

    private static let required = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"]

    /// Parses a vector (`CVSS:3.1/AV:N/…`); `nil` when it is not a complete, valid v3 base vector.
    public init?(_ vector: String) {
        let parts = vector.split(separator: "/")
        guard let head = parts.first else { return nil }
        switch head {
        case "CVSS:3.0": minorVersion = 0
        case "CVSS:3.1": minorVersion = 1
        default: return nil
        }
        var metrics: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { return nil }
            let key = String(pair[0])
            guard metrics[key] == nil else { return nil }
            metrics[key] = String(pair[1])
        }
        guard Self.required.allSatisfy({ metrics[$0] != nil }) else { return nil }
        let changed: Bool
        switch metrics["S"] {
        case "U": changed = false
        case "C": changed = true
        default: return nil
        }
        guard
            let av = ["N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2][metrics["AV"]!],
            let ac = ["L": 0.77, "H": 0.44][metrics["AC"]!],
            let pr = (changed ? ["N": 0.85, "L": 0.68, "H": 0.5] : ["N": 0.85, "L": 0.62, "H": 0.27])[metrics["PR"]!],
            let ui = ["N": 0.85, "R": 0.62][metrics["UI"]!],
            let c = Self.cia[metrics["C"]!], let i = Self.cia[metrics["I"]!], let a = Self.cia[metrics["A"]!]
        else { return nil }
        let iss = 1 - (1 - c) * (1 - i) * (1 - a)
        let impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss
        let exploitability = 8.22 * av * ac * pr * ui
        let round = minorVersion == 1 ? Self.roundUp31 : Self.roundUp30
        if impact <= 0 {
            baseScore = 0
        } else if changed {
            baseScore = round(min(1.08 * (impact + exploitability), 10))
        } else {
            baseScore = round(min(impact + exploitability, 10))
        }
        self.vector = vector
    }

    private static let cia = ["H": 0.56, "L": 0.22, "N": 0.0]

    /// CVSS v3.1 Appendix A: round up to one decimal, robust to floating-point noise.
    static func roundUp31(_ value: Double) -> Double {
        let scaled = Int((value * 100_000).rounded())
        if scaled % 10_000 == 0 { return Double(scaled) / 100_000 }
        return (Double(scaled / 10_000) + 1) / 10
    }

    /// CVSS v3.0: the smallest number with one decimal that is equal to or higher than the input.
    static func roundUp30(_ value: Double) -> Double {
        (value * 10).rounded(.up) / 10
    }
}
