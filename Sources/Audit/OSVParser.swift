/// Parses OSV JSON records leniently: unknown fields are skipped, `upstream` is read whatever the
/// `schema_version` says, an empty `severity[]` is allowed, and an unknown ecosystem is kept by name.
///
/// A record that is not JSON, lacks `id` or `modified`, or has a known field of the wrong JSON type is
/// malformed: the error names the source, the line and column or the field.
public enum OSVParser {
    /// Parses one record from its JSON bytes.
    public static func parse(_ bytes: some Collection<UInt8>, source: String) throws(AuditError) -> OSVRecord {
        let result: Result<OSVRecord, AuditError> =
            bytes.withContiguousStorageIfAvailable { buffer in
                var reader = OSVReader(bytes: buffer, source: source)
                return Result { () throws(AuditError) in try reader.record() }
            }
            ?? Array(bytes).withUnsafeBufferPointer { buffer in
                var reader = OSVReader(bytes: buffer, source: source)
                return Result { () throws(AuditError) in try reader.record() }
            }
        return try result.get()
    }
}
