import Foundation
import JSON
import Testing

@Suite struct JSONParserTests {
    @Test func parsesAndWritesCanonically() throws {
        let text = #"{"b": [1, 2.5e3, true, null], "a": "x\u00e9\ud83d\ude00\n/\"", "c": {}}"#
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value["a"]?.stringValue == "xé😀\n/\"")
        #expect(value["b"]?.arrayValue?.first == .number("1"))
        #expect(value.objectValue?.map(\.0) == ["b", "a", "c"], "members keep document order")
        let written = JSONWriter.string(value)
        #expect(written.hasPrefix("{\n  \"a\": "))
        // Foundation agrees on the content.
        let reparsed = try JSONSerialization.jsonObject(with: Data(written.utf8)) as! NSDictionary
        let original = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! NSDictionary
        #expect(reparsed == original)
        #expect(JSONWriter.string(try JSONParser.parse(Array(written.utf8))) == written)
    }

    @Test func rejectsMalformedWithPosition() {
        for (text, line, column, reason) in [
            ("{\"a\": 1,\n \"a\": 2}", 2, 2, "duplicate key"),
            ("[1, 2", 1, 6, "unexpected end of input in an array"),
            ("\"\\ud800\"", 1, 8, "unpaired surrogate in a \\u escape"),
            ("01", 1, 2, "unexpected text after the JSON value"),
            ("{\"k\": \"a\u{01}b\"}", 1, 9, "control character in a string"),
            (String(repeating: "[", count: 600), 1, 513, "nesting deeper than 512"),
        ] {
            let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(text.utf8)) }
            #expect(error?.line == line && error?.column == column, "\(text.prefix(20)): \(String(describing: error))")
            #expect(error?.reason == reason)
        }
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = [0x5B, 0x22, 0xFF, 0x22, 0x5D]  // ["<0xFF>"]
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes) }
        #expect(error?.reason == "invalid UTF-8 in a string")
    }

    @Test func callerSetsTheDepthLimit() throws {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        _ = try JSONParser.parse(Array(deep.utf8))
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(deep.utf8), maximumDepth: 64) }
        #expect(error?.reason == "nesting deeper than 64")
        #expect(error?.offset == 64)
    }

    @Test func errorsCarryNoDocumentText() {
        // A secret-bearing document that is malformed right after the value: the error names the position only.
        let text = #"{"password": "hunter2-secret", "password": "x"}"#
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(text.utf8)) }
        #expect(error.map { !"\($0)".contains("hunter2") && !"\($0)".contains("password") } == true)
    }
}
