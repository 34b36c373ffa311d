import SBOM

/// A bill of materials in one of the formats a release carries.
public enum SBOMFormat: Sendable, Hashable {
    /// CycloneDX JSON of this spec version (1.5, 1.6 or 1.7).
    case cycloneDX(specVersion: String)
    /// SPDX 2.3 JSON.
    case spdx

    /// Generates the SBOM `request` describes with `generator` and writes it in this format.
    /// - Throws: ``SBOMError`` (an unsupported spec version is bad input; a failing `swift package` or a
    ///   missing checkout is the environment's).
    public func generate(
        _ request: SBOMGenerator.Request,
        with generator: SBOMGenerator = SBOMGenerator()
    ) throws
        -> [UInt8]
    {
        switch self {
        case .cycloneDX(let specVersion):
            let writer = try CycloneDXWriter(specVersion: specVersion)
            return writer.bytes(try generator.generate(request))
        case .spdx:
            return SPDXWriter().bytes(try generator.generate(request))
        }
    }
}
