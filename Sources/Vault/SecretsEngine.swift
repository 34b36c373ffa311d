/// The secrets engine mounted over a logical path, as `sys/internal/ui/mounts/<path>` or `sys/mounts` tells it.
public enum SecretsEngine: Hashable, Sendable, CustomStringConvertible {
    /// A KV engine (v1 or v2): values are static and versioned (v2); they are polled for changes.
    case kv(KVMount)
    /// Any other engine (`database`, `aws`, `pki`, …): a read returns a fresh leased secret each time.
    case leased(path: String, type: String)

    /// The mount path, ending in `/`.
    public var path: String {
        switch self {
        case .kv(let mount): mount.path
        case .leased(let path, _): path
        }
    }

    /// `secret/ (kv v2)` or `database/ (database)`.
    public var description: String {
        switch self {
        case .kv(let mount): mount.description
        case .leased(let path, let type): "\(path) (\(type))"
        }
    }
}
