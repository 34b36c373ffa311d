/// A streaming reader of JSON tokens over UTF-8 bytes: the package's one JSON lexer.
///
/// ``JSONParser`` builds its tree on it; a caller that wants a few fields of a large document (the OSV reader
/// of `Audit`) walks the document with it and skips the rest without building it. Skipping checks the
/// structure as strictly as reading does: escapes, control characters, UTF-8, numbers, literals and nesting.
/// Its hot paths are `@inlinable`, so that a caller in another module is as fast as one in this module.
///
/// The reader does not check duplicate object keys (``JSONParser`` does); it reports every problem as a
/// ``JSONSyntaxError`` with a position and a fixed reason, never the text around it.
///
/// Usage: ``peekKind()`` tells what comes next; an object is ``beginObject()`` then `while let key = try
/// nextKey()` reading each member's value; an array is ``beginArray()`` then `while try nextElement()`;
/// ``finish()`` checks that nothing follows the document.
public struct JSONReader: ~Copyable {
    /// What the next value is.
    public enum Kind: Hashable, Sendable {
        /// An object, `{`.
        case object
        /// An array, `[`.
        case array
        /// A string.
        case string
        /// A number.
        case number
        /// `true` or `false`.
        case bool
        /// `null`.
        case null
    }

    @usableFromInline let bytes: UnsafeBufferPointer<UInt8>
    @usableFromInline var index: Int
    @usableFromInline var depth = 0
    /// Whether the last structural token was `{` or `[` (the next member or element is the first).
    @usableFromInline var atOpening = false
    @usableFromInline var lastKeyOffset = 0
    /// The deepest nesting of arrays and objects accepted.
    public let maximumDepth: Int

    /// A reader of `bytes`, which must stay valid while the reader is used; a leading UTF-8 byte order mark
    /// is skipped.
    public init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        index = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// The offset of the next unread byte.
    public var offset: Int { index }

    /// The offset of the opening quote of the last key ``nextKey()`` read.
    public var keyOffset: Int { lastKeyOffset }

    /// An error at `offset` (the current position unless given), with its line and column.
    public func failure(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
        let position = offset ?? index
        var line = 1
        var column = 1
        for byte in bytes[..<min(position, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return JSONSyntaxError(offset: position, line: line, column: column, reason: reason)
    }

    @inlinable mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// What the next value is (whitespace before it is skipped).
    /// - Throws: at the end of the input or on a byte that starts no value.
    @inlinable public mutating func peekKind() throws(JSONSyntaxError) -> Kind {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw failure("unexpected character")
        }
    }

    /// Checks that only whitespace follows the document.
    public mutating func finish() throws(JSONSyntaxError) {
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected text after the JSON value") }
    }

    // MARK: Containers

    @inlinable mutating func open(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { throw failure("expected \(what)") }
        depth += 1
        guard depth <= maximumDepth else { throw failure("nesting deeper than \(maximumDepth)") }
        index += 1
        atOpening = true
    }

    /// Consumes the `{` of an object.
    @inlinable public mutating func beginObject() throws(JSONSyntaxError) { try open(UInt8(ascii: "{"), "an object") }

    /// Consumes the `[` of an array.
    @inlinable public mutating func beginArray() throws(JSONSyntaxError) { try open(UInt8(ascii: "["), "an array") }

    /// The next member's key, the reader then standing before its value; nil after the closing `}`.
    @inlinable public mutating func nextKey() throws(JSONSyntaxError) -> String? {
        guard let key = try memberKey() else { return nil }
        try memberColon()
        return key
    }

    /// The next key without the `:` after it (``JSONParser`` checks duplicates before the colon).
    @inlinable mutating func memberKey() throws(JSONSyntaxError) -> String? {
        skipWhitespace()
        if atOpening {
            atOpening = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { return close() }
        } else {
            guard index < bytes.count else { throw failure("unexpected end of input in an object") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"): return close()
            default: throw failure("expected ',' or '}'")
            }
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a string key") }
        lastKeyOffset = index
        return try readString()
    }

    @inlinable mutating func memberColon() throws(JSONSyntaxError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
        index += 1
    }

    /// Whether another element follows (the reader then stands before it); false after the closing `]`.
    @inlinable public mutating func nextElement() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        if atOpening {
            atOpening = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { return close() != nil }
            return true
        }
        guard index < bytes.count else { throw failure("unexpected end of input in an array") }
        switch bytes[index] {
        case UInt8(ascii: ","):
            index += 1
            return true
        case UInt8(ascii: "]"): return close() != nil
        default: throw failure("expected ',' or ']'")
        }
    }

    /// Consumes a closing bracket; nil, so that ``memberKey()`` can return it.
    @inlinable mutating func close() -> String? {
        index += 1
        depth -= 1
        atOpening = false
        return nil
    }

    // MARK: Scalars

    /// Reads `true` or `false`.
    @inlinable public mutating func readBool() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    /// Reads `null`.
    @inlinable public mutating func readNull() throws(JSONSyntaxError) {
        skipWhitespace()
        try literal("null")
    }

    @inlinable mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("invalid literal (expected \(word))") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw failure("invalid literal (expected \(word))")
        }
        index += count
    }

    /// Reads a number as written.
    @inlinable public mutating func readNumber() throws(JSONSyntaxError) -> String {
        skipWhitespace()
        let start = index
        try scanNumber()
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    @inlinable mutating func digits() -> Int {
        let from = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        return index - from
    }

    @inlinable mutating func scanNumber() throws(JSONSyntaxError) {
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw failure("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            throw failure("invalid number")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw failure("invalid number: no digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw failure("invalid number: no exponent digits") }
        }
    }

    // MARK: Skipping

    /// Skips the next value, checking it as strictly as reading it would.
    @inlinable public mutating func skipValue() throws(JSONSyntaxError) {
        switch try peekKind() {
        case .object:
            try beginObject()
            while try nextKey() != nil { try skipValue() }
        case .array:
            try beginArray()
            while try nextElement() { try skipValue() }
        case .string: try skipString()
        case .number: try scanNumber()
        case .bool: _ = try readBool()
        case .null: try readNull()
        }
    }
}
