import Minisign

extension DSSEEnvelope {
    /// The `keyid` Bot4 writes for a minisign key: its key id as `minisign` prints it, 16 uppercase hex digits.
    public static func keyID(of key: KeyID) -> String { key.padded }

    /// Signs `payload` of type `payloadType` with `signer` (pure Ed25519 over the PAE), with `keyid` the
    /// signer's minisign key id.
    /// - Throws: ``ProvenanceError/Code/signerFailed`` when the signer fails.
    public static func sign(
        payload: [UInt8],
        payloadType: String = DSSEEnvelope.inTotoPayloadType,
        signer: some Signer
    ) async throws(ProvenanceError) -> DSSEEnvelope {
        let pae = preAuthenticationEncoding(payloadType: payloadType, payload: payload)
        let signature: [UInt8]
        do {
            signature = try await signer.sign(pae)
        } catch {
            throw ProvenanceError(.signerFailed, "signing the DSSE envelope failed", underlying: error)
        }
        return DSSEEnvelope(
            payload: payload,
            payloadType: payloadType,
            signatures: [Signature(keyID: keyID(of: signer.keyID), signature: signature)]
        )
    }

    /// Signs an in-toto Statement.
    public static func sign(
        statement: InTotoStatement,
        signer: some Signer
    ) async throws(ProvenanceError)
        -> DSSEEnvelope
    {
        try await sign(payload: statement.payload, payloadType: inTotoPayloadType, signer: signer)
    }
}
