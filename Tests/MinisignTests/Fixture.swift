import Foundation

/// Reads a fixture file that the stock minisign or signify wrote (see Fixtures/SOURCES.md).
enum Fixture {
    static func url(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!
    }
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(name)))
    }
    static func path(_ name: String) -> String { url(name).path }
}
