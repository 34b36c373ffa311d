/// Checks on the plain values the store writes, so that bad input is refused with its field's name before it
/// reaches SQL.
///
/// Amounts are exact decimals in text (`"0.00100000"`, Binance's wire form) stored as `NUMERIC`; see the
/// schema's notes on why not scaled integers.
public enum StoreValue {
    /// Returns `text` if it is a plain decimal (`-`? digits, optionally `.` and digits; at most 40 digits).
    public static func decimal(_ text: String, field: String) throws(TradingStoreError) -> String {
        var digits = 0
        var sawPoint = false
        var sawDigitAfterPoint = false
        for (index, character) in text.utf8.enumerated() {
            switch character {
            case UInt8(ascii: "-") where index == 0:
                continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                if sawPoint { sawDigitAfterPoint = true }
            case UInt8(ascii: ".") where !sawPoint && digits > 0:
                sawPoint = true
            default:
                throw TradingStoreError(.invalidInput, "\(field): \"\(text.prefix(40))\" is not a decimal number")
            }
        }
        guard digits > 0, digits <= 40, !sawPoint || sawDigitAfterPoint else {
            throw TradingStoreError(.invalidInput, "\(field): \"\(text.prefix(40))\" is not a decimal number")
        }
        return text
    }

    /// ``decimal(_:field:)`` of an amount that may be absent (nil stays nil).
    public static func optionalDecimal(_ text: String?, field: String) throws(TradingStoreError) -> String? {
        guard let text else { return nil }
        return try decimal(text, field: field)
    }

    /// Returns `text` if it is a name of 1 to `maximumLength` uppercase letters and digits (an asset, a symbol).
    public static func name(_ text: String, field: String, maximumLength: Int = 20) throws(TradingStoreError) -> String
    {
        let valid =
            !text.isEmpty && text.utf8.count <= maximumLength
            && text.utf8.allSatisfy {
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
            }
        guard valid else {
            throw TradingStoreError(
                .invalidInput,
                "\(field): \"\(text.prefix(40))\" is not 1 to \(maximumLength) uppercase letters and digits"
            )
        }
        return text
    }
}
