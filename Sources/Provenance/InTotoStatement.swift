import Digest
import JSON

/// An in-toto Statement v1: the subjects an attestation is about (names with digests), what kind of
/// predicate it carries, and the predicate (in-toto/attestation `spec/v1/statement.md`).
///
/// Written with keys sorted and `_type` = ``typeURI``. Read strictly where it matters for verification
/// (`_type`, every subject's name and digests, `predicateType`, an object `predicate`) and, as the
/// specification asks of consumers, ignoring fields it does not know.
public struct InTotoStatement: Hashable, Sendable {
    /// The `_type` of a v1 Statement.
    public static let typeURI = "https://in-toto.io/Statement/v1"

    /// One artifact the statement is about.
    public struct Subject: Hashable, Sendable {
        /// The artifact's name (for a release, its file name in the bundle).
        public var name: String
        /// Algorithm (`sha256`, `sha512`, …) → lowercase hex digest.
        public var digest: [String: String]

        /// Creates a subject.
        public init(name: String, digest: [String: String]) {
            self.name = name
            self.digest = digest
        }

        /// A subject with a SHA-256 digest.
        public init(name: String, sha256: [UInt8]) {
            self.init(name: name, digest: ["sha256": sha256.hexString])
        }
    }

    /// The subjects, in order.
    public var subjects: [Subject]
    /// The predicate's type URI, such as ``SLSAProvenance/predicateType``.
    public var predicateType: String
    /// The predicate.
    public var predicate: JSONValue

    /// Creates a statement.
    public init(subjects: [Subject], predicateType: String, predicate: JSONValue) {
        self.subjects = subjects
        self.predicateType = predicateType
        self.predicate = predicate
    }

    /// The statement as a JSON value.
    public var jsonValue: JSONValue {
        .object([
            ("_type", .string(Self.typeURI)),
            (
                "subject",
                .array(
                    subjects.map { subject in
                        .object([
                            ("name", .string(subject.name)),
                            (
                                "digest",
                                .object(subject.digest.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
                            ),
                        ])
                    }
                )
            ),
            ("predicateType", .string(predicateType)),
            ("predicate", predicate),
        ])
    }

    /// The bytes that go into a DSSE envelope's payload: compact, keys sorted.
    public var payload: [UInt8] { JSONWriter.compactBytes(jsonValue) }

    /// Parses a statement from its JSON bytes (a DSSE payload).
    /// - Throws: ``ProvenanceError/Code/malformedStatement`` naming `source` and the field.
    public init(bytes: some Collection<UInt8>, source: String) throws(ProvenanceError) {
        func fail(_ what: String, underlying: (any Error)? = nil) -> ProvenanceError {
            ProvenanceError(.malformedStatement, "\(source): \(what)", underlying: underlying)
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, maximumDepth: 64)
        } catch {
            throw fail("not JSON", underlying: error)
        }
        guard value.objectValue != nil else { throw fail("an in-toto Statement is a JSON object") }
        guard let type = value["_type"]?.stringValue else { throw fail("field '_type' must be a string") }
        guard type == Self.typeURI else {
            throw fail("field '_type' is '\(type)', expected '\(Self.typeURI)'")
        }
        guard let entries = value["subject"]?.arrayValue else { throw fail("field 'subject' must be an array") }
        guard !entries.isEmpty else { throw fail("field 'subject' is empty") }
        var subjects: [Subject] = []
        for (index, entry) in entries.enumerated() {
            let field = "subject[\(index)]"
            guard entry.objectValue != nil else { throw fail("\(field) must be an object") }
            guard let name = entry["name"]?.stringValue else { throw fail("\(field).name must be a string") }
            guard let digestMembers = entry["digest"]?.objectValue, !digestMembers.isEmpty else {
                throw fail("\(field).digest must be a non-empty object")
            }
            var digest: [String: String] = [:]
            for (algorithm, hexValue) in digestMembers {
                guard let text = hexValue.stringValue, isLowercaseHex(text), !text.isEmpty else {
                    throw fail("\(field).digest.\(algorithm) must be a lowercase hex string")
                }
                if let length = Self.digestLengths[algorithm], text.count != length {
                    throw fail("\(field).digest.\(algorithm) has \(text.count) hex digits, expected \(length)")
                }
                digest[algorithm] = text
            }
            subjects.append(Subject(name: name, digest: digest))
        }
        guard let predicateType = value["predicateType"]?.stringValue, !predicateType.isEmpty else {
            throw fail("field 'predicateType' must be a non-empty string")
        }
        let predicate = value["predicate"] ?? .object([])
        guard predicate.objectValue != nil else { throw fail("field 'predicate' must be an object") }
        self.init(subjects: subjects, predicateType: predicateType, predicate: predicate)
    }

    /// Hex lengths of the digest algorithms whose size is fixed.
    static let digestLengths = ["sha256": 64, "sha512": 128, "sha384": 96, "sha1": 40, "gitCommit": 40]
}

private func isLowercaseHex(_ text: String) -> Bool {
    text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
}
