/// Durations as Vault and `secrets.toml` write them: `60` (seconds), `60s`, `5m`, `1h`, `500ms`, `1h30m`.
public enum VaultDuration {
    /// Parses a Go-style duration (units `ms`, `s`, `m`, `h`, `d`) or a bare number of seconds; nil if invalid.
    public static func parse(_ text: String) -> Duration? {
        if let seconds = Int(text), seconds >= 0 { return .seconds(seconds) }
        var total: Duration = .zero
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let amount = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { $0.isASCII && $0.isLetter }
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "ms": total += .milliseconds(amount)
            case "s": total += .seconds(amount)
            case "m": total += .seconds(amount * 60)
            case "h": total += .seconds(amount * 3600)
            case "d": total += .seconds(amount * 86400)
            default: return nil
            }
        }
        return total
    }

    /// Seconds of a duration as a Double.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
