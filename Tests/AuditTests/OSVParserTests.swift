import Audit
import Foundation
import Testing

/// The single-pass OSV reader against Foundation's JSONSerialization as the independent parser.
@Suite struct OSVParserTests {
    static let files = [
        "ghsa/GHSA-7fj7-39wj-c64f", "ghsa/GHSA-v3r5-pjpm-mwgq", "ghsa/GHSA-pgfx-g6rc-8cjv", "ghsa/GHSA-2jx2-qcm4-rf9h",
        "ghsa/GHSA-3mwq-h3g6-ffhm", "ghsa/GHSA-frg3-gpcx-968f", "debian/DSA-3029-1", "debian/DEBIAN-CVE-2026-28387",
    ]

    @Test(arguments: files)
    func readerAgreesWithJSONSerialization(_ name: String) throws {
        let bytes = try Fixture.bytes("osv/\(name).json")
        let record = try OSVParser.parse(bytes, source: name)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(record.id == json["id"] as? String)
        #expect(record.modified == json["modified"] as? String)
        #expect(record.summary == json["summary"] as? String)
        #expect(record.aliases == (json["aliases"] as? [String] ?? []))
        #expect(record.upstream == (json["upstream"] as? [String] ?? []))
        let severity = (json["severity"] as? [[String: String]] ?? []).map {
            OSVSeverity(type: $0["type"]!, score: $0["score"]!)
        }
        #expect(record.severity == severity)
        #expect(record.severityLabel == (json["database_specific"] as? [String: Any])?["severity"] as? String)
        let affected = json["affected"] as? [[String: Any]] ?? []
        #expect(record.affected.count == affected.count)
        for (ours, theirs) in zip(record.affected, affected) {
            let package = theirs["package"] as? [String: String] ?? [:]
            #expect(ours.name == package["name"])
            #expect(ours.ecosystem.description == package["ecosystem"])
            let ranges = theirs["ranges"] as? [[String: Any]] ?? []
            #expect(ours.ranges.count == ranges.count)
            for (range, expected) in zip(ours.ranges, ranges) {
                let events = (expected["events"] as? [[String: String]] ?? []).map { $0.values.first! }
                #expect(range.events.map(\.version) == events)
            }
        }
    }

    @Test func escapesAndUnknownFieldsOfAnyType() throws {
        let text = #"""
            {"id":"X-1","modified":"2024-01-01T00:00:00Z","x":{"a":[1,-2.5e3,true,false,null,{"b":"\""}]},
             "summary":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \n","aliases":null,"severity":null,
             "affected":[{"package":{"ecosystem":"SwiftURL","name":"github.com/a/b"},"ranges":[{"type":"SEMVER",
             "events":[{"introduced":"0"},{"fixed":"1.0.0"}],"database_specific":{"z":1}}]}]}
            """#
        let record = try OSVParser.parse(Array(text.utf8), source: "x.json")
        #expect(record.summary == "café 😀 \"q\" \\ / \n")
        #expect(record.aliases.isEmpty)
        #expect(record.affected.first?.ranges.first?.events == [.introduced("0"), .fixed("1.0.0")])
    }

    @Test(arguments: [
        ("{\"id\": \"A\",\n \"modified\": 3}", "x.json:2:14"),
        ("{\"id\": \"A\", \"modified\": \"m\",\n\n  \"affected\": [ {\"package\": 1} ]}", "x.json:3:29"),
        ("{\"id\": \"A\" \"modified\": \"m\"}", "x.json:1:12"),
        ("[1]", "x.json:1:1"),
        ("{\"id\": \"A\", \"modified\": \"m\"} trailing", "x.json:1:30"),
        ("{\"id\": \"A\", \"modified\": \"m\", \"x\": [1,]}", "x.json:1:38"),
    ])
    func malformedJSONNamesLineAndColumn(text: String, place: String) {
        do {
            _ = try OSVParser.parse(Array(text.utf8), source: "x.json")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.message.hasPrefix(place), "\(error.message)")
        }
    }
}
