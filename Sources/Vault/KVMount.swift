/// A KV secrets engine mount: its path (with the trailing slash, like `secret/`) and its version.
public struct KVMount: Hashable, Sendable, CustomStringConvertible {
    /// The mount path, ending in `/`.
    public let path: String
    /// 1 or 2.
    public let version: Int

    /// A mount.
    public init(path: String, version: Int) {
        self.path = path.hasSuffix("/") ? path : path + "/"
        self.version = version
    }

    /// The API path of the data of `logicalPath` (which starts with the mount): `<mount>data/<rest>` for v2.
    public func dataPath(_ logicalPath: String) -> String {
        let rest = String(logicalPath.dropFirst(path.count))
        return version == 2 ? path + "data/" + rest : path + rest
    }

    /// The API path of the metadata of `logicalPath` (KV v2 only).
    public func metadataPath(_ logicalPath: String) -> String {
        path + "metadata/" + String(logicalPath.dropFirst(path.count))
    }

    /// `secret/ (kv v2)`.
    public var description: String { "\(path) (kv v\(version))" }
}
