import JSON

/// A DSSE envelope (Dead Simple Signing Envelope, v1): a payload, its type, and signatures over the
/// pre-authentication encoding ``preAuthenticationEncoding(payloadType:payload:)`` of the two.
///
/// The JSON form is `{"payload": <base64>, "payloadType": <string>, "signatures": [{"keyid": <string>,
/// "sig": <base64>}]}` (secure-systems-lab/dsse, `envelope.md`). Written with standard base64 and always a
/// `keyid` (securesystemslib refuses a signature without one); read strictly: no other fields, at least one
/// signature, base64 in either alphabet.
public struct DSSEEnvelope: Hashable, Sendable {
    /// The payload type of an in-toto Statement.
    public static let inTotoPayloadType = "application/vnd.in-toto+json"

    /// One signature of the envelope.
    public struct Signature: Hashable, Sendable {
        /// The key hint; for Bot4, the minisign key id as 16 uppercase hex digits. Empty when absent.
        public var keyID: String
        /// The raw signature bytes (64 for Ed25519).
        public var signature: [UInt8]

        /// Creates a signature entry.
        public init(keyID: String, signature: [UInt8]) {
            self.keyID = keyID
            self.signature = signature
        }
    }

    /// The serialized body that is signed.
    public var payload: [UInt8]
    /// How to interpret the payload, such as ``inTotoPayloadType``.
    public var payloadType: String
    /// The signatures, in order.
    public var signatures: [Signature]

    /// Creates an envelope.
    public init(payload: [UInt8], payloadType: String, signatures: [Signature]) {
        self.payload = payload
        self.payloadType = payloadType
        self.signatures = signatures
    }

    /// DSSE's PAE: `"DSSEv1" SP LEN(type) SP type SP LEN(payload) SP payload`, lengths as ASCII decimal of
    /// the byte counts (the type's UTF-8 bytes), no leading zeros.
    public static func preAuthenticationEncoding(payloadType: String, payload: [UInt8]) -> [UInt8] {
        let type = Array(payloadType.utf8)
        var out = Array("DSSEv1 \(type.count) ".utf8)
        out += type
        out += Array(" \(payload.count) ".utf8)
        out += payload
        return out
    }

    /// The bytes every signature of this envelope signs.
    public var preAuthenticationEncoding: [UInt8] {
        Self.preAuthenticationEncoding(payloadType: payloadType, payload: payload)
    }

    /// The envelope as a JSON value.
    public var jsonValue: JSONValue {
        .object([
            ("payload", .string(StrictBase64.encode(payload))),
            ("payloadType", .string(payloadType)),
            (
                "signatures",
                .array(
                    signatures.map {
                        .object([("keyid", .string($0.keyID)), ("sig", .string(StrictBase64.encode($0.signature)))])
                    }
                )
            ),
        ])
    }

    /// The envelope on one line (no trailing newline), as a line of a `.intoto.jsonl` file.
    public var jsonLine: [UInt8] { JSONWriter.compactBytes(jsonValue) }

    /// Parses one envelope from its JSON bytes.
    /// - Throws: ``ProvenanceError/Code/malformedEnvelope`` naming `source` and the field.
    public init(bytes: some Collection<UInt8>, source: String) throws(ProvenanceError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, maximumDepth: 8)
        } catch {
            throw ProvenanceError(.malformedEnvelope, "\(source): not JSON", underlying: error)
        }
        try self.init(json: value, source: source)
    }

    /// Reads an envelope from a parsed JSON value.
    /// - Throws: ``ProvenanceError/Code/malformedEnvelope`` naming `source` and the field.
    public init(json value: JSONValue, source: String) throws(ProvenanceError) {
        func fail(_ what: String) -> ProvenanceError {
            ProvenanceError(.malformedEnvelope, "\(source): \(what)")
        }
        guard let members = value.objectValue else { throw fail("a DSSE envelope is a JSON object") }
        for (key, _) in members where !["payload", "payloadType", "signatures"].contains(key) {
            throw fail("unknown field '\(key)'")
        }
        guard let payloadText = value["payload"]?.stringValue else {
            throw fail("field 'payload' must be a base64 string")
        }
        guard let payload = StrictBase64.decode(payloadText) else { throw fail("field 'payload' is not base64") }
        guard let payloadType = value["payloadType"]?.stringValue, !payloadType.isEmpty else {
            throw fail("field 'payloadType' must be a non-empty string")
        }
        guard let entries = value["signatures"]?.arrayValue else {
            throw fail("field 'signatures' must be an array")
        }
        guard !entries.isEmpty else { throw fail("field 'signatures' is empty: the envelope is unsigned") }
        var signatures: [Signature] = []
        for (index, entry) in entries.enumerated() {
            let field = "signatures[\(index)]"
            guard let entryMembers = entry.objectValue else { throw fail("\(field) must be an object") }
            for (key, _) in entryMembers where key != "keyid" && key != "sig" {
                throw fail("\(field): unknown field '\(key)'")
            }
            guard let sigText = entry["sig"]?.stringValue else { throw fail("\(field).sig must be a base64 string") }
            guard let signature = StrictBase64.decode(sigText), !signature.isEmpty else {
                throw fail("\(field).sig is not base64 of a signature")
            }
            var keyID = ""
            if let keyValue = entry["keyid"] {
                guard let text = keyValue.stringValue else { throw fail("\(field).keyid must be a string") }
                keyID = text
            }
            signatures.append(Signature(keyID: keyID, signature: signature))
        }
        self.init(payload: payload, payloadType: payloadType, signatures: signatures)
    }

    /// Reads a `.intoto.jsonl` file: one envelope per non-empty line.
    /// - Throws: ``ProvenanceError/Code/malformedEnvelope`` naming `source` and the line.
    public static func jsonLines(_ bytes: [UInt8], source: String) throws(ProvenanceError) -> [DSSEEnvelope] {
        var envelopes: [DSSEEnvelope] = []
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            var trimmed = line
            if trimmed.last == 0x0D { trimmed = trimmed.dropLast() }
            if trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            envelopes.append(try DSSEEnvelope(bytes: trimmed, source: "\(source) line \(index + 1)"))
        }
        guard !envelopes.isEmpty else {
            throw ProvenanceError(.malformedEnvelope, "\(source): no envelope (the file is empty)")
        }
        return envelopes
    }
}
