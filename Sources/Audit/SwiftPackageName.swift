/// A SwiftPM package location canonicalised the way SwiftPM's `CanonicalPackageLocation` does, so that
/// `https://github.com/Apple/swift-nio.git`, `git@github.com:apple/swift-nio.git` and GHSA's
/// `github.com/apple/swift-nio` are one package.
///
/// Rules: lowercase; drop the scheme, user info and port; scp-style `host:path` becomes `host/path`;
/// percent-decode; drop `#fragment` and `?query`; drop a trailing `/` and `.git`.
public struct SwiftPackageName: Hashable, Sendable, CustomStringConvertible {
    /// The canonical form, `host/owner/repo` for a hosted repository.
    public let canonical: String

    /// Canonicalises a location or an OSV SwiftURL name.
    public init(_ location: String) {
        if let plain = Self.plainCanonical(location) {
            canonical = plain
            return
        }
        var text = Substring(location.lowercased())
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        if let hash = text.firstIndex(of: "#") { text = text[..<hash] }
        if let query = text.firstIndex(of: "?") { text = text[..<query] }
        var hadScheme = false
        if let range = text.range(of: "://") {
            text = text[range.upperBound...]
            hadScheme = true
        }
        // User info.
        if let at = text.firstIndex(of: "@"), !text[..<at].contains("/") {
            text = text[text.index(after: at)...]
        }
        // Port (`host:1234/…`) or scp-style path (`host:owner/repo`).
        if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("/") {
            let after = text[text.index(after: colon)...]
            let digits = after.prefix(while: { $0.isASCII && $0.isNumber })
            if hadScheme, !digits.isEmpty, after.dropFirst(digits.count).first == "/" || digits.count == after.count {
                text = text[..<colon] + after.dropFirst(digits.count)
            } else {
                text = text[..<colon] + "/" + after.drop(while: { $0 == "/" })
            }
        }
        var result = Self.percentDecoded(String(text))
        while result.hasSuffix("/") { result.removeLast() }
        if result.hasSuffix(".git") { result.removeLast(4) }
        while result.hasSuffix("/") { result.removeLast() }
        canonical = result
    }

    /// The canonical form.
    public var description: String { canonical }

    /// The canonical form of the common plain location (`host/owner/repo`, printable ASCII without a scheme,
    /// user, port, query, fragment or percent escape), where the rules reduce to lowercasing and dropping a
    /// trailing `/` or `.git`; nil for any other location. A snapshot of all of OSV names a million of these.
    private static func plainCanonical(_ location: String) -> String? {
        var bytes = Array(location.utf8)
        for i in bytes.indices {
            switch bytes[i] {
            case 0x00...0x20, 0x7F...0xFF, UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "%"), UInt8(ascii: "#"),
                UInt8(ascii: "?"):
                return nil
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes[i] += 0x20
            default: continue
            }
        }
        while bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        if bytes.count >= 4, bytes[(bytes.count - 4)...].elementsEqual(".git".utf8) { bytes.removeLast(4) }
        while bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self).lowercased()
    }
}
