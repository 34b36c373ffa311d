extension JSONReader {
    /// Reads a string.
    ///
    /// A string of ASCII bytes without escapes (most keys and values) is turned into a `String` without a
    /// strict UTF-8 pass; any other string is checked as UTF-8.
    @inlinable public mutating func readString() throws(JSONSyntaxError) -> String {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a string") }
        index += 1
        let start = index
        var high: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if high < 0x80 { return String(decoding: run, as: UTF8.self) }
                guard let text = String(validating: run, as: UTF8.self) else {
                    throw failure("invalid UTF-8 in a string")
                }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("control character in a string") }
            high |= byte
            index += 1
        }
        var decoded = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                if high < 0x80 { return String(decoding: decoded, as: UTF8.self) }
                guard let text = String(validating: decoded, as: UTF8.self) else {
                    throw failure("invalid UTF-8 in a string")
                }
                return text
            }
            if byte < 0x20 { throw failure("control character in a string") }
            if byte != UInt8(ascii: "\\") {
                high |= byte
                decoded.append(byte)
                index += 1
                continue
            }
            guard let scalar = try escape() else { break }
            if scalar < 0x80 {
                decoded.append(UInt8(truncatingIfNeeded: scalar))
            } else if let unicode = Unicode.Scalar(scalar) {
                decoded.append(contentsOf: UTF8.encode(unicode)!)
            }
        }
        throw failure("unterminated string")
    }

    /// Skips a string, checking its escapes, control characters and UTF-8 like ``readString()``.
    @inlinable mutating func skipString() throws(JSONSyntaxError) {
        index += 1
        let start = index
        var high: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let end = index
                index += 1
                // An escape stands for whole characters, so checking the raw bytes (escapes included)
                // gives the verdict checking the decoded bytes would.
                if high >= 0x80, !JSONReader.isValidUTF8(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                    throw failure("invalid UTF-8 in a string")
                }
                return
            }
            if byte < 0x20 { throw failure("control character in a string") }
            if byte == UInt8(ascii: "\\") {
                guard try escape() != nil else { break }
                continue
            }
            high |= byte
            index += 1
        }
        throw failure("unterminated string")
    }

    /// Decodes the escape the reader stands on (its backslash) into a Unicode scalar value; nil when the input
    /// ends after the backslash.
    @inlinable mutating func escape() throws(JSONSyntaxError) -> UInt32? {
        index += 1
        guard index < bytes.count else { return nil }
        let letter = bytes[index]
        index += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return UInt32(letter)
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "u"):
            let scalar = try hex4()
            if scalar >= 0xD800 && scalar < 0xDC00 {
                guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                else { throw failure("unpaired surrogate in a \\u escape") }
                index += 2
                let low = try hex4()
                guard low >= 0xDC00 && low < 0xE000 else { throw failure("unpaired surrogate in a \\u escape") }
                return 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            if scalar >= 0xDC00 && scalar < 0xE000 { throw failure("unpaired surrogate in a \\u escape") }
            return scalar
        default: throw failure("invalid escape")
        }
    }

    @inlinable mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw failure("invalid \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// Whether `bytes` are well-formed UTF-8 (no overlong forms, surrogates or values above U+10FFFF).
    @usableFromInline static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            var length = 0
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return false
            }
            guard i + length <= bytes.count, bytes[i + 1] >= low, bytes[i + 1] <= high else { return false }
            var k = 2
            while k < length {
                guard bytes[i + k] & 0xC0 == 0x80 else { return false }
                k += 1
            }
            i += length
        }
        return true
    }
}
