/// A usage header from a Binance response: `X-MBX-USED-WEIGHT-<n><S|M|H|D>` (IP weight used in the current
/// window) or `X-MBX-ORDER-COUNT-<n><S|M|H|D>` (orders placed in it).
public struct RateLimitHeader: Hashable, Sendable {
    /// Which counter the header reports.
    public let kind: RateLimitRule.Kind
    /// The window's unit.
    public let interval: RateLimitRule.Interval
    /// How many units the window spans.
    public let intervalNum: Int
    /// The count used so far in the window.
    public let used: Int

    /// Parses one header.
    /// - Parameters:
    ///   - name: the header name (compared without regard to case).
    ///   - value: its value, a decimal count.
    /// - Returns: nil if the header is not a usage header or is malformed.
    public init?(name: some StringProtocol, value: some StringProtocol) {
        let upper = name.uppercased()
        let suffix: Substring
        if upper.hasPrefix("X-MBX-USED-WEIGHT-") {
            kind = .requestWeight
            suffix = upper.dropFirst("X-MBX-USED-WEIGHT-".count)
        } else if upper.hasPrefix("X-MBX-ORDER-COUNT-") {
            kind = .orders
            suffix = upper.dropFirst("X-MBX-ORDER-COUNT-".count)
        } else {
            return nil
        }
        guard let letter = suffix.last, suffix.count >= 2, suffix.count <= 10,
            let number = Int(suffix.dropLast()), number > 0,
            let unit = RateLimitRule.Interval.allCases.first(where: { $0.letter == letter })
        else { return nil }
        let trimmed = value.drop(while: { $0 == " " })
        guard trimmed.count <= 18, trimmed.allSatisfy(\.isASCII), let count = Int(trimmed), count >= 0 else {
            return nil
        }
        interval = unit
        intervalNum = number
        used = count
    }

    /// Whether the header reports `rule`'s counter.
    public func reports(_ rule: RateLimitRule) -> Bool {
        rule.rateLimitType == kind && rule.interval == interval && rule.intervalNum == intervalNum
    }
}
