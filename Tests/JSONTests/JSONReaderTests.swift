import JSON
import Testing

/// The streaming reader: what it reads, and that skipping checks as strictly as reading.
@Suite struct JSONReaderTests {
    /// Runs `body` on a reader of `bytes`.
    func read<T>(
        _ bytes: [UInt8],
        maximumDepth: Int = 512,
        _ body: (inout JSONReader) throws(JSONSyntaxError) -> T
    ) throws(JSONSyntaxError) -> T {
        let result = bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(bytes: buffer, maximumDepth: maximumDepth)
            return Result { () throws(JSONSyntaxError) in try body(&reader) }
        }
        return try result.get()
    }

    /// Skips the whole document.
    func skip(_ bytes: [UInt8]) throws(JSONSyntaxError) {
        try read(bytes) { (reader: inout JSONReader) throws(JSONSyntaxError) in
            try reader.skipValue()
            try reader.finish()
        }
    }

    @Test func readsMembersInOrderAndSkipsTheRest() throws {
        let text =
            "\u{FEFF}" + #" {"id": "A-1", "n": -1.5e3, "skip": {"x": [1, {"y": "z\n"}], "t": true}, "#
            + #""ok": false, "none": null, "list": ["a", "\u00e9\ud83d\ude00"]} "#
        var seen: [String] = []
        try read(Array(text.utf8)) { (reader: inout JSONReader) throws(JSONSyntaxError) in
            #expect(try reader.peekKind() == .object)
            try reader.beginObject()
            while let key = try reader.nextKey() {
                seen.append(key)
                switch key {
                case "id": #expect(try reader.readString() == "A-1")
                case "n": #expect(try reader.readNumber() == "-1.5e3")
                case "ok": #expect(try reader.readBool() == false)
                case "none": try reader.readNull()
                case "list":
                    try reader.beginArray()
                    var strings: [String] = []
                    while try reader.nextElement() { strings.append(try reader.readString()) }
                    #expect(strings == ["a", "é😀"])
                default: try reader.skipValue()
                }
            }
            try reader.finish()
            #expect(reader.offset == text.utf8.count)
        }
        #expect(seen == ["id", "n", "skip", "ok", "none", "list"])
    }

    @Test(arguments: [
        #""a\x""#, #""\ud800x""#, #""\udc00""#, #""\u12g4""#, #""\u12""#, "\"a\u{1}\"", #""abc"#, "[1,]", "[1 2]",
        "{\"a\" 1}", "{\"a\":1,}", "01", "-", "1.", "1e+", "tru", "nul", "[true,fals]", "{\"a\":[}", "]",
        String(repeating: "[", count: 600),
    ])
    func skippingFailsWhereParsingFails(_ text: String) {
        let bytes = Array(text.utf8)
        let parsing = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes) }
        let skipping = #expect(throws: JSONSyntaxError.self) { try skip(bytes) }
        #expect(parsing != nil && skipping == parsing, "\(text): \(String(describing: skipping))")
    }

    @Test func stringsAreCheckedAsUTF8WhenReadAndWhenSkipped() throws {
        // Every two-byte sequence, and a sample of longer ones, inside a string and behind an escape.
        var samples: [[UInt8]] = []
        for first in 0x80...0xFF { for second in 0x20...0xFF { samples.append([UInt8(first), UInt8(second)]) } }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<60_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = 3 + Int(state >> 62 & 1)
            samples.append(
                (0..<length).map { UInt8(truncatingIfNeeded: state >> (8 * $0 + 8)) | ($0 == 0 ? 0xE0 : 0x80) }
            )
        }
        var valid = 0
        for sample in samples where !sample.contains(UInt8(ascii: "\"")) && !sample.contains(UInt8(ascii: "\\")) {
            let expected = String(validating: sample, as: UTF8.self)
            for bytes in [[0x22] + sample + [0x22], [0x22, 0x5C, 0x6E] + sample + [0x22]] {
                let parsed = try? JSONParser.parse(bytes)
                let skipped: Bool = (try? skip(bytes)) != nil
                #expect(skipped == (expected != nil), "\(sample)")
                #expect(parsed?.stringValue?.utf8.suffix(sample.count).elementsEqual(sample) ?? (expected == nil))
            }
            if expected != nil { valid += 1 }
        }
        #expect(valid > 1_000)
        let raw: [UInt8] = [0x5B, 0x22, 0x6F, 0x6B, 0x22, 0x2C, 0x0A, 0x22, 0x78, 0xFF, 0x22, 0x5D]
        let error = #expect(throws: JSONSyntaxError.self) { try skip(raw) }
        #expect(error == JSONSyntaxError(offset: 11, line: 2, column: 5, reason: "invalid UTF-8 in a string"))
    }

    @Test func depthKeyOffsetsAndTypeErrorsHaveTheirPosition() throws {
        let error = #expect(throws: JSONSyntaxError.self) {
            try read(Array("[[[1]]]".utf8), maximumDepth: 2) { (reader: inout JSONReader) throws(JSONSyntaxError) in
                try reader.skipValue()
            }
        }
        #expect(error == JSONSyntaxError(offset: 2, line: 1, column: 3, reason: "nesting deeper than 2"))
        try read(Array("{\"a\":1,\n  \"b\" : \"x\"}".utf8)) { (reader: inout JSONReader) throws(JSONSyntaxError) in
            try reader.beginObject()
            #expect(try reader.nextKey() == "a" && reader.keyOffset == 1)
            #expect(try reader.peekKind() == .number)
            try reader.skipValue()
            #expect(try reader.nextKey() == "b" && reader.keyOffset == 10)
            #expect(try reader.peekKind() == .string)
            let wrong = reader.failure("field 'b' must be a number")
            #expect(wrong.description == "2:9: field 'b' must be a number")
            #expect(try reader.readString() == "x")
            #expect(try reader.nextKey() == nil)
        }
    }
}
