import Bot4TestSupport
import Foundation
import SBOM
import Testing

/// The DEP-5 copyright reader and the licence it derives, on real Debian 12 files (committed copies and the
/// machine's own) and on hand-made broken ones.
@Suite struct DebianCopyrightTests {
    static func fixture(_ package: String) throws -> DebianCopyright? {
        let path = Fixture.path("debian-copyright/\(package)/copyright")
        return try DebianCopyright.parse(Fixture.bytes("debian-copyright/\(package)/copyright"), file: path)
    }

    static func parse(_ text: String) throws -> DebianCopyright? {
        try DebianCopyright.parse(Array(text.utf8), file: "copyright")
    }

    @Test(arguments: [
        ("zlib1g", "Zlib"),
        ("libargon2-1", "(CC0-1.0 OR Apache-2.0) AND CC0-1.0"),
        ("libapt-pkg6.0", "BSD-3-Clause AND GPL-2.0-only AND GPL-2.0-or-later AND MIT"),
    ])
    func realFilesThatMapFully(package: String, expression: String) throws {
        let copyright = try #require(try Self.fixture(package))
        #expect(copyright.spdxExpression == expression)
        #expect(copyright.unmappedLicenses.isEmpty)
    }

    @Test(arguments: [
        ("libssl3", ["Artistic or GPL-1+"]),
        ("libsodium23", ["public-domain"]),
        ("libpq5", ["Custom-pg_dump", "Custom-Unicode", "PostgreSQL and Custom-regex and Tcl", "double-metaphone"]),
    ])
    func realFilesWithAnUnmappableNameGiveNoAssertion(package: String, unmapped: [String]) throws {
        let copyright = try #require(try Self.fixture(package))
        #expect(copyright.format.hasSuffix("copyright-format/1.0/"))
        #expect(!copyright.files.isEmpty)
        #expect(copyright.spdxExpression == nil)
        for name in unmapped { #expect(copyright.unmappedLicenses.contains(name), "\(copyright.unmappedLicenses)") }
    }

    @Test func theFilesParagraphsOfARealFile() throws {
        let sodium = try #require(try Self.fixture("libsodium23"))
        #expect(sodium.files.first?.patterns == ["*"])
        #expect(sodium.files.first?.license == "ISC")
        #expect(sodium.files.last?.patterns == ["debian/*"])
        #expect(sodium.files.last?.license == "GPL-2+")
        #expect(sodium.standaloneLicenses == ["public-domain", "BSD-2-clause", "CC0"])
    }

    @Test func aFreeTextFileIsNotMachineReadable() throws {
        #expect(try Self.fixture("libc6") == nil)
        #expect(try Self.parse("This is the Debian prepackaged version of foo.\n\nCopyright: nobody\n") == nil)
        #expect(try Self.parse("Upstream-Name: foo\nno colon here\n") == nil)
        #expect(try Self.parse("Upstream-Name: foo\n\nFiles: *\nLicense: MIT\n") == nil)  // no Format
        #expect(try Self.parse("Format: http://dep.debian.net/deps/dep5\n\nFiles: *\nLicense: MIT\n") == nil)
        #expect(try Self.parse("") == nil)
    }

    @Test func continuationDotAndCommentLines() throws {
        let text = """
            Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\r
            Upstream-Name: demo\r
            # a comment line\r
            \r
            Files: src/*\r
              lib/*\r
            Copyright: 2020 A\r
            License: Expat\r
             Permission is hereby granted,\r
             .\r
             free of charge.\r
            \t\r
            License: Expat\r
             The same text again.\r
            """
        let copyright = try #require(try Self.parse(text))
        #expect(copyright.files.map(\.patterns) == [["src/*", "lib/*"]])
        #expect(copyright.files.first?.line == 5)
        #expect(copyright.standaloneLicenses == ["Expat"])
        #expect(copyright.spdxExpression == "MIT")
    }

    @Test func brokenSyntaxNamesTheFileAndLine() {
        let header = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
        for (text, needle) in [
            (header + "Files: *\nCopyright: x\n", "line 3: a Files paragraph without a License"),
            (header + "Files: *\nLicense: MIT\nLicense: ISC\n", "line 5: field License repeated"),
            (header + "Files: *\nnot a field\n", "line 4: expected `Field: value`"),
            (header + " stray continuation\n", "line 3: a continuation line outside a field"),
            ("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n: no name\n", "line 2"),
        ] {
            let error = #expect(throws: SBOMError.self) { try Self.parse(text) }
            #expect(error?.code == .malformedCopyright)
            #expect(error?.message.hasPrefix("copyright: ") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains(needle) == true, "\(error?.message ?? "") lacks \(needle)")
        }
    }

    @Test(arguments: [
        ("Expat", "MIT"), ("BSD-3-clause", "BSD-3-Clause"), ("bsd-2-CLAUSE", "BSD-2-Clause"), ("ISC", "ISC"),
        ("Apache-2.0", "Apache-2.0"), ("GPL-2+", "GPL-2.0-or-later"), ("GPL-2", "GPL-2.0-only"),
        ("GPL-2.0+", "GPL-2.0-or-later"), ("GPL-3", "GPL-3.0-only"), ("LGPL-2.1+", "LGPL-2.1-or-later"),
        ("LGPL-2", "LGPL-2.0-only"), ("AGPL-3+", "AGPL-3.0-or-later"), ("CC0", "CC0-1.0"), ("Zlib", "Zlib"),
        ("GPL-2+ or Artistic-2.0, and BSD-3-clause", "(GPL-2.0-or-later OR Artistic-2.0) AND BSD-3-Clause"),
        ("MIT or Apache-2.0", "MIT OR Apache-2.0"), ("GPL-2+ and LGPL-2.1+", "GPL-2.0-or-later AND LGPL-2.1-or-later"),
    ])
    func debianNamesMapToSPDX(debian: String, spdx: String) {
        #expect(DebianCopyright.spdxExpression(debian: debian) == spdx)
    }

    @Test(arguments: [
        "public-domain", "GPL", "LGPL", "Artistic", "BSD", "GPL-4+", "LGPL-2.2", "AGPL-2", "Custom-regex",
        "GPL-2+ with OpenSSL exception", "GPL-3+ with GCC-Runtime-3.1 exception", "MIT or ISC and Zlib", "",
        "MIT or", "and MIT", "MIT, BSD-3-clause", "GPL-2+,", "LPGL-2.1+", "MIT/X11",
    ])
    func namesWithoutAnExactSPDXIdGiveNothing(debian: String) {
        #expect(DebianCopyright.spdxExpression(debian: debian) == nil)
    }

    @Test func theDatabaseDeclaresTheLicenceOfACopyrightFile() throws {
        let dir = try TestEnvironment.temporaryDirectory("dpkg")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "".write(to: dir.appendingPathComponent("status"), atomically: true, encoding: .utf8)
        let database = try DebianPackageDatabase(root: dir.path, docRoot: Fixture.path("debian-copyright"))
        let zlib = database.licenses(ofPackage: "zlib1g")
        #expect(zlib.licenses == [License(expression: "Zlib", acknowledgement: .declared)])
        #expect(zlib.file == Fixture.path("debian-copyright/zlib1g/copyright"))
        for package in ["libc6", "libssl3", "libsodium23", "no-such-package"] {
            let found = database.licenses(ofPackage: package)
            #expect(found.licenses.isEmpty, "\(package)")
            #expect(found.file == nil)
        }
    }

    static let machineDocs = "/usr/share/doc"
    static var machineHasDebianDocs: Bool {
        if TestEnvironment.isCI || access(machineDocs + "/zlib1g/copyright", R_OK) == 0 { return true }
        FileHandle.standardError.write(
            Data("SKIPPED (capability): \(machineDocs) has no Debian copyright files; CI runs these tests.\n".utf8)
        )
        return false
    }

    /// The packages Bot4 links, read from this machine: what the SBOM declares must agree with what the audit
    /// policy's `clarify` entries state after a person read the same files, or be nothing.
    @Test(.enabled(if: machineHasDebianDocs))
    func thisMachinesFilesAgreeWithTheAuditClarifications() throws {
        let database = try DebianPackageDatabase()
        let clarified = [
            "libc6": "LGPL-2.1-or-later", "libssl3": "Apache-2.0", "libsodium23": "ISC AND BSD-2-Clause",
            "zlib1g": "Zlib",
        ]
        var declared: [String: String] = [:]
        for package in clarified.keys.sorted() {
            let path = "\(Self.machineDocs)/\(package)/copyright"
            #expect(access(path, R_OK) == 0, "\(path) is missing on this machine")
            if let license = database.licenses(ofPackage: package).licenses.first {
                declared[package] = license.expression
                #expect(license.expression == clarified[package], "\(package)")
            }
        }
        #expect(declared == ["zlib1g": "Zlib"])
    }

    /// Every copyright file on this machine: each one is either not machine-readable, a parsed file, or a
    /// `malformedCopyright` error; none traps.
    @Test(.enabled(if: machineHasDebianDocs))
    func everyCopyrightFileOnThisMachineParses() throws {
        var counts = (files: 0, dep5: 0, mapped: 0, malformed: 0)
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.machineDocs).sorted() {
            let path = "\(Self.machineDocs)/\(name)/copyright"
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            counts.files += 1
            do {
                guard let copyright = try DebianCopyright.parse([UInt8](data), file: path) else { continue }
                counts.dep5 += 1
                if copyright.spdxExpression != nil { counts.mapped += 1 }
            } catch {
                #expect(error.code == .malformedCopyright)
                #expect(error.message.hasPrefix(path + ": line "))
                counts.malformed += 1
            }
        }
        print(
            "Debian copyright files: \(counts.files), DEP-5 \(counts.dep5), mapped \(counts.mapped), "
                + "malformed \(counts.malformed)"
        )
        #expect(counts.dep5 > 0 && counts.mapped > 0)
    }
}
