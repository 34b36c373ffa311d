import Foundation

/// Base64 as DSSE uses it: written in the standard alphabet with `=` padding; read in the standard or the
/// URL-safe alphabet (the DSSE specification allows either), with or without padding, and nothing else:
/// no whitespace, no stray characters.
enum StrictBase64 {
    /// The standard, padded encoding.
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// The decoded bytes, or nil when `text` is not base64.
    static func decode(_ text: String) -> [UInt8]? {
        var standard = [UInt8]()
        standard.reserveCapacity(text.utf8.count + 3)
        var sawPadding = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                if sawPadding { return nil }
                standard.append(byte)
            case UInt8(ascii: "-"):
                if sawPadding { return nil }
                standard.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"):
                if sawPadding { return nil }
                standard.append(UInt8(ascii: "/"))
            case UInt8(ascii: "="):
                sawPadding = true
                standard.append(byte)
            default: return nil
            }
        }
        let unpadded = standard.count - standard.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard standard.count - unpadded <= 2, unpadded % 4 != 1 else { return nil }
        standard = Array(standard[..<unpadded])
        while standard.count % 4 != 0 { standard.append(UInt8(ascii: "=")) }
        guard let data = Data(base64Encoded: Data(standard)) else { return nil }
        return [UInt8](data)
    }
}
