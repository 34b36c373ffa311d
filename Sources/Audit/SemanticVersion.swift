/// A SemVer 2.0.0 version with precedence as semver.org item 11 defines it.
///
/// Parsing is lenient the way SwiftPM's `Version(tag:)` is: a leading `v` is dropped and a missing minor or
/// patch number is zero (`1.2` is `1.2.0`). Build metadata is kept but ignored by comparison, so `1.2.3+a`
/// equals `1.2.3+b`.
public struct SemanticVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Major, minor and patch numbers.
    public let major: UInt64, minor: UInt64, patch: UInt64
    /// Dot-separated pre-release identifiers (empty for a release).
    public let prerelease: [String]
    /// Dot-separated build metadata identifiers (ignored by precedence).
    public let build: [String]

    /// Parses a version string; `nil` when it is not a SemVer version even leniently.
    public init?(_ text: some StringProtocol) {
        var rest = Substring(text)
        if rest.first == "v" || rest.first == "V" { rest = rest.dropFirst() }
        var build: [String] = []
        if let plus = rest.firstIndex(of: "+") {
            build = rest[rest.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(
                String.init
            )
            guard build.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isIdentifierCharacter) }) else { return nil }
            rest = rest[..<plus]
        }
        var prerelease: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            prerelease = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false)
                .map(String.init)
            guard prerelease.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isIdentifierCharacter) }) else {
                return nil
            }
            rest = rest[..<dash]
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(core.count) else { return nil }
        var numbers: [UInt64] = []
        for part in core {
            guard !part.isEmpty, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = UInt64(part) else {
                return nil
            }
            numbers.append(value)
        }
        while numbers.count < 3 { numbers.append(0) }
        self.major = numbers[0]
        self.minor = numbers[1]
        self.patch = numbers[2]
        self.prerelease = prerelease
        self.build = build
    }

    private static func isIdentifierCharacter(_ character: Character) -> Bool {
        character == "-" || (character.isASCII && (character.isLetter || character.isNumber))
    }

    /// The canonical text: `major.minor.patch[-pre][+build]`.
    public var description: String {
        var text = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { text += "+" + build.joined(separator: ".") }
        return text
    }

    /// Precedence: build metadata is ignored.
    public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        lhs.major == rhs.major && lhs.minor == rhs.minor && lhs.patch == rhs.patch && lhs.prerelease == rhs.prerelease
    }

    /// Hashes what precedence compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease)
    }

    /// SemVer 2.0.0 precedence (item 11).
    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if lhs.major != rhs.major { return lhs.major < rhs.major }
        if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
        if lhs.patch != rhs.patch { return lhs.patch < rhs.patch }
        switch (lhs.prerelease.isEmpty, rhs.prerelease.isEmpty) {
        case (true, true), (true, false): return false
        case (false, true): return true
        case (false, false): break
        }
        for (left, right) in zip(lhs.prerelease, rhs.prerelease) where left != right {
            let leftNumber = Self.numeric(left)
            let rightNumber = Self.numeric(right)
            switch (leftNumber, rightNumber) {
            case let (l?, r?): return l < r
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return Array(left.utf8).lexicographicallyPrecedes(Array(right.utf8))
            }
        }
        return lhs.prerelease.count < rhs.prerelease.count
    }

    /// A digits-only identifier's value (compared as a digit string when too long for 64 bits).
    private static func numeric(_ identifier: String) -> NumericIdentifier? {
        guard identifier.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return NumericIdentifier(identifier)
    }
}

/// A digits-only identifier compared by value, without overflow.
private struct NumericIdentifier: Comparable {
    let digits: [UInt8]
    init(_ text: String) {
        let trimmed = text.utf8.drop(while: { $0 == 0x30 })
        digits = Array(trimmed)
    }
    static func < (lhs: NumericIdentifier, rhs: NumericIdentifier) -> Bool {
        if lhs.digits.count != rhs.digits.count { return lhs.digits.count < rhs.digits.count }
        return lhs.digits.lexicographicallyPrecedes(rhs.digits)
    }
}
