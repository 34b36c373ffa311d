/// A Debian package version, `[epoch:]upstream_version[-debian_revision]`, ordered exactly as Debian Policy
/// §5.6.12 and `dpkg --compare-versions` order them.
///
/// The split is at the first colon and the last hyphen; a missing revision compares as `0` (so `1.0` equals
/// `1.0-0`). Each part is compared by alternating non-digit runs (letters before non-letters, `~` before
/// everything, even the end of the part) and digit runs (numerically, empty is zero).
public struct DebianVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// The epoch (0 when omitted).
    public let epoch: UInt64
    /// The upstream version.
    public let upstream: String
    /// The Debian revision ("" when omitted, which compares as "0").
    public let revision: String
    /// The text as given.
    public let description: String

    /// Parses a version; `nil` when the epoch is not a number or the upstream part is empty.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharactersInSet(whitespace: true)
        var rest = Substring(trimmed)
        var epoch: UInt64 = 0
        if let colon = rest.firstIndex(of: ":") {
            guard let value = UInt64(rest[..<colon]) else { return nil }
            epoch = value
            rest = rest[rest.index(after: colon)...]
        }
        var revision = ""
        if let dash = rest.lastIndex(of: "-") {
            revision = String(rest[rest.index(after: dash)...])
            rest = rest[..<dash]
        }
        guard !rest.isEmpty else { return nil }
        self.epoch = epoch
        self.upstream = String(rest)
        self.revision = revision
        self.description = trimmed
    }

    /// Versions are equal when dpkg says `eq`.
    public static func == (lhs: DebianVersion, rhs: DebianVersion) -> Bool { compare(lhs, rhs) == 0 }

    /// Hashes the parts; equal versions that are spelled differently (`1.0` and `1.0-0`) may hash apart, so
    /// use ``compare(_:_:)`` rather than sets where such spellings meet.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(epoch)
        hasher.combine(upstream)
        hasher.combine(revision == "0" ? "" : revision)
    }

    /// dpkg's `lt`.
    public static func < (lhs: DebianVersion, rhs: DebianVersion) -> Bool { compare(lhs, rhs) < 0 }

    /// dpkg's three-way comparison: negative, zero or positive.
    public static func compare(_ lhs: DebianVersion, _ rhs: DebianVersion) -> Int {
        if lhs.epoch != rhs.epoch { return lhs.epoch < rhs.epoch ? -1 : 1 }
        let upstream = comparePart(Array(lhs.upstream.utf8), Array(rhs.upstream.utf8))
        if upstream != 0 { return upstream }
        return comparePart(Array(lhs.revision.utf8), Array(rhs.revision.utf8))
    }

    /// The weight of one character in a non-digit run: `~` lowest (below the end), letters next, then the rest.
    private static func order(_ byte: UInt8?) -> Int {
        guard let byte else { return 0 }
        if byte == UInt8(ascii: "~") { return -1 }
        if isDigit(byte) { return 0 }
        if (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) { return Int(byte) }
        return Int(byte) + 256
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func comparePart(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            // Non-digit run.
            while (i < a.count && !isDigit(a[i])) || (j < b.count && !isDigit(b[j])) {
                let left = order(i < a.count && !isDigit(a[i]) ? a[i] : nil)
                let right = order(j < b.count && !isDigit(b[j]) ? b[j] : nil)
                if left != right { return left < right ? -1 : 1 }
                if i < a.count && !isDigit(a[i]) { i += 1 }
                if j < b.count && !isDigit(b[j]) { j += 1 }
            }
            // Digit run, numerically: skip leading zeros, then longer is larger, then the first difference.
            while i < a.count && a[i] == 0x30 { i += 1 }
            while j < b.count && b[j] == 0x30 { j += 1 }
            var firstDifference = 0
            while i < a.count && isDigit(a[i]) && j < b.count && isDigit(b[j]) {
                if firstDifference == 0 && a[i] != b[j] { firstDifference = a[i] < b[j] ? -1 : 1 }
                i += 1
                j += 1
            }
            if i < a.count && isDigit(a[i]) { return 1 }
            if j < b.count && isDigit(b[j]) { return -1 }
            if firstDifference != 0 { return firstDifference }
        }
        return 0
    }
}

extension String {
    fileprivate func trimmingCharactersInSet(whitespace: Bool) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
