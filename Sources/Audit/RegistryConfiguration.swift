import Foundation

/// SwiftPM's registry configuration (`.swiftpm/configuration/registries.json`, version 1): which registry URL
/// serves each scope, and the `[default]` one. A Package.resolved records a registry pin's identity but not its
/// registry, so the `[sources] allow-registry` check reads the URL from here.
struct RegistryConfiguration: Sendable {
    /// Scope (lower-cased) → registry URL; the key `[default]` is the default registry.
    var registries: [String: String]

    /// Reads the file; a missing or unreadable file is an empty configuration (the pin's registry is then
    /// unknown, which `unknown-registry` decides).
    static func load(path: String) -> RegistryConfiguration {
        guard let data = FileManager.default.contents(atPath: path),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let entries = root["registries"] as? [String: Any]
        else { return RegistryConfiguration(registries: [:]) }
        var registries: [String: String] = [:]
        for (scope, value) in entries {
            if let entry = value as? [String: Any], let url = entry["url"] as? String {
                registries[scope.lowercased()] = url
            }
        }
        return RegistryConfiguration(registries: registries)
    }

    /// The registry URL serving `scope.name`: the scope's own registry, else the default one.
    func url(forIdentity identity: String) -> String? {
        let scope = identity.split(separator: ".", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        return registries[scope] ?? registries["[default]"]
    }
}
