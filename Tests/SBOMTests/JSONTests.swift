import Foundation
import SBOM
import Testing

@Suite struct JSONTests {
    @Test func parsesAndWritesCanonically() throws {
        let text = #"{"b": [1, 2.5e3, true, null], "a": "x\u00e9\ud83d\ude00\n/\"", "c": {}}"#
        let value = try JSONParser.parse(Array(text.utf8), file: "t.json")
        #expect(value["a"]?.stringValue == "xé😀\n/\"")
        let written = JSONWriter.string(value)
        #expect(written.hasPrefix("{\n  \"a\": "))
        // Foundation agrees on the content.
        let reparsed = try JSONSerialization.jsonObject(with: Data(written.utf8)) as! NSDictionary
        let original = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! NSDictionary
        #expect(reparsed == original)
        #expect(JSONWriter.string(try JSONParser.parse(Array(written.utf8), file: "t")) == written)
    }

    @Test func rejectsMalformedWithLineAndColumn() {
        for (text, fragment) in [
            ("{\"a\": 1,\n \"a\": 2}", "t.json:2:2: duplicate key"),
            ("[1, 2", "t.json:1:6"), ("\"\\ud800\"", "unpaired surrogate"), ("01", "unexpected text"),
            (String(repeating: "[", count: 600), "nesting deeper"),
        ] {
            let error = #expect(throws: SBOMError.self) { try JSONParser.parse(Array(text.utf8), file: "t.json") }
            #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "") lacks \(fragment)")
        }
    }
}
