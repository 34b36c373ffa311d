extension Deb822Paragraph {
    /// The source package of a binary package's paragraph (dpkg's `status`, apt's `Packages`): the `Source`
    /// field's name and, for a binNMU, the version in parentheses after it (`Source: zlib (1:1.2.13.dfsg-1)`);
    /// without the field the package is its own source and the binary version the source version.
    /// - Parameter binary: the binary package's name and version.
    public func sourcePackage(binary: (name: String, version: String)) -> (name: String, version: String) {
        guard let field = self["Source"] else { return binary }
        let parts = field.split(separator: " ", maxSplits: 1)
        guard let name = parts.first else { return binary }
        guard parts.count == 2 else { return (String(name), binary.version) }
        return (String(name), String(parts[1].filter { $0 != "(" && $0 != ")" && $0 != " " }))
    }
}
