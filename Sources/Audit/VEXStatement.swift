import Foundation
import JSON

/// One "not affected" statement from a VEX document: a vulnerability, the products it does not affect, and
/// the justification. OpenVEX (0.0.x and 0.2.x) and CycloneDX VEX (`vulnerabilities[].analysis`) are read.
///
/// Only `not_affected` statements with a justification (or an OpenVEX impact statement) suppress a finding;
/// other statuses are kept out, and a `not_affected` without justification is reported, not applied.
public struct VEXStatement: Sendable, Hashable {
    /// The vulnerability ID (any alias of the advisory).
    public var vulnerability: String
    /// Further IDs the document gives for the same vulnerability.
    public var aliases: [String]
    /// Package URLs of the products; a purl without a version covers every version.
    public var products: [String]
    /// The justification (`vulnerable_code_not_in_execute_path`, `code_not_reachable`, …) or impact statement.
    public var justification: String
    /// The document it came from.
    public var source: String

    /// Creates a statement.
    public init(
        vulnerability: String,
        aliases: [String] = [],
        products: [String],
        justification: String,
        source: String
    ) {
        self.vulnerability = vulnerability
        self.aliases = aliases
        self.products = products
        self.justification = justification
        self.source = source
    }

    /// Reads a VEX file: the statements that apply, and warnings for the ones that cannot.
    public static func load(path: String) throws(AuditError) -> (statements: [VEXStatement], warnings: [String]) {
        try parse(AuditFile.read(path, what: "the VEX document", limit: AuditFile.configurationLimit), source: path)
    }

    /// Parses an OpenVEX or CycloneDX VEX document.
    public static func parse(
        _ bytes: [UInt8],
        source: String
    ) throws(AuditError) -> (
        statements: [VEXStatement], warnings: [String]
    ) {
        guard let json = try? JSONParser.parse(bytes), json.objectValue != nil else {
            throw AuditError(.malformedVEX, "\(source): not a JSON object")
        }
        if json["statements"] != nil { return try openVEX(json, source: source) }
        if json["bomFormat"]?.stringValue == "CycloneDX" { return try cycloneDX(json, source: source) }
        throw AuditError(.malformedVEX, "\(source): neither OpenVEX ('statements') nor CycloneDX ('bomFormat')")
    }

    private static func openVEX(
        _ json: JSONValue,
        source: String
    ) throws(AuditError) -> (
        statements: [VEXStatement], warnings: [String]
    ) {
        guard let statements = json["statements"]?.arrayValue, statements.allSatisfy({ $0.objectValue != nil }) else {
            throw AuditError(.malformedVEX, "\(source): 'statements' must be an array of objects")
        }
        var result: [VEXStatement] = []
        var warnings: [String] = []
        for (index, statement) in statements.enumerated() {
            let place = "\(source): statements[\(index)]"
            var id: String?
            var aliases: [String] = []
            if let name = statement["vulnerability"]?.stringValue {
                id = name
            } else if let object = statement["vulnerability"], object.objectValue != nil {
                id = object["name"]?.stringValue ?? object["@id"]?.stringValue
                aliases = object["aliases"]?.arrayValue?.compactMap(\.stringValue) ?? []
            }
            guard let id else { throw AuditError(.malformedVEX, "\(place): 'vulnerability' is missing") }
            var products: [String] = []
            for product in statement["products"]?.arrayValue ?? [] {
                if let text = product.stringValue ?? product["identifiers"]?["purl"]?.stringValue
                    ?? product["@id"]?.stringValue
                {
                    products.append(text)
                }
            }
            guard let status = statement["status"]?.stringValue else {
                throw AuditError(.malformedVEX, "\(place): 'status' is missing")
            }
            guard status == "not_affected" else { continue }
            let justification =
                statement["justification"]?.stringValue ?? statement["impact_statement"]?.stringValue
            let applied = notAffected(
                id,
                aliases: aliases,
                products: products,
                justification: justification?.isEmpty == false ? justification : nil,
                place: place,
                source: source,
                withoutProducts: "names no product",
                warnings: &warnings
            )
            if let applied { result.append(applied) }
        }
        return (result, warnings)
    }

