import Vault

/// Feeds arbitrary bytes to the JSON parser behind every Vault response, then to the envelope reader.
/// Parse errors are expected; a crash, a trap or an ASan report is a bug. A parsed document must serialise
/// and parse back to itself, and its description must never contain a string value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVaultJSON(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    guard let json = try? JSONValue(parsing: bytes) else { return 0 }
    let again = try? JSONValue(parsing: json.serialized)
    precondition(again == json, "a parsed document does not round-trip")
    if let response = try? VaultResponse(json: json, path: "fuzz") {
        _ = response.description
        _ = response.auth?.description
    }
    return 0
}
