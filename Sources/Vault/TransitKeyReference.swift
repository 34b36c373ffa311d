/// A Transit key named as `vault-transit://<mount>/keys/<name>[?version=<n>]`.
///
/// Without `version`, signing uses the key's latest version (read once when the signer is made, so that
/// every signature of one run uses one version and one key id).
public struct TransitKeyReference: Hashable, Sendable, CustomStringConvertible {
    /// The Transit mount, such as `transit` (may contain slashes).
    public let mount: String
    /// The key name.
    public let name: String
    /// A pinned key version, or nil for the latest.
    public let version: Int?

    /// The URL scheme.
    public static let scheme = "vault-transit://"

    /// Parses the reference.
    /// - Throws: ``VaultError/Code/configuration`` saying which part is wrong.
    public init(_ text: String) throws(VaultError) {
        guard text.hasPrefix(TransitKeyReference.scheme) else {
            throw VaultError(.configuration, "\(text): a Transit key is vault-transit://<mount>/keys/<name>")
        }
        var rest = Substring(text.dropFirst(TransitKeyReference.scheme.count))
        var version: Int?
        if let question = rest.firstIndex(of: "?") {
            let query = rest[rest.index(after: question)...]
            rest = rest[..<question]
            guard query.hasPrefix("version="), let number = Int(query.dropFirst("version=".count)), number > 0 else {
                throw VaultError(.configuration, "\(text): the only query is version=<positive integer>")
            }
            version = number
        }
        guard let range = rest.range(of: "/keys/", options: .backwards) else {
            throw VaultError(.configuration, "\(text): a Transit key is vault-transit://<mount>/keys/<name>")
        }
        let mount = String(rest[..<range.lowerBound])
        let name = String(rest[range.upperBound...])
        guard !mount.isEmpty, !name.isEmpty, !name.contains("/") else {
            throw VaultError(.configuration, "\(text): the mount and the key name must not be empty")
        }
        self.mount = mount
        self.name = name
        self.version = version
    }

    /// The reference as written.
    public var description: String {
        TransitKeyReference.scheme + "\(mount)/keys/\(name)" + (version.map { "?version=\($0)" } ?? "")
    }
}
