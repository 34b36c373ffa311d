import Foundation

/// A failure to read SwiftPM's files, an ELF binary or an SBOM, or to run the tools the generator calls.
///
/// Messages name the file and the field (or line and column) that was wrong.
public struct SBOMError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case malformedJSON, malformedResolved, unsupportedVersion, malformedDocument, malformedPackageURL
            case malformedELF, malformedCopyright, missingCheckout, toolFailed, io, usage
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The bytes are not JSON.
        public static let malformedJSON = Code(.malformedJSON)
        /// A `Package.resolved` lacks a field or has one of the wrong kind.
        public static let malformedResolved = Code(.malformedResolved)
        /// A `Package.resolved` or SBOM of a format version this reader does not know.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// A CycloneDX or SPDX document, or SwiftPM's JSON output, lacks a field or has one of the wrong kind.
        public static let malformedDocument = Code(.malformedDocument)
        /// A package URL that does not follow the purl specification.
        public static let malformedPackageURL = Code(.malformedPackageURL)
        /// A file that is not a well-formed ELF64 binary.
        public static let malformedELF = Code(.malformedELF)
        /// A Debian copyright file that declares the machine-readable format and breaks its syntax.
        public static let malformedCopyright = Code(.malformedCopyright)
        /// A dependency's checkout is not where SwiftPM says it is.
        public static let missingCheckout = Code(.missingCheckout)
        /// `swift package`, `dpkg-query` or another tool failed.
        public static let toolFailed = Code(.toolFailed)
        /// A file could not be read.
        public static let io = Code(.io)
        /// The request itself is inconsistent.
        public static let usage = Code(.usage)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .malformedJSON: "malformed JSON"
            case .malformedResolved: "malformed Package.resolved"
            case .unsupportedVersion: "unsupported version"
            case .malformedDocument: "malformed document"
            case .malformedPackageURL: "malformed package URL"
            case .malformedELF: "malformed ELF"
            case .malformedCopyright: "malformed Debian copyright file"
            case .missingCheckout: "missing checkout"
            case .toolFailed: "tool failed"
            case .io: "I/O failure"
            case .usage: "usage"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong and where, without the underlying error's text (empty when that says it all).
    public let message: String
    /// The error this one wraps, when there is one; not part of equality.
    public let underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message, then the underlying error's text (the latter alone when the message is empty), as the user
    /// reads it: Foundation's errors (a tool that cannot start) by their localized description.
    public var description: String {
        guard let underlying else { return message }
        let cause = type(of: underlying) is NSError.Type ? underlying.localizedDescription : "\(underlying)"
        return message.isEmpty ? cause : "\(message): \(cause)"
    }
    /// Errors compare on their code only.
    public static func == (lhs: SBOMError, rhs: SBOMError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
