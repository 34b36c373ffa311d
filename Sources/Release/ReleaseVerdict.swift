import JSON

/// The outcome of verifying a release bundle: a value, not an error. ``isVerified`` is true only when no
/// check found a problem.
public struct ReleaseVerdict: Hashable, Sendable {
    /// One thing wrong with the bundle, naming the file.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        /// Which check failed, as an extensible set of kinds.
        public struct Kind: Hashable, Sendable, CustomStringConvertible {
            /// The kind's short name, as the JSON report writes it.
            public let name: String
            private init(_ name: String) { self.name = name }

            /// A file has no signature.
            public static let unsigned = Kind("unsigned")
            /// A signature does not verify with the given key, or is by another key.
            public static let badSignature = Kind("bad-signature")
            /// A file's digest differs from the one a manifest, an SBOM or the provenance records.
            public static let digestMismatch = Kind("digest-mismatch")
            /// A file is not listed where it must be (a manifest, the provenance's subjects, an SBOM).
            public static let notCovered = Kind("not-covered")
            /// A file named by a manifest, a signature, an SBOM or the provenance is not in the bundle.
            public static let missingFile = Kind("missing-file")
            /// A file of the bundle cannot be parsed (a signature, a manifest, the provenance, an SBOM).
            public static let malformed = Kind("malformed")
            /// The bundle holds something that is not a regular file.
            public static let unexpectedEntry = Kind("unexpected-entry")

            /// The short name.
            public var description: String { name }
        }

        /// The kind of problem.
        public let kind: Kind
        /// The bundle file it is about.
        public let file: String
        /// What is wrong, in a sentence.
        public let message: String

        /// Creates a problem.
        public init(_ kind: Kind, file: String, _ message: String) {
            self.kind = kind
            self.file = file
            self.message = message
        }

        /// `file: message`.
        public var description: String { "\(file): \(message)" }
    }

    /// The bundle folder.
    public var directory: String
    /// The regular files of the bundle, sorted.
    public var files: [String]
    /// The trusted comment of every signature that verified, by signed file.
    public var trustedComments: [String: String]
    /// What was wrong; empty when the bundle verifies.
    public var problems: [Problem]

    /// Creates a verdict.
    public init(directory: String, files: [String], trustedComments: [String: String], problems: [Problem]) {
        self.directory = directory
        self.files = files
        self.trustedComments = trustedComments
        self.problems = problems
    }

    /// Whether every check passed.
    public var isVerified: Bool { problems.isEmpty }

    /// The report `seal verify-release --format json` prints.
    public var jsonValue: JSONValue {
        .object([
            ("directory", .string(directory)),
            ("verified", .bool(isVerified)),
            ("files", .array(files.map { .string($0) })),
            (
                "trustedComments",
                .object(trustedComments.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
            ),
            (
                "problems",
                .array(
                    problems.map {
                        .object([
                            ("kind", .string($0.kind.name)), ("file", .string($0.file)),
                            ("message", .string($0.message)),
                        ])
                    }
                )
            ),
        ])
    }
}
