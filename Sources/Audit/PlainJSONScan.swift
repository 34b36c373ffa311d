/// Fast scans of the two big files of an advisory snapshot (`snapshot.json`'s `files` map and the package
/// index), for the plain form their writers produce: strings without escapes, control or non-ASCII bytes.
/// Each scan answers nil when the text is in another form, and its caller then reads it with the strict
/// `JSONReader` instead; a scan never decides anything the strict reading would decide otherwise.
enum PlainJSONScan {
    /// FNV-1a, 64 bits: a cheap hash of a byte run, to rule out most entries without building a string.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, lowercasing: Bool = false) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for var byte in bytes {
            if lowercasing, byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte += 0x20 }
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return value
    }

    /// The hash of a string's UTF-8 bytes.
    static func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { hash($0) }
    }

    /// Walks an object of string members starting at `start` (whitespace allowed around tokens), calling
    /// `visit` with each key's and value's byte ranges. Returns the offset after the closing brace, or nil
    /// when the object is not in the plain form.
    static func stringMap(
        _ bytes: UnsafeBufferPointer<UInt8>,
        from start: Int,
        _ visit: (Range<Int>, Range<Int>) -> Void
    ) -> Int? {
        var i = start
        skipSpace(bytes, &i)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        skipSpace(bytes, &i)
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { return i + 1 }
        while true {
            skipSpace(bytes, &i)
            guard let key = string(bytes, &i) else { return nil }
            skipSpace(bytes, &i)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace(bytes, &i)
            guard let value = string(bytes, &i) else { return nil }
            visit(key, value)
            skipSpace(bytes, &i)
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] == UInt8(ascii: "}") {
                return i + 1
            } else {
                return nil
            }
        }
    }

    /// The contents of the plain string at `i` (which must be its opening quote); `i` moves past it.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Range<Int>? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        let start = i + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
            let byte = bytes[end]
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
            end += 1
        }
        guard end < bytes.count else { return nil }
        i = end + 1
        return start..<end
    }

    /// Whether `bytes` at `i` begin with `literal`; `i` moves past it when they do.
    static func literal(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - i >= count else { return false }
        let matches = literal.withUTF8Buffer { expected in
            expected.indices.allSatisfy { bytes[i + $0] == expected[$0] }
        }
        if matches { i += count }
        return matches
    }

    static func skipSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }
}
