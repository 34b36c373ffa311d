/// The one duration reader: every duration Bot4 reads from a file or a server goes through here, so the
/// overflow-checked arithmetic and the cap are written once. Each grammar is one function:
/// ``parse(_:)`` for Go-style durations (`secrets.toml`, Vault's TTLs), ``parseISO8601(_:)`` for ISO 8601
/// durations (the audit policy's `max-age`) and ``parseDeltaSeconds(_:)`` for HTTP's delta-seconds
/// (`Retry-After`).
///
/// No input, however long or large, can trap: every amount is multiplied and summed with overflow checks, and a
/// total above ``maximum`` is refused (or, for a server-sent number, clamped).
public enum DurationText {
    /// The longest duration accepted: 87 600 h (ten 365-day years), far above any TTL, interval or database age
    /// in use.
    public static let maximum: Duration = .seconds(maximumSeconds)

    /// ``maximum`` in whole seconds.
    public static let maximumSeconds: Int64 = 87_600 * 3600

    /// Parses a Go-style duration (units `ms`, `s`, `m`, `h`, `d`, as in `1h30m` or `250ms`) or a bare number of
    /// seconds; nil if invalid, negative or longer than ``maximum``.
    public static func parse(_ text: String) -> Duration? {
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        if rest.allSatisfy(isDigit) {
            guard let seconds = Int64(rest), seconds <= maximumSeconds else { return nil }
            return .seconds(seconds)
        }
        var sum = Sum()
        while !rest.isEmpty {
            let digits = rest.prefix(while: isDigit)
            guard !digits.isEmpty, let amount = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { $0.isASCII && $0.isLetter }
            rest = rest.dropFirst(unit.count)
            let scale: Int64
            switch unit {
            case "ms": scale = 1
            case "s": scale = 1000
            case "m": scale = 60_000
            case "h": scale = 3_600_000
            case "d": scale = 86_400_000
            default: return nil
            }
            guard sum.add(amount, times: scale) else { return nil }
        }
        return .milliseconds(sum.milliseconds)
    }

    /// Parses an ISO 8601 duration (`P90D`, `P1Y2M`, `PT12H`, `P2W`, `PT1.5H`; case-insensitive); years are 365
    /// days and months 30, as cargo-deny's `maximum-db-staleness` counts them. Nil if invalid or longer than
    /// ``maximum``.
    public static func parseISO8601(_ text: String) -> Duration? {
        var rest = Substring(text.uppercased())
        guard rest.first == "P" else { return nil }
        rest = rest.dropFirst()
        var sum = Sum()
        var inTime = false
        var sawComponent = false
        var number = ""
        for character in rest {
            if character == "T" {
                guard number.isEmpty, !inTime else { return nil }
                inTime = true
                continue
            }
            if isDigit(character) || character == "." {
                number.append(character)
                continue
            }
            let scale: Int64
            switch (character, inTime) {
            case ("Y", false): scale = 365 * 86_400_000
            case ("M", false): scale = 30 * 86_400_000
            case ("W", false): scale = 7 * 86_400_000
            case ("D", false): scale = 86_400_000
            case ("H", true): scale = 3_600_000
            case ("M", true): scale = 60_000
            case ("S", true): scale = 1000
            default: return nil
            }
            guard let value = Double(number), sum.add(value, times: scale) else { return nil }
            number = ""
            sawComponent = true
        }
        guard number.isEmpty, sawComponent else { return nil }
        return .milliseconds(sum.milliseconds)
    }

    /// Parses HTTP's delta-seconds (`Retry-After: 120`), clamped to ``maximum``; nil unless it is a non-negative
    /// decimal number that fits in 64 bits.
    public static func parseDeltaSeconds(_ text: String) -> Duration? {
        guard !text.isEmpty, text.allSatisfy(isDigit), let seconds = Int64(text) else { return nil }
        return .seconds(min(seconds, maximumSeconds))
    }

    /// A server-sent number of seconds (a TTL or lease duration) clamped to `0...maximumSeconds`.
    public static func clampedSeconds(_ seconds: Int) -> Int {
        Int(min(max(Int64(seconds), 0), maximumSeconds))
    }

    /// Seconds of a duration as a Double.
    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func isDigit(_ character: Character) -> Bool { character.isASCII && character.isNumber }

    /// A running total in milliseconds that refuses, rather than traps on, an overflow or a total above the cap.
    private struct Sum {
        private(set) var milliseconds: Int64 = 0

        /// Adds `amount × scale` milliseconds; false on overflow or when the total would pass ``maximum``.
        mutating func add(_ amount: Int64, times scale: Int64) -> Bool {
            let (part, overflow) = amount.multipliedReportingOverflow(by: scale)
            guard !overflow, part >= 0, part <= maximumSeconds * 1000 - milliseconds else { return false }
            milliseconds += part
            return true
        }

        /// Adds `amount × scale` milliseconds for a fractional amount, rounded to the millisecond.
        mutating func add(_ amount: Double, times scale: Int64) -> Bool {
            let part = (amount * Double(scale)).rounded()
            guard part.isFinite, part >= 0, part <= Double(maximumSeconds * 1000 - milliseconds) else { return false }
            return add(Int64(part), times: 1)
        }
    }
}
