/// Decoding of one `application/x-www-form-urlencoded` name or value, as Binance reads parameters.
enum PercentDecoding {
    /// Decodes `%XX` escapes and `+` (a space, as Python's `urlencode` writes one).
    /// - Returns: nil for a malformed escape, a byte outside printable ASCII sent unescaped, or bytes that
    ///   do not decode to UTF-8 (Binance wants non-ASCII percent-encoded before signing).
    static func decode(_ raw: ArraySlice<UInt8>) -> String? {
        var out = [UInt8]()
        out.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            switch byte {
            case UInt8(ascii: "%"):
                guard index + 2 < raw.endIndex,
                    let high = hexValue(raw[index + 1]), let low = hexValue(raw[index + 2])
                else { return nil }
                out.append(high << 4 | low)
                index += 3
                continue
            case UInt8(ascii: "+"):
                out.append(UInt8(ascii: " "))
            case 0x21...0x7E:
                out.append(byte)
            default:
                return nil
            }
            index += 1
        }
        guard let text = String(validating: out, as: UTF8.self) else { return nil }
        // Control characters arrive only escaped; they are never part of a legal parameter.
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        return text
    }

    /// The value of one hex digit (either case), nil for any other byte.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
