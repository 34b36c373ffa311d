import Foundation

/// A CVSS v4.0 vector and its score (CVSS-B, or CVSS-BT/BE/BTE when threat or environmental metrics are
/// present), computed with the v4.0 specification's macrovector method: the vector's equivalence classes
/// (EQ1–EQ6) select a macrovector score from FIRST's table, which is then lowered by the vector's mean
/// proportional distance from the highest-severity vectors of its macrovector.
public struct CVSS4: Hashable, Sendable {
    /// The vector as given.
    public let vector: String
    /// The score, 0.0–10.0, one decimal.
    public let baseScore: Double

    private static let mandatory = ["AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA"]
    private static let allowed: [String: Set<String>] = [
        "AV": ["N", "A", "L", "P"], "AC": ["L", "H"], "AT": ["N", "P"], "PR": ["N", "L", "H"],
        "UI": ["N", "P", "A"], "VC": ["H", "L", "N"], "VI": ["H", "L", "N"], "VA": ["H", "L", "N"],
        "SC": ["H", "L", "N"], "SI": ["H", "L", "N"], "SA": ["H", "L", "N"], "E": ["X", "A", "P", "U"],
        "CR": ["X", "H", "M", "L"], "IR": ["X", "H", "M", "L"], "AR": ["X", "H", "M", "L"],
        "MAV": ["X", "N", "A", "L", "P"], "MAC": ["X", "L", "H"], "MAT": ["X", "N", "P"],
        "MPR": ["X", "N", "L", "H"], "MUI": ["X", "N", "P", "A"], "MVC": ["X", "H", "L", "N"],
        "MVI": ["X", "H", "L", "N"], "MVA": ["X", "H", "L", "N"], "MSC": ["X", "H", "L", "N"],
        "MSI": ["X", "S", "H", "L", "N"], "MSA": ["X", "S", "H", "L", "N"], "S": ["X", "N", "P"],
        "AU": ["X", "N", "Y"], "R": ["X", "A", "U", "I"], "V": ["X", "D", "C"], "RE": ["X", "L", "M", "H"],
        "U": ["X", "Clear", "Green", "Amber", "Red"],
    ]

