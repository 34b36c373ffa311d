import FileSystem
import Foundation
import TradingCore

extension ExchangeInfo {
    /// The exchangeInfo JSON file at `path` (at most 64 MiB); an unreadable or malformed file is bad input,
    /// named with the reason.
    static func load(_ path: String) throws -> ExchangeInfo {
        let data: [UInt8]
        do {
            data = try BoundedFile.read(path, limit: 64 << 20)
        } catch {
            throw Bot4Exit.badInput("\(path): exchangeInfo: \(error.reason)")
        }
        do {
            return try ExchangeInfo.parse(Data(data))
        } catch {
            throw Bot4Exit.badInput("\(path): \(error.description)")
        }
    }
}
