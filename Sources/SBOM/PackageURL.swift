/// A package URL (purl, ECMA-427): `pkg:<type>/<namespace>/<name>@<version>?<qualifiers>#<subpath>`.
///
/// Fields hold decoded text; ``description`` is the canonical form: percent-encoding of everything but
/// `A-Z a-z 0-9 . - _ ~ :`, qualifier keys lower-cased and sorted, empty qualifiers dropped, and for `deb`
/// the namespace and name lower-cased.
public struct PackageURL: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The type, lower case: `swift`, `deb`, `generic`.
    public let type: String
    /// The namespace, its segments joined by `/` (for Swift: `<host>/<owner>`), or nil.
    public let namespace: String?
    /// The name.
    public let name: String
    /// The version, or nil.
    public let version: String?
    /// Qualifiers by lower-case key.
    public let qualifiers: [String: String]
    /// The subpath, or nil.
    public let subpath: String?

    /// Creates a purl from decoded parts.
    /// - Throws: ``SBOMError/Code/malformedPackageURL`` when the type or name is invalid, or a `swift` purl
    ///   has no namespace.
    public init(
        type: String,
        namespace: String?,
        name: String,
        version: String? = nil,
        qualifiers: [String: String] = [:],
        subpath: String? = nil
    ) throws(SBOMError) {
        let type = type.lowercased()
        guard Self.isValidType(type) else {
            throw SBOMError(.malformedPackageURL, "purl type \"\(type)\" is not valid")
        }
        var namespace = namespace.map { $0.split(separator: "/").joined(separator: "/") }
        if namespace?.isEmpty == true { namespace = nil }
        var name = name
        guard !name.isEmpty else { throw SBOMError(.malformedPackageURL, "a purl needs a name") }
        if type == "deb" {
            namespace = namespace?.lowercased()
            name = name.lowercased()
        }
        if type == "swift" && namespace == nil {
            throw SBOMError(.malformedPackageURL, "a swift purl needs a namespace (host and owner): \(name)")
        }
        var cleaned: [String: String] = [:]
        for (key, value) in qualifiers where !value.isEmpty {
            let key = key.lowercased()
            guard Self.isValidQualifierKey(key) else {
                throw SBOMError(.malformedPackageURL, "purl qualifier key \"\(key)\" is not valid")
            }
            cleaned[key] = value
        }
        let trimmed = subpath?.split(separator: "/").filter { $0 != "." && $0 != ".." }.joined(separator: "/")
        self.init(
            validatedType: type,
            namespace: namespace,
            name: name,
            version: version?.isEmpty == true ? nil : version,
            qualifiers: cleaned,
            subpath: trimmed?.isEmpty == true ? nil : trimmed
        )
    }

    private init(
        validatedType type: String,
        namespace: String?,
        name: String,
        version: String?,
        qualifiers: [String: String],
        subpath: String?
    ) {
        self.type = type
        self.namespace = namespace
        self.name = name
        self.version = version
        self.qualifiers = qualifiers
        self.subpath = subpath
    }

    /// Parses a purl string.
    /// - Throws: ``SBOMError/Code/malformedPackageURL`` saying what is wrong.
    public init(parsing text: String) throws(SBOMError) {
        var rest = Substring(text)
        var subpath: String?
        if let hash = rest.lastIndex(of: "#") {
            subpath = try Self.decode(rest[rest.index(after: hash)...], in: text)
            rest = rest[..<hash]
        }
        var qualifiers: [String: String] = [:]
        if let question = rest.lastIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") {
                guard let equals = pair.firstIndex(of: "=") else {
                    throw SBOMError(.malformedPackageURL, "\(text): qualifier \"\(pair)\" has no '='")
                }
                let key = String(pair[..<equals]).lowercased()
                guard qualifiers[key] == nil else {
                    throw SBOMError(.malformedPackageURL, "\(text): qualifier \"\(key)\" appears twice")
                }
                qualifiers[key] = try Self.decode(pair[pair.index(after: equals)...], in: text)
            }
            rest = rest[..<question]
        }
        guard rest.count >= 4, rest.prefix(4).lowercased() == "pkg:" else {
            throw SBOMError(.malformedPackageURL, "\(text): a purl starts with \"pkg:\"")
        }
        rest = rest.dropFirst(4).drop { $0 == "/" }
        guard let slash = rest.firstIndex(of: "/") else {
            throw SBOMError(.malformedPackageURL, "\(text): no '/' after the type")
        }
        let type = String(rest[..<slash])
        rest = rest[rest.index(after: slash)...]
        var version: String?
        if let at = rest.lastIndex(of: "@") {
            version = try Self.decode(rest[rest.index(after: at)...], in: text)
            rest = rest[..<at]
        }
        let segments = rest.split(separator: "/")
        guard let last = segments.last else { throw SBOMError(.malformedPackageURL, "\(text): no name") }
        let name = try Self.decode(last, in: text)
        var namespaceSegments: [String] = []
        for segment in segments.dropLast() {
            let decoded = try Self.decode(segment, in: text)
            guard !decoded.contains("/") else {
                throw SBOMError(.malformedPackageURL, "\(text): a namespace segment holds an encoded '/'")
            }
            namespaceSegments.append(decoded)
        }
        do {
            try self.init(
                type: type,
                namespace: namespaceSegments.isEmpty ? nil : namespaceSegments.joined(separator: "/"),
                name: name,
                version: version,
                qualifiers: qualifiers,
                subpath: subpath
            )
        } catch {
            throw SBOMError(.malformedPackageURL, "\(text): \(error.message)")
        }
    }

    /// The canonical string.
    public var description: String {
        var out = "pkg:" + type + "/"
        if let namespace {
            out += namespace.split(separator: "/").map { Self.encode($0) }.joined(separator: "/") + "/"
        }
        out += Self.encode(name[...])
        if let version { out += "@" + Self.encode(version[...]) }
        if !qualifiers.isEmpty {
            out +=
                "?"
                + qualifiers.keys.sorted().map { "\($0)=\(Self.encode(qualifiers[$0]![...], keepingSlash: true))" }
                .joined(separator: "&")
        }
        if let subpath {
            out += "#" + subpath.split(separator: "/").map { Self.encode($0) }.joined(separator: "/")
        }
        return out
    }

    /// Orders by canonical string.
    public static func < (lhs: PackageURL, rhs: PackageURL) -> Bool {
        lhs.description.utf8.lexicographicallyPrecedes(rhs.description.utf8)
    }

    /// The same purl with another version.
    public func with(version: String?) -> PackageURL {
        PackageURL(
            validatedType: type,
            namespace: namespace,
            name: name,
            version: version?.isEmpty == true ? nil : version,
            qualifiers: qualifiers,
            subpath: subpath
        )
    }

    private static func isValidType(_ type: String) -> Bool {
        guard let first = type.utf8.first, !(0x30...0x39).contains(first) else { return false }
        return type.utf8.allSatisfy { c in
            (0x61...0x7A).contains(c) || (0x30...0x39).contains(c) || c == 0x2E || c == 0x2D || c == 0x2B
                || c == 0x5F
        }
    }

    private static func isValidQualifierKey(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(0x30...0x39).contains(first) else { return false }
        return key.utf8.allSatisfy { c in
            (0x61...0x7A).contains(c) || (0x30...0x39).contains(c) || c == 0x2E || c == 0x2D || c == 0x5F
        }
    }

    /// Percent-encodes everything outside the unreserved set and ':' (and '/' in qualifier values, as the
    /// purl test suite's canonical forms keep it).
    static func encode(_ text: Substring, keepingSlash: Bool = false) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for c in text.utf8 {
            switch c {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2E, 0x2D, 0x5F, 0x7E, 0x3A: out.append(c)
            case 0x2F where keepingSlash: out.append(c)
            default:
                out.append(0x25)
                out.append(hex[Int(c >> 4)])
                out.append(hex[Int(c & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func decode(_ text: Substring, in whole: String) throws(SBOMError) -> String {
        guard text.utf8.contains(0x25) else { return String(text) }
        var out: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let c = iterator.next() {
            guard c == 0x25 else {
                out.append(c)
                continue
            }
            guard let h = iterator.next().flatMap(hexValue), let l = iterator.next().flatMap(hexValue) else {
                throw SBOMError(.malformedPackageURL, "\(whole): bad percent-encoding")
            }
            out.append(h << 4 | l)
        }
        guard let decoded = String(validating: out, as: UTF8.self) else {
            throw SBOMError(.malformedPackageURL, "\(whole): percent-encoding is not UTF-8")
        }
        return decoded
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }
}