    /// Parses a vector (`CVSS:4.0/AV:N/…`); `nil` when it is not a valid v4.0 vector.
    public init?(_ vector: String) {
        let parts = vector.split(separator: "/")
        guard parts.first == "CVSS:4.0" else { return nil }
        var metrics: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { return nil }
            let key = String(pair[0])
            let value = String(pair[1])
            guard metrics[key] == nil, Self.allowed[key]?.contains(value) == true else { return nil }
            metrics[key] = value
        }
        guard Self.mandatory.allSatisfy({ metrics[$0] != nil }) else { return nil }
        self.vector = vector
        self.baseScore = Self.score(Metrics(values: metrics))
    }

    /// Effective metric values: modified metrics override base ones, and unset threat/requirement metrics
    /// take their worst case.
    private struct Metrics {
        let values: [String: String]

        subscript(_ metric: String) -> String {
            let selected = values[metric] ?? "X"
            if selected == "X" {
                switch metric {
                case "E": return "A"
                case "CR", "IR", "AR": return "H"
                default: break
                }
            }
            if let modified = values["M" + metric], modified != "X" { return modified }
            return selected
        }
    }

    private static func macroVector(_ m: Metrics) -> [Int] {
        let eq1: Int
        if m["AV"] == "N" && m["PR"] == "N" && m["UI"] == "N" {
            eq1 = 0
        } else if (m["AV"] == "N" || m["PR"] == "N" || m["UI"] == "N") && m["AV"] != "P" {
            eq1 = 1
        } else {
            eq1 = 2
        }
        let eq2 = (m["AC"] == "L" && m["AT"] == "N") ? 0 : 1
        let eq3: Int
        if m["VC"] == "H" && m["VI"] == "H" {
            eq3 = 0
        } else if m["VC"] == "H" || m["VI"] == "H" || m["VA"] == "H" {
            eq3 = 1
        } else {
            eq3 = 2
        }
        let eq4: Int
        if m["MSI"] == "S" || m["MSA"] == "S" {
            eq4 = 0
        } else if m["SC"] == "H" || m["SI"] == "H" || m["SA"] == "H" {
            eq4 = 1
        } else {
            eq4 = 2
        }
        let eq5 = ["A": 0, "P": 1, "U": 2][m["E"]] ?? 0
        let eq6 =
            ((m["CR"] == "H" && m["VC"] == "H") || (m["IR"] == "H" && m["VI"] == "H")
                || (m["AR"] == "H" && m["VA"] == "H")) ? 0 : 1
        return [eq1, eq2, eq3, eq4, eq5, eq6]
    }

    private static func lookup(_ macro: [Int]) -> Double? {
        CVSS4Lookup.scores[macro.map(String.init).joined()]
    }

    // Severity levels used for distances (lower is more severe).
    private static let levels: [String: [String: Double]] = [
        "AV": ["N": 0, "A": 0.1, "L": 0.2, "P": 0.3], "PR": ["N": 0, "L": 0.1, "H": 0.2],
        "UI": ["N": 0, "P": 0.1, "A": 0.2], "AC": ["L": 0, "H": 0.1], "AT": ["N": 0, "P": 0.1],
        "VC": ["H": 0, "L": 0.1, "N": 0.2], "VI": ["H": 0, "L": 0.1, "N": 0.2], "VA": ["H": 0, "L": 0.1, "N": 0.2],
        "SC": ["H": 0.1, "L": 0.2, "N": 0.3], "SI": ["S": 0, "H": 0.1, "L": 0.2, "N": 0.3],
        "SA": ["S": 0, "H": 0.1, "L": 0.2, "N": 0.3], "CR": ["H": 0, "M": 0.1, "L": 0.2],
        "IR": ["H": 0, "M": 0.1, "L": 0.2], "AR": ["H": 0, "M": 0.1, "L": 0.2],
    ]
    private static let distanceOrder = [
        "AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR",
    ]

    // The highest-severity vectors of each equivalence class level (FIRST's `max_composed.js`).
    private static let eq1Max = [
        ["AV:N/PR:N/UI:N/"], ["AV:A/PR:N/UI:N/", "AV:N/PR:L/UI:N/", "AV:N/PR:N/UI:P/"],
        ["AV:P/PR:N/UI:N/", "AV:A/PR:L/UI:P/"],
    ]
    private static let eq2Max = [["AC:L/AT:N/"], ["AC:H/AT:N/", "AC:L/AT:P/"]]
    private static let eq3eq6Max: [[Int: [String]]] = [
        [
            0: ["VC:H/VI:H/VA:H/CR:H/IR:H/AR:H/"],
            1: ["VC:H/VI:H/VA:L/CR:M/IR:M/AR:H/", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M/"],
        ],
        [
            0: ["VC:L/VI:H/VA:H/CR:H/IR:H/AR:H/", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H/"],
            1: [
                "VC:L/VI:H/VA:L/CR:H/IR:M/AR:H/", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M/", "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M/",
                "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H/", "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M/",
            ],
        ],
        [1: ["VC:L/VI:L/VA:L/CR:H/IR:H/AR:H/"]],
    ]
    private static let eq4Max = [["SC:H/SI:S/SA:S/"], ["SC:H/SI:H/SA:H/"], ["SC:L/SI:L/SA:L/"]]
    private static let eq5Max = [["E:A/"], ["E:P/"], ["E:U/"]]
    // Depth of each level (FIRST's `max_severity.js`), in steps of 0.1.
    private static let eq1Depth = [1.0, 4, 5]
    private static let eq2Depth = [1.0, 2]
    private static let eq3eq6Depth: [[Int: Double]] = [[0: 7, 1: 6], [0: 8, 1: 8], [1: 10]]
    private static let eq4Depth = [6.0, 5, 4]

    private static func score(_ m: Metrics) -> Double {
        if ["VC", "VI", "VA", "SC", "SI", "SA"].allSatisfy({ m[$0] == "N" }) { return 0 }
        let macro = macroVector(m)
        guard let value = lookup(macro) else { return 0 }
        let (eq1, eq2, eq3, eq4, eq5, eq6) = (macro[0], macro[1], macro[2], macro[3], macro[4], macro[5])
        func lowered(_ position: Int) -> [Int] {
            var next = macro
            next[position] += 1
            return next
        }
        let lowerEQ1 = lookup(lowered(0))
        let lowerEQ2 = lookup(lowered(1))
        let lowerEQ3EQ6: Double?
        switch (eq3, eq6) {
        case (0, 0):
            let left = lookup(lowered(5))
            let right = lookup(lowered(2))
            lowerEQ3EQ6 = [left, right].compactMap { $0 }.max()
        case (1, 1), (0, 1): lowerEQ3EQ6 = lookup(lowered(2))
        case (1, 0): lowerEQ3EQ6 = lookup(lowered(5))
        default:
            var next = macro
            next[2] += 1
            next[5] += 1
            lowerEQ3EQ6 = lookup(next)
        }
        let lowerEQ4 = lookup(lowered(3))
        let lowerEQ5 = lookup(lowered(4))

        var distances: [String: Double] = [:]
        search: for a in eq1Max[eq1] {
            for b in eq2Max[eq2] {
                for c in eq3eq6Max[eq3][eq6] ?? [] {
                    for d in eq4Max[eq4] {
                        for e in eq5Max[eq5] {
                            let maxVector = a + b + c + d + e
                            distances = [:]
                            for metric in distanceOrder {
                                let maxValue = Self.value(of: metric, in: maxVector)
                                distances[metric] = (levels[metric]?[m[metric]] ?? 0) - (levels[metric]?[maxValue] ?? 0)
                            }
                            if distances.values.allSatisfy({ $0 >= 0 }) { break search }
                        }
                    }
                }
            }
        }
        let d = distances
        let current = [
            (d["AV"] ?? 0) + (d["PR"] ?? 0) + (d["UI"] ?? 0),
            (d["AC"] ?? 0) + (d["AT"] ?? 0),
            (d["VC"] ?? 0) + (d["VI"] ?? 0) + (d["VA"] ?? 0) + (d["CR"] ?? 0) + (d["IR"] ?? 0) + (d["AR"] ?? 0),
            (d["SC"] ?? 0) + (d["SI"] ?? 0) + (d["SA"] ?? 0),
            0,
        ]
        let depths = [
            eq1Depth[eq1] * 0.1, eq2Depth[eq2] * 0.1, (eq3eq6Depth[eq3][eq6] ?? 1) * 0.1, eq4Depth[eq4] * 0.1, 1,
        ]
        let lowers = [lowerEQ1, lowerEQ2, lowerEQ3EQ6, lowerEQ4, lowerEQ5]
        var count = 0
        var total = 0.0
        for i in 0..<5 {
            guard let lower = lowers[i], value - lower >= 0 else { continue }
            count += 1
            total += (value - lower) * (current[i] / depths[i])
        }
        let mean = count == 0 ? 0 : total / Double(count)
        let result = Swift.min(10, Swift.max(0, value - mean))
        return ((result + 1e-6) * 10).rounded(.toNearestOrAwayFromZero) / 10
    }

    private static func value(of metric: String, in vector: String) -> String {
        guard let range = vector.range(of: metric + ":") else { return "" }
        // The metric must start the vector or follow a "/" (so "VC" does not match inside "MVC").
        if range.lowerBound != vector.startIndex, vector[vector.index(before: range.lowerBound)] != "/" {
            return ""
        }
        return String(vector[range.upperBound...].prefix(while: { $0 != "/" }))
    }
}
