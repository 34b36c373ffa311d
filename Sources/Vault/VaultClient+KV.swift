import JSON
import NIOHTTP1
import Sodium

extension VaultClient {
    /// Finds the secrets engine mounted over `logicalPath`, through `sys/internal/ui/mounts/<path>` (what
    /// `bao kv` and Vault Agent use), falling back to `sys/mounts`. Answers are cached per mount.
    ///
    /// - Throws: ``VaultError/Code/unsupportedMount`` when no engine is mounted over the path.
    public func secretsEngine(for logicalPath: String) async throws(VaultError) -> SecretsEngine {
        if let cached = cachedEngine(covering: logicalPath) { return cached }
        var found: (path: String, type: String, version: String)?
        do {
            if let data = try await request(.GET, "sys/internal/ui/mounts/" + logicalPath)?.data,
                let path = data["path"]?.stringValue, !path.isEmpty
            {
                found = (path, data["type"]?.stringValue ?? "", data["options"]?["version"]?.stringValue ?? "")
            }
        } catch let error where ![.permissionDenied, .notFound, .badRequest].contains(error.code) {
            throw error
        } catch {
            // Older servers or narrow policies: try the mount table below.
        }
        if found == nil, let table = try? await request(.GET, "sys/mounts")?.data?.objectValue {
            let best = table.map(\.0).filter { logicalPath.hasPrefix($0) }.max { $0.count < $1.count }
            if let best, let entry = table.first(where: { $0.0 == best })?.1 {
                found = (best, entry["type"]?.stringValue ?? "", entry["options"]?["version"]?.stringValue ?? "")
            }
        }
        guard let found else {
            throw VaultError(.unsupportedMount, "\(logicalPath): no secrets engine is mounted at this path")
        }
        let engine: SecretsEngine =
            found.type == "kv" || found.type == "generic"
            ? .kv(KVMount(path: found.path, version: found.version == "2" ? 2 : 1))
            : .leased(path: found.path.hasSuffix("/") ? found.path : found.path + "/", type: found.type)
        cache(engine: engine)
        return engine
    }

    /// Finds the KV mount that holds `logicalPath` and its version (``secretsEngine(for:)``).
    ///
    /// - Throws: ``VaultError/Code/unsupportedMount`` when no mount covers the path or it is not KV.
    public func kvMount(for logicalPath: String) async throws(VaultError) -> KVMount {
        switch try await secretsEngine(for: logicalPath) {
        case .kv(let mount): return mount
        case .leased(let path, let type):
            throw VaultError(.unsupportedMount, "\(logicalPath): the mount \(path) is \(type), not kv")
        }
    }

    /// Reads a KV secret (v1 or v2, discovered), optionally a given version (v2; `nil` means the latest).
    ///
    /// - Throws: ``VaultError/Code/notFound`` for a missing secret, or a deleted or destroyed version (the
    ///   message says which); the other codes of ``request(_:_:query:body:wrapTTL:)``.
    public func readKV(_ logicalPath: String, version: Int? = nil) async throws(VaultError) -> VaultSecret {
        let mount = try await kvMount(for: logicalPath)
        let apiPath = mount.dataPath(logicalPath)
        let query = mount.version == 2 ? version.map { "version=\($0)" } : nil
        let response: VaultResponse?
        do {
            response = try await request(.GET, apiPath, query: query, token: .client, envelopeOn404: mount.version == 2)
        } catch let error where error.code == .notFound {
            throw VaultError(
                .notFound,
                "\(logicalPath): no such secret\(version.map { " version \($0)" } ?? "")",
                status: 404
            )
        }
        guard let data = response?.data else {
            throw VaultError(.notFound, "\(logicalPath): the secret has no data")
        }
        if mount.version == 2 {
            let metadata = data["metadata"]
            let number = metadata?["version"]?.vaultInteger
            if metadata?["destroyed"]?.boolValue == true {
                throw VaultError(.notFound, "\(logicalPath): version \(number ?? 0) is destroyed")
            }
            if let deleted = metadata?["deletion_time"]?.stringValue, !deleted.isEmpty {
                throw VaultError(.notFound, "\(logicalPath): version \(number ?? 0) is deleted")
            }
            guard let values = data["data"]?.objectValue else {
                throw VaultError(.notFound, "\(logicalPath): the secret has no data")
            }
            return VaultSecret(
                path: logicalPath,
                engine: .kv(mount),
                version: number,
                values: try VaultClient.secure(values, path: logicalPath),
                leaseDuration: 0
            )
        }
        guard let values = data.objectValue else {
            throw VaultError(.malformedResponse, "\(apiPath): data is not an object")
        }
        return VaultSecret(
            path: logicalPath,
            engine: .kv(mount),
            version: nil,
            values: try VaultClient.secure(values, path: logicalPath),
            leaseDuration: response?.leaseDuration ?? 0
        )
    }

    /// Writes a KV secret. On KV v2, `cas` makes it a check-and-set write (0: only if absent); returns the new
    /// version (nil on KV v1).
    ///
    /// - Throws: ``VaultError/Code/checkAndSetMismatch`` when `cas` is not the current version.
    @discardableResult
    public func writeKV(
        _ logicalPath: String,
        values: [String: String],
        cas: Int? = nil
    ) async throws(VaultError) -> Int? {
        let mount = try await kvMount(for: logicalPath)
        let data = JSONValue.object(values.map { ($0.key, .string($0.value)) })
        if mount.version == 2 {
            var options: [(String, JSONValue)] = []
            if let cas { options.append(("cas", .number(String(cas)))) }
            let response = try await request(
                .POST,
                mount.dataPath(logicalPath),
                body: .object([("data", data), ("options", .object(options))])
            )
            return response?.data?["version"]?.vaultInteger
        }
        try await request(.POST, mount.dataPath(logicalPath), body: data)
        return nil
    }

    /// The current version of a KV v2 secret from its metadata (no value is read), or nil on KV v1.
    public func currentVersion(_ logicalPath: String) async throws(VaultError) -> Int? {
        let mount = try await kvMount(for: logicalPath)
        guard mount.version == 2 else { return nil }
        let data = try await request(.GET, mount.metadataPath(logicalPath))?.data
        return data?["current_version"]?.vaultInteger
    }

    /// Moves the values of a `data` object into guarded memory.
    static func secure(_ values: [(String, JSONValue)], path: String) throws(VaultError) -> [String: SecureBytes] {
        var out: [String: SecureBytes] = [:]
        for (key, value) in values {
            var bytes: [UInt8] =
                switch value {
                case .string(let text): Array(text.utf8)
                default: VaultJSON.body(value)
                }
            do {
                out[key] = try SecureBytes(consuming: &bytes)
            } catch {
                throw VaultError(.malformedResponse, "\(path)#\(key): cannot allocate guarded memory")
            }
        }
        return out
    }
}
