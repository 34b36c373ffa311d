import Bot4TestSupport
import Foundation
import JSON
import Provenance
import SBOM
import Testing

@Suite struct InTotoStatementTests {
    @Test func statementCarriesTheSLSAPredicateFields() throws {
        let predicate = try ProvenanceFixture.predicate()
        let statement = predicate.statement(subjects: [
            InTotoStatement.Subject(name: "seal", sha256: [UInt8](repeating: 0xAB, count: 32))
        ])
        let value = try JSONParser.parse(statement.payload)
        #expect(value["_type"]?.stringValue == "https://in-toto.io/Statement/v1")
        #expect(value["predicateType"]?.stringValue == "https://slsa.dev/provenance/v1")
        #expect(
            value["subject"]?.arrayValue?.first?["digest"]?["sha256"]?.stringValue == String(repeating: "ab", count: 32)
        )
        let definition = try #require(value["predicate"]?["buildDefinition"])
        #expect(definition["buildType"]?.stringValue == SLSAProvenance.bot4BuildType)
        let external = try #require(definition["externalParameters"])
        #expect(external["buildCommand"]?.arrayValue?.compactMap(\.stringValue) == predicate.buildCommand)
        #expect(external["source"]?["digest"]?["gitCommit"]?.stringValue == predicate.sourceCommit)
        let dependencies = try #require(definition["resolvedDependencies"]?.arrayValue)
        let resolved = try PackageResolved.read(
            path: TestEnvironment.projectRoot
                .appendingPathComponent("Tests/SBOMTests/Fixtures/resolved/swift-dependencies-1.17.1.v3.resolved").path
        )
        #expect(dependencies.count == resolved.pins.count + 1)
        for pin in resolved.pins {
            let entry = dependencies.first { $0["name"]?.stringValue == pin.identity }
            #expect(entry?["uri"]?.stringValue == "git+" + pin.location)
            #expect(entry?["digest"]?["gitCommit"]?.stringValue == pin.state.revision)
        }
        #expect(dependencies.last?["uri"]?.stringValue == "pkg:generic/swift@6.3.1")
        let run = try #require(value["predicate"]?["runDetails"])
        #expect(run["builder"]?["id"]?.stringValue == "urn:bot4:builder:test")
        #expect(run["metadata"]?["startedOn"]?.stringValue == "2026-05-28T20:26:40Z")
        #expect(run["metadata"]?["finishedOn"]?.stringValue == "2026-05-28T20:28:43Z")
        #expect(try InTotoStatement(bytes: statement.payload, source: "s").payload == statement.payload)
    }

    @Test(arguments: [
        (
            #"{"_type":"https://in-toto.io/Statement/v0.1","subject":[],"predicateType":"p"}"#,
            "expected 'https://in-toto.io/Statement/v1'"
        ),
        (#"{"_type":"https://in-toto.io/Statement/v1","subject":[],"predicateType":"p"}"#, "field 'subject' is empty"),
        (
            #"{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a","digest":{"sha256":"AB"}}],"predicateType":"p"}"#,
            "subject[0].digest.sha256 must be a lowercase hex"
        ),
        (
            #"{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a","digest":{"sha256":"ab"}}],"predicateType":"p"}"#,
            "has 2 hex digits, expected 64"
        ),
        (
            #"{"_type":"https://in-toto.io/Statement/v1","subject":[{"digest":{"sha1":"ab"}}],"predicateType":"p"}"#,
            "subject[0].name must be a string"
        ),
        (
            #"{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a","digest":{"x":"ab"}}]}"#,
            "'predicateType' must be a non-empty"
        ),
        (
            #"{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a","digest":{"x":"ab"}}],"predicateType":"p","predicate":[]}"#,
            "'predicate' must be an object"
        ),
    ])
    func strictReaderNamesTheProblem(json: String, expected: String) {
        #expect {
            try InTotoStatement(bytes: Array(json.utf8), source: "st.json")
        } throws: { error in
            guard let error = error as? ProvenanceError else { return false }
            return error.code == .malformedStatement && error.message.contains(expected)
        }
    }
}
