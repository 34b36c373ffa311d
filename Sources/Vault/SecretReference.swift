/// A reference to one value: `<mount>/<path>#<key>`, optionally `@<version>` (KV v2), where
/// `<mount>/<path>` is the logical path `bao kv get` takes whatever the KV version.
public struct SecretReference: Hashable, Sendable, CustomStringConvertible {
    /// The logical path, such as `secret/bot4/db`.
    public let path: String
    /// The key inside the secret, such as `password`.
    public let key: String
    /// A pinned KV v2 version, or nil for the latest.
    public let version: Int?

    /// Parses `secret/bot4/db#password` or `secret/bot4/db#password@3`.
    /// - Throws: ``VaultError/Code/configuration`` saying what is missing.
    public init(_ text: String) throws(VaultError) {
        guard let hash = text.lastIndex(of: "#") else {
            throw VaultError(.configuration, "\"\(text)\" is not <mount>/<path>#<key>: no '#'")
        }
        let path = String(text[..<hash]).trimmingSlashes()
        var key = Substring(text[text.index(after: hash)...])
        var version: Int?
        if let at = key.lastIndex(of: "@") {
            guard let number = Int(key[key.index(after: at)...]), number > 0 else {
                throw VaultError(.configuration, "\"\(text)\": the version after '@' is not a positive integer")
            }
            version = number
            key = key[..<at]
        }
        guard path.contains("/"), !path.contains("//") else {
            throw VaultError(.configuration, "\"\(text)\": the path must be <mount>/<path>")
        }
        guard !key.isEmpty else { throw VaultError(.configuration, "\"\(text)\": the key after '#' is empty") }
        self.path = path
        self.key = String(key)
        self.version = version
    }

    /// `path#key[@version]`: names the value, never holds it.
    public var description: String { "\(path)#\(key)" + (version.map { "@\($0)" } ?? "") }
}

extension String {
    fileprivate func trimmingSlashes() -> String {
        var text = Substring(self)
        while text.hasPrefix("/") { text = text.dropFirst() }
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }
}
