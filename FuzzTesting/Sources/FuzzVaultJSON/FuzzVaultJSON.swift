import JSON
import Vault

/// Feeds arbitrary bytes to the JSON parser behind every Vault response, then to the envelope reader.
/// Parse errors are expected; a crash, a trap or an ASan report is a bug. A parsed document must serialise
/// and parse back to itself, and its redacted text must not depend on any value: the same document with
/// every string, number and boolean changed prints the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVaultJSON(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    guard let json = try? VaultJSON.parse(bytes) else { return 0 }
    let again = try? VaultJSON.parse(VaultJSON.body(json))
    precondition(again.map(sortedKeys) == sortedKeys(json), "a parsed document does not round-trip")
    precondition(
        VaultJSON.redacted(json) == VaultJSON.redacted(scrambled(json)),
        "the redacted text depends on a value"
    )
    if let response = try? VaultResponse(json: json, path: "fuzz") {
        _ = response.description
        _ = response.auth?.description
    }
    return 0
}

/// The document with its object members sorted by key (the body writer sorts them).
private func sortedKeys(_ value: JSONValue) -> JSONValue {
    switch value {
    case .array(let elements): .array(elements.map(sortedKeys))
    case .object(let members):
        .object(members.map { ($0.0, sortedKeys($0.1)) }.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) })
    default: value
    }
}

/// The same shape and keys with every value changed.
private func scrambled(_ value: JSONValue) -> JSONValue {
    switch value {
    case .null: .null
    case .bool(let flag): .bool(!flag)
    case .number(let text): .number(text == "0" ? "1" : "0")
    case .string(let text): .string(text.isEmpty ? "\u{1}secret\"\\" : "")
    case .array(let elements): .array(elements.map(scrambled))
    case .object(let members): .object(members.map { ($0.0, scrambled($0.1)) })
    }
}
