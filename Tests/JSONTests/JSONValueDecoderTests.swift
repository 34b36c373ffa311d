import JSON
import Testing

/// `Decodable` types read through the strict parser: values, nesting, optionals, and errors with the path.
@Suite struct JSONValueDecoderTests {
    struct Limit: Decodable, Equatable {
        var kind: String
        var count: Int64
        var ratio: Double
        var enabled: Bool
        var note: String?
        var steps: [UInt8]
    }

    struct Document: Decodable, Equatable {
        var limits: [Limit]
    }

    static func decode(_ text: String) throws -> Document {
        try JSONValueDecoder().decode(Document.self, from: JSONParser.parse(Array(text.utf8)))
    }

    @Test func decodesNestedValuesAndOptionals() throws {
        let document = try Self.decode(
            #"{"limits": [{"kind": "ORDERS", "count": 1e3, "ratio": 0.5, "enabled": true, "steps": [1, 255]},"#
                + #" {"kind": "W", "count": -9000000000, "ratio": 2, "enabled": false, "note": null, "steps": []}]}"#
        )
        #expect(
            document.limits == [
                Limit(kind: "ORDERS", count: 1000, ratio: 0.5, enabled: true, note: nil, steps: [1, 255]),
                Limit(kind: "W", count: -9_000_000_000, ratio: 2, enabled: false, note: nil, steps: []),
            ]
        )
    }

    @Test(arguments: [
        (#"{"limits": [{"kind": "A"}]}"#, "keyNotFound", "limits[0].count"),
        (#"{"limits": [{"kind": 5}]}"#, "typeMismatch", "limits[0].kind"),
        (#"{"limits": null}"#, "valueNotFound", "limits"),
        (
            #"{"limits": [{"kind": "A", "count": 1, "ratio": 1, "enabled": true, "steps": [256]}]}"#,
            "dataCorrupted", "limits[0].steps[0]"
        ),
        (
            #"{"limits": [{"kind": "A", "count": 1.5, "ratio": 1, "enabled": true, "steps": []}]}"#,
            "dataCorrupted", "limits[0].count"
        ),
    ])
    func errorsNameTheCase(text: String, kind: String, path: String) throws {
        do {
            _ = try Self.decode(text)
            Issue.record("decoded \(text)")
        } catch let error as DecodingError {
            let (found, context): (String, DecodingError.Context) =
                switch error {
                case .keyNotFound(let key, let context):
                    ("keyNotFound", .init(codingPath: context.codingPath + [key], debugDescription: ""))
                case .typeMismatch(_, let context): ("typeMismatch", context)
                case .valueNotFound(_, let context): ("valueNotFound", context)
                case .dataCorrupted(let context): ("dataCorrupted", context)
                @unknown default: ("unknown", .init(codingPath: [], debugDescription: ""))
                }
            var written = ""
            for key in context.codingPath {
                if let index = key.intValue {
                    written += "[\(index)]"
                } else {
                    written += (written.isEmpty ? "" : ".") + key.stringValue
                }
            }
            #expect(found == kind && written == path, "\(error)")
        }
    }
}

/// `Encodable` types written by the one writer: what the encoder builds, the decoder reads back.
@Suite struct JSONValueEncoderTests {
    struct Fit: Codable, Equatable {
        var name: String
        var mean: Double
        var count: UInt64
        var tags: [String]
        var nested: [String: Int]
        var absent: Int?
    }

    @Test func encodesAndRoundTrips() throws {
        let fit = Fit(name: "x/y", mean: 0.25, count: 18_446_744_073_709_551_615, tags: ["a"], nested: ["k": -1])
        let value = try JSONValueEncoder().encode(fit)
        #expect(
            String(decoding: JSONWriter.compactBytes(value), as: UTF8.self)
                == #"{"count":18446744073709551615,"mean":0.25,"name":"x/y","nested":{"k":-1},"tags":["a"]}"#
        )
        #expect(try JSONValueDecoder().decode(Fit.self, from: value) == fit)
    }

    @Test func nonFiniteNumbersFailUnlessWrittenAsStrings() throws {
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([1.0, .nan]) }
        let written = try JSONValueEncoder(nonFiniteAsStrings: true).encode([Double.nan, .infinity, -.infinity, 2])
        #expect(written == ["NaN", "Infinity", "-Infinity", 2])
    }
}
