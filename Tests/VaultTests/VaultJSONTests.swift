import JSON
import Testing

@testable import Vault

/// What Vault's JSON reading prints: shapes and keys, never a value.
@Suite struct VaultJSONTests {
    static let secret = "s3cr3t-Value-7f2a"

    @Test func secretsNeverReachADescriptionOrAnError() throws {
        let secret = VaultJSONTests.secret
        let body = """
            {"request_id":"r","lease_id":"kv/x/1","renewable":true,"lease_duration":60,
             "data":{"password":"\(secret)","nested":{"k":["\(secret)"]}},
             "auth":{"client_token":"\(secret)","accessor":"acc","policies":["default"],"lease_duration":30},
             "wrap_info":{"token":"\(secret)","accessor":"wacc","ttl":60,"creation_path":"auth/x"}}
            """
        let json = try VaultJSON.parse(Array(body.utf8))
        let response = try VaultResponse(json: json, path: "kv/x")
        #expect(response.data?["password"]?.stringValue == secret)
        let redacted = VaultJSON.redacted(json)
        #expect(redacted.contains("client_token: <string>") && redacted.contains("password: <string>"))
        let descriptions = [
            redacted, response.description, String(describing: response), "\(response)",
            response.auth.map { "\($0)" } ?? "", response.wrapInfo.map { "\($0)" } ?? "",
        ]
        for text in descriptions { #expect(!text.contains(secret), "a description shows the secret: \(text)") }

        // Malformed documents that hold the secret: the error gives a position, never the text.
        let malformed = [
            #"{"data":{"password":"\#(secret)"}"#,
            #"{"auth":{"client_token":"\#(secret)\q"}}"#,
            #"{"wrap_info":{"token":"\#(secret)","token":"\#(secret)"}}"#,
            #"{"data":{"password":"\#(secret)"}} \#(secret)"#,
            #"{"data":{"password":\#(secret)}}"#,
        ]
        for text in malformed {
            let error = #expect(throws: VaultError.self) { try VaultJSON.parse(Array(text.utf8)) }
            #expect(error?.code == .malformedResponse)
            #expect(error?.underlying is JSONSyntaxError)
            #expect(error?.description.hasPrefix("malformed JSON at byte ") == true)
            #expect(error.map { !"\($0)".contains(secret) && !$0.message.contains(secret) } == true)
        }

        // Well-formed documents whose fields have the wrong type, each holding the secret.
        let wrongTypes = [
            #"{"renewable":"\#(secret)"}"#, #"{"lease_id":["\#(secret)"]}"#, #"{"data":"\#(secret)"}"#,
            #"{"lease_duration":"\#(secret)"}"#, #"{"auth":{"client_token":["\#(secret)"]}}"#,
            #"{"wrap_info":{"token":{"t":"\#(secret)"}}}"#, #"["\#(secret)"]"#,
        ]
        for text in wrongTypes {
            let parsed = try VaultJSON.parse(Array(text.utf8))
            let error = #expect(throws: VaultError.self) { try VaultResponse(json: parsed, path: "kv/x") }
            #expect(error?.code == .malformedResponse)
            #expect(error.map { !"\($0)".contains(secret) } == true, "the error shows the secret: \(text)")
        }
    }

    @Test func parseErrorsKeepTheSyntaxErrorAndTheDepthLimit() {
        let error = #expect(throws: VaultError.self) { try VaultJSON.parse(Array("{\n\"a\":1,\"a\":2}".utf8)) }
        let syntax = error?.underlying as? JSONSyntaxError
        #expect(syntax == JSONSyntaxError(offset: 8, line: 2, column: 7, reason: "duplicate key"))
        #expect(error?.description == "malformed JSON at byte 8: 2:7: duplicate key")
        let deep = String(repeating: "[", count: VaultJSON.maximumDepth + 1)
        let tooDeep = #expect(throws: VaultError.self) { try VaultJSON.parse(Array(deep.utf8)) }
        #expect((tooDeep?.underlying as? JSONSyntaxError)?.reason == "nesting deeper than 64")
        #expect(throws: Never.self) {
            try VaultJSON.parse(Array((String(repeating: "[", count: 64) + String(repeating: "]", count: 64)).utf8))
        }
    }

    @Test func integersAndBodies() throws {
        let json = try VaultJSON.parse(Array(#"{"a":"42","b":7,"c":1e3,"d":1.5,"e":"x","f":true}"#.utf8))
        #expect(json["a"]?.vaultInteger == 42 && json["b"]?.vaultInteger == 7 && json["c"]?.vaultInteger == 1000)
        #expect(json["d"]?.vaultInteger == nil && json["e"]?.vaultInteger == nil && json["f"]?.vaultInteger == nil)
        let body = VaultJSON.body(.object([("z", .string("a\"b\n")), ("a", .object([])), ("m", .array([.null]))]))
        #expect(String(decoding: body, as: UTF8.self) == #"{"a":{},"m":[null],"z":"a\"b\n"}"#)
    }
}
