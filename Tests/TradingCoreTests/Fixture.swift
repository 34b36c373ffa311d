import Foundation

/// Reads the exchange fixtures (see Fixtures/exchange/SOURCES.md).
enum Fixture {
    static func url(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures/exchange/\(name)", withExtension: nil)!
    }
    static func data(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }
    static func path(_ name: String) -> String { url(name).path }

    static let modern = "binance-spot-exchangeInfo-2023-09-08.subset.json"
    static let legacy = "binance-spot-exchangeInfo-2022-11-28-legacy-filters.subset.json"
    static let trades = "binance-spot-BTCUSDT-trades-2021-01-08T000000Z-2001rows.csv"
}

/// A small deterministic generator (SplitMix64) so that property tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
