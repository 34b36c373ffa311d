import Sodium

/// One KV secret as read: its keys, each value in `SecureBytes`, and its version (KV v2).
///
/// Values that are not JSON strings (numbers, booleans, objects) are kept as their compact JSON text, as
/// `bao kv get -field` prints them. `description` lists key names only.
public struct KVSecret: Sendable, CustomStringConvertible {
    /// The logical path, such as `secret/bot4/db`.
    public let path: String
    /// The mount it lives in.
    public let mount: KVMount
    /// The version read (KV v2), nil for KV v1.
    public let version: Int?
    /// The values by key.
    public let values: [String: SecureBytes]
    /// The advisory lease of a KV v1 read, in seconds (0 for KV v2).
    public let leaseDuration: Int

    /// A secret from parsed parts (the reader moves each value out of the JSON into guarded memory).
    public init(path: String, mount: KVMount, version: Int?, values: [String: SecureBytes], leaseDuration: Int) {
        self.path = path
        self.mount = mount
        self.version = version
        self.values = values
        self.leaseDuration = leaseDuration
    }

    /// The keys present, sorted.
    public var keys: [String] { values.keys.sorted() }

    /// A BLAKE2b-256 digest over the sorted keys and values: equal digests mean equal secrets. It changes
    /// when any value changes and is safe to compare and keep (it is not printed).
    public var fingerprint: [UInt8] {
        var hasher = BLAKE2b(outputLength: 32)
        for key in keys {
            let keyBytes = Array(key.utf8)
            hasher.update(withUnsafeBytes(of: UInt64(keyBytes.count).littleEndian) { Array($0) })
            hasher.update(keyBytes)
            values[key]!.withUnsafeBytes { raw in
                hasher.update(withUnsafeBytes(of: UInt64(raw.count).littleEndian) { Array($0) })
                hasher.update(raw)
            }
        }
        return hasher.finalize()
    }

    /// Path, version and key names; never a value.
    public var description: String {
        "KVSecret(\(path), \(version.map { "version \($0)" } ?? "kv v1"), keys: [\(keys.joined(separator: ", "))])"
    }
}
