import JSON

/// One node of `swift package show-dependencies --format json`: a package and the packages it depends on.
public struct DependencyTree: Hashable, Sendable {
    /// SwiftPM's identity.
    public var identity: String
    /// The package's name.
    public var name: String
    /// The URL, or a path for local packages.
    public var url: String
    /// The version, or nil when SwiftPM prints `unspecified` (root, branch and revision pins, path packages).
    public var version: String?
    /// The checkout folder.
    public var path: String
    /// Direct dependencies.
    public var dependencies: [DependencyTree]

    /// Parses `show-dependencies --format json` output.
    /// - Throws: ``SBOMError/Code/malformedJSON`` or ``SBOMError/Code/malformedDocument`` naming the field.
    public static func parse(_ bytes: [UInt8], file: String = "show-dependencies") throws(SBOMError) -> DependencyTree {
        let json = try JSONParser.parse(bytes, file: file)
        return try node(json, at: "", fields: FieldReader(file: file, code: .malformedDocument))
    }

    private static func node(_ json: JSONValue, at: String, fields: FieldReader) throws(SBOMError) -> DependencyTree {
        let version = try fields.optionalString(json, "version", at: at)
        var children: [DependencyTree] = []
        for (i, child) in try fields.optionalArray(json, "dependencies", at: at).enumerated() {
            children.append(
                try node(child, at: at.isEmpty ? "dependencies[\(i)]" : "\(at).dependencies[\(i)]", fields: fields)
            )
        }
        return DependencyTree(
            identity: try fields.string(json, "identity", at: at),
            name: try fields.string(json, "name", at: at),
            url: try fields.string(json, "url", at: at),
            version: version == "unspecified" ? nil : version,
            path: try fields.optionalString(json, "path", at: at) ?? "",
            dependencies: children
        )
    }

    /// Every node below this one, each identity once (first occurrence, depth first).
    public var descendants: [DependencyTree] {
        var seen = Set<String>()
        var out: [DependencyTree] = []
        func visit(_ node: DependencyTree) {
            for child in node.dependencies where seen.insert(child.identity).inserted {
                out.append(child)
                visit(child)
            }
        }
        visit(self)
        return out
    }
}
