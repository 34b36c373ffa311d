extension PackageURL {
    /// The distro qualifier of Debian 12 components.
    public static let debianDistro = "debian-12"

    /// The Swift purl of a git repository URL: `pkg:swift/<host>/<owner>/<repo>@<version>`, case as in the
    /// URL, without `.git`, user, port or scheme. Accepts `https://`, `ssh://`, `git://` and scp-like
    /// `git@host:owner/repo` forms.
    /// - Returns: nil for a local path or `file://` URL, or a URL without an owner.
    public static func swift(repositoryURL: String, version: String?) -> PackageURL? {
        guard let path = repositoryPath(repositoryURL) else { return nil }
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return try? PackageURL(
            type: "swift",
            namespace: String(path[..<slash]),
            name: String(path[path.index(after: slash)...]),
            version: version
        )
    }

    /// The Swift purl of a registry identity `scope.name`: `pkg:swift/<scope>/<name>@<version>`.
    public static func swift(registryIdentity: String, version: String?) -> PackageURL? {
        guard let dot = registryIdentity.firstIndex(of: "."), dot != registryIdentity.startIndex else { return nil }
        let name = registryIdentity[registryIdentity.index(after: dot)...]
        return try? PackageURL(
            type: "swift",
            namespace: String(registryIdentity[..<dot]),
            name: String(name),
            version: version
        )
    }

    /// The purl of a Debian binary package:
    /// `pkg:deb/debian/<package>@<version>?arch=<arch>&distro=debian-12`. Version and arch may be omitted (a
    /// source view names the package without the version installed on one machine).
    public static func debian(
        package: String,
        version: String?,
        architecture: String?,
        distro: String = debianDistro
    ) throws(SBOMError) -> PackageURL {
        var qualifiers = ["distro": distro]
        if let architecture { qualifiers["arch"] = architecture }
        return try PackageURL(type: "deb", namespace: "debian", name: package, version: version, qualifiers: qualifiers)
    }

    /// `<host>/<owner>/<repo>` for a Swift purl: the key that SwiftURL advisories use. Nil for other types.
    public var swiftRepositoryPath: String? {
        guard type == "swift", let namespace else { return nil }
        return namespace + "/" + name
    }

    /// `<host>/<owner…>/<repo>` of a git URL (no scheme, user, port or `.git`), or nil for a local location.
    public static func repositoryPath(_ url: String) -> String? {
        var text = Substring(url.trimmingCharacters(in: " \t\r\n"))
        var host: Substring
        if let scheme = schemeEnd(text) {
            let schemeName = text[..<scheme].lowercased()
            guard schemeName != "file" else { return nil }
            text = text[text.index(scheme, offsetBy: 3)...]
            let end = text.firstIndex(of: "/") ?? text.endIndex
            host = text[..<end]
            text = text[end...]
            if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
            if host.hasPrefix("[") {
                host = host[...(host.firstIndex(of: "]") ?? host.index(before: host.endIndex))]
            } else if let colon = host.firstIndex(of: ":") {
                host = host[..<colon]
            }
        } else if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("/"), !text.hasPrefix("/") {
            host = text[..<colon]
            if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
            text = text[text.index(after: colon)...]
        } else {
            return nil
        }
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        var segments = text.split(separator: "/")
        guard !host.isEmpty, let last = segments.last else { return nil }
        var name = last
        if name.lowercased().hasSuffix(".git") { name = name.dropLast(4) }
        guard !name.isEmpty else { return nil }
        segments[segments.count - 1] = name
        return ([host] + segments).joined(separator: "/")
    }
}

extension PackageURL {
    /// The index of `://` after a scheme name, or nil.
    fileprivate static func schemeEnd(_ text: Substring) -> Substring.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c == ":" {
                return text[index...].hasPrefix("://") && index > text.startIndex ? index : nil
            }
            guard c.isLetter || c.isNumber || c == "+" || c == "-" || c == "." else { return nil }
            index = text.index(after: index)
        }
        return nil
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let scalars = Set(set.unicodeScalars)
        var view = Substring(self)
        while let first = view.unicodeScalars.first, scalars.contains(first) { view = view.dropFirst() }
        while let last = view.unicodeScalars.last, scalars.contains(last) { view = view.dropLast() }
        return String(view)
    }
}
