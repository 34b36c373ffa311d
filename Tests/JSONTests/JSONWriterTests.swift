import JSON
import Testing

/// The one writer's two layouts (canonical and compact, with members sorted or as given) and the builders
/// that let writers use it instead of Foundation's untyped dictionaries.
@Suite struct JSONWriterTests {
    static let value: JSONValue = [
        "z": "last", "a": [1, true, "x/y\n\"q\""], "m": ["k": .number(7.5), "j": .number(9)],
    ]

    @Test func canonicalAndCompactLayouts() {
        #expect(
            JSONWriter.string(Self.value) == """
                {
                  "a": [
                    1,
                    true,
                    "x/y\\n\\"q\\""
                  ],
                  "m": {
                    "j": 9,
                    "k": 7.5
                  },
                  "z": "last"
                }

                """
        )
        let sorted = String(decoding: JSONWriter.compactBytes(Self.value), as: UTF8.self)
        #expect(sorted == #"{"a":[1,true,"x/y\n\"q\""],"m":{"j":9,"k":7.5},"z":"last"}"#)
        let given = String(decoding: JSONWriter.compactBytes(Self.value, memberOrder: .asGiven), as: UTF8.self)
        #expect(given == #"{"z":"last","a":[1,true,"x/y\n\"q\""],"m":{"k":7.5,"j":9}}"#)
    }

    @Test func whatTheWriterWritesTheParserReadsBack() throws {
        for bytes in [JSONWriter.bytes(Self.value), JSONWriter.compactBytes(Self.value, memberOrder: .asGiven)] {
            let parsed = try JSONParser.parse(bytes)
            #expect(parsed["z"] == "last" && parsed["a"]?.arrayValue?.count == 3 && parsed["m"]?["k"] == .number("7.5"))
        }
    }

    @Test func doublesAreShortestAndNonFiniteIsNull() {
        #expect(JSONValue.number(9.0) == .number("9"))
        #expect(JSONValue.number(-0.25) == .number("-0.25"))
        #expect(JSONValue.number(1e-5) == .number("1e-05"))
        #expect(JSONValue.number(1e20) == .number("1e+20"))
        #expect(JSONValue.number(.nan) == .null && JSONValue.number(.infinity) == .null)
    }

    @Test func settingMembersReplacesInPlaceAppendsAndRemoves() {
        var object: JSONValue = ["a": 1, "b": 2]
        object["a"] = "one"
        object["c"] = .strings(["x", "y"])
        #expect(object == ["a": "one", "b": 2, "c": ["x", "y"]])
        object["b"] = nil
        #expect(object == ["a": "one", "c": ["x", "y"]])
        var array: JSONValue = [1]
        array["a"] = 2
        #expect(array == [1])
    }
}