    private static func cycloneDX(
        _ json: JSONValue,
        source: String
    ) throws(AuditError) -> (
        statements: [VEXStatement], warnings: [String]
    ) {
        var purlByRef: [String: String] = [:]
        func collect(_ components: [JSONValue]) {
            for component in components {
                if let ref = component["bom-ref"]?.stringValue, let purl = component["purl"]?.stringValue {
                    purlByRef[ref] = purl
                }
                collect(component["components"]?.arrayValue ?? [])
            }
        }
        collect(json["components"]?.arrayValue ?? [])
        if let root = json["metadata"]?["component"], root.objectValue != nil { collect([root]) }
        var result: [VEXStatement] = []
        var warnings: [String] = []
        for (index, vulnerability) in (json["vulnerabilities"]?.arrayValue ?? []).enumerated() {
            let place = "\(source): vulnerabilities[\(index)]"
            guard let id = vulnerability["id"]?.stringValue else {
                throw AuditError(.malformedVEX, "\(place): 'id' is missing")
            }
            guard let analysis = vulnerability["analysis"], analysis["state"]?.stringValue == "not_affected" else {
                continue
            }
            let aliases = (vulnerability["references"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            var products: [String] = []
            for affect in vulnerability["affects"]?.arrayValue ?? [] {
                guard let ref = affect["ref"]?.stringValue else { continue }
                products.append(purlByRef[ref] ?? ref)
            }
            let applied = notAffected(
                id,
                aliases: aliases,
                products: products,
                justification: analysis["justification"]?.stringValue ?? analysis["detail"]?.stringValue,
                place: place,
                source: source,
                withoutProducts: "affects nothing",
                warnings: &warnings
            )
            if let applied { result.append(applied) }
        }
        return (result, warnings)
    }

    /// The one reading of a `not_affected` statement, in either format: it applies only with a justification
    /// and at least one product; otherwise the result is nil and a warning at `place` says why
    /// (`withoutProducts` words the second case in the format's own terms).
    private static func notAffected(
        _ id: String,
        aliases: [String],
        products: [String],
        justification: String?,
        place: String,
        source: String,
        withoutProducts: String,
        warnings: inout [String]
    ) -> VEXStatement? {
        guard let justification else {
            warnings.append("\(place): not_affected for \(id) without a justification is not applied")
            return nil
        }
        guard !products.isEmpty else {
            warnings.append("\(place): not_affected for \(id) \(withoutProducts) and is not applied")
            return nil
        }
        return VEXStatement(
            vulnerability: id,
            aliases: aliases,
            products: products,
            justification: justification,
            source: source
        )
    }

    /// Whether the statement covers `package` (by purl: `pkg:swift/<host>/<owner>/<repo>[@version]` compared
    /// canonically, `pkg:deb/debian/<binary or source>[@version]`).
    public func covers(_ package: AuditedPackage) -> Bool {
        products.contains { product in
            guard product.hasPrefix("pkg:") else { return false }
            var body = Substring(product.dropFirst(4))
            if let cut = body.firstIndex(where: { $0 == "?" || $0 == "#" }) { body = body[..<cut] }
            var version: String?
            if let at = body.lastIndex(of: "@") {
                version = String(body[body.index(after: at)...]).removingPercentEncoding
                body = body[..<at]
            }
            let parts = body.split(separator: "/", maxSplits: 1)
            guard parts.count == 2 else { return false }
            let path = String(parts[1]).removingPercentEncoding ?? String(parts[1])
            switch (parts[0], package.ecosystem.family) {
            case ("swift", .swiftURL):
                guard SwiftPackageName(path).canonical == SwiftPackageName(package.name).canonical else { return false }
                guard let version else { return true }
                return package.version.map { VersionScheme.semver.compare($0, version) == 0 } ?? false
            case ("deb", .debian):
                let name = path.split(separator: "/").last.map(String.init) ?? path
                guard name == package.displayName || name == package.name else { return false }
                guard let version else { return true }
                return package.version.map { VersionScheme.dpkg.compare($0, version) == 0 } ?? false
            default:
                return false
            }
        }
    }
}
