import Foundation

/// The committed scipy reference table (`Fixtures/statistics-scipy-reference.json`, written by
/// `Fixtures/statistics_scipy_reference.py`).
struct StatisticsReference: Decodable {
    struct Row: Decodable {
        let function: String
        let args: [Double]
        let value: Double
    }
    struct Samples: Decodable {
        let counts: [Int]
        let poissonCounts: [Int]
        let shares: [Double]
        let sizes: [Double]
        let waits: [Double]
    }
    struct AndersonDarlingCase: Decodable {
        let dist: String
        let values: [Double]
        let statistic: Double
        let pValue: Double
    }
    let adCases: [AndersonDarlingCase]
    let generator: String
    let rows: [Row]
    let samples: Samples
    let fits: [String: [String: Double]]

    static let url = Bundle.module.url(forResource: "Fixtures/statistics-scipy-reference", withExtension: "json")!
    static let scriptURL = Bundle.module.url(forResource: "Fixtures/statistics_scipy_reference", withExtension: "py")!

    static func load(_ url: URL = url) throws -> StatisticsReference {
        try JSONDecoder().decode(StatisticsReference.self, from: Data(contentsOf: url))
    }

    func fit(_ name: String, _ key: String) -> Double { fits[name]![key]! }
}

/// |a − b| ≤ max(relative·|b|, absolute).
func close(_ a: Double, _ b: Double, relative: Double, absolute: Double = 0) -> Bool {
    if a == b { return true }
    return abs(a - b) <= max(relative * abs(b), absolute)
}
