import JSON

extension JSONParser {
    /// Parses one JSON document read from `file`.
    /// - Parameter file: the name used in error messages.
    /// - Throws: ``SBOMError/Code/malformedJSON`` naming the file, line and column.
    public static func parse(_ bytes: [UInt8], file: String) throws(SBOMError) -> JSONValue {
        do {
            return try parse(bytes)
        } catch {
            throw SBOMError(.malformedJSON, "\(file):\(error.line):\(error.column): \(error.reason)")
        }
    }
}
