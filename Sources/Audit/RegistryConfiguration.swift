import Foundation
import JSON

/// SwiftPM's registry configuration (`.swiftpm/configuration/registries.json`, version 1): which registry URL
/// serves each scope, and the `[default]` one. A Package.resolved records a registry pin's identity but not its
/// registry, so the `[sources] allow-registry` check reads the URL from here.
struct RegistryConfiguration: Sendable {
    /// Scope (lower-cased) → registry URL; the key `[default]` is the default registry.
    var registries: [String: String]

    /// Reads the file; a missing file is an empty configuration (the pin's registry is then unknown, which
    /// `unknown-registry` decides).
    /// - Throws: ``AuditError/Code/malformedInput`` naming the file and the field when it is not SwiftPM's format.
    static func load(path: String) throws(AuditError) -> RegistryConfiguration {
        guard FileManager.default.fileExists(atPath: path) else { return RegistryConfiguration(registries: [:]) }
        let bytes = try AuditFile.read(path, what: "the registry configuration", limit: AuditFile.configurationLimit)
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw AuditError(.malformedInput, "\(path): not JSON", underlying: error)
        }
        guard case .object(let entries)? = root["registries"] else {
            throw AuditError(.malformedInput, "\(path): `registries` is missing or not an object")
        }
        var registries: [String: String] = [:]
        for (scope, entry) in entries {
            guard let url = entry["url"]?.stringValue else {
                throw AuditError(.malformedInput, "\(path): registries.\(scope).url is missing or not a string")
            }
            registries[scope.lowercased()] = url
        }
        return RegistryConfiguration(registries: registries)
    }

    /// The registry URL serving `scope.name`: the scope's own registry, else the default one.
    func url(forIdentity identity: String) -> String? {
        let scope = identity.split(separator: ".", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        return registries[scope] ?? registries["[default]"]
    }
}
