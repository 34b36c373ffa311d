import SBOM
import Testing

/// The one deb822 reader, on each format Bot4 reads with it: dpkg's `status`, apt's `Release` and `Packages`
/// files, and machine-readable copyright files; and its errors.
@Suite struct Deb822Tests {
    static func read(_ text: String, keep: Set<String>? = nil, firstLine: Int = 1) throws -> [Deb822Paragraph] {
        try Deb822.paragraphs(Array(text.utf8), keep: keep, firstLine: firstLine)
    }

    static func error(_ text: String) -> Deb822Error? {
        do throws(Deb822Error) {
            _ = try Deb822.paragraphs(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func dpkgStatusParagraphsWithMultiLineValues() throws {
        let text = """
            Package: libpq5
            Status: install ok installed
            Source: postgresql-15
            Version: 15.20-0+deb12u1
            Description: PostgreSQL C client library
             libpq is a C library.
             .
             It talks to the server.

            Package: zlib1g
            Status: deinstall ok config-files
            Source: zlib (1:1.2.13.dfsg-1)
            Version: 1:1.2.13.dfsg-1+b1

            """
        let paragraphs = try Self.read(text)
        #expect(paragraphs.map(\.line) == [1, 10])
        #expect(paragraphs[0]["package"] == "libpq5" && paragraphs[0]["PACKAGE"] == "libpq5")
        #expect(
            paragraphs[0]["Description"]
                == "PostgreSQL C client library\nlibpq is a C library.\n\nIt talks to the server."
        )
        #expect(
            paragraphs[0].sourcePackage(binary: ("libpq5", "15.20-0+deb12u1")) == ("postgresql-15", "15.20-0+deb12u1")
        )
        #expect(paragraphs[1].sourcePackage(binary: ("zlib1g", "1:1.2.13.dfsg-1+b1")) == ("zlib", "1:1.2.13.dfsg-1"))
        let plain = try Self.read("Package: a\nVersion: 1\n")[0]
        #expect(plain.sourcePackage(binary: ("a", "1")) == ("a", "1"))
    }

    @Test func releaseHeaderKeepsHashListsAsContinuationLines() throws {
        let text =
            "Origin: Debian\r\nCodename: bookworm-security\r\nSHA256:\r\n 0123 100 main/Packages\r\n 4567 200 main/Sources\r\n"
        let header = try #require(try Self.read(text, firstLine: 4).first)
        #expect(header.line == 4)
        #expect(header["Codename"] == "bookworm-security")
        #expect(header["SHA256"] == "\n0123 100 main/Packages\n4567 200 main/Sources")
    }

    @Test func packagesListKeepsOnlyTheFieldsAsked() throws {
        let text = "Package: a\nVersion: 1\nDescription: x\n more\n\n\t \nPackage: b\nVersion: 2\nArchitecture: all\n"
        let paragraphs = try Self.read(text, keep: ["package", "version", "architecture"])
        #expect(
            paragraphs.map(\.fields) == [
                ["package": "a", "version": "1"], ["package": "b", "version": "2", "architecture": "all"],
            ]
        )
        #expect(paragraphs.map(\.line) == [1, 7])
    }

    @Test func copyrightCommentsAndDotLines() throws {
        let text =
            "Format: https://x/copyright-format/1.0/\n# a comment\n\nFiles: src/*\n lib/*\nLicense: MIT\n .\n text\n"
        let paragraphs = try Self.read(text)
        #expect(paragraphs.count == 2)
        #expect(paragraphs[1]["Files"] == "src/*\nlib/*")
        #expect(paragraphs[1]["License"] == "MIT\n\ntext")
    }

    @Test func errorsNameTheLineAndWhatWasWrong() throws {
        let cases: [(String, Deb822Error.Code, Int, String)] = [
            ("Package: a\nnot a field\n", .notAField, 2, "line 2: expected `Field: value`"),
            ("Package: a\n: no name\n", .notAField, 2, "line 2: expected `Field: value`"),
            ("Bad Name: a\n", .notAField, 1, "line 1: expected `Field: value`"),
            ("Package: a\n\n continued\n", .continuationOutsideField, 3, "line 3: a continuation line outside a field"),
            ("Package: a\npackage: b\n", .repeatedField, 2, "line 2: field package repeated in the paragraph"),
        ]
        for (text, code, line, message) in cases {
            let error = try #require(Self.error(text), "\(text)")
            #expect(error.code == code && error.line == line)
            #expect(error.description == message)
        }
        #expect(try Self.read("").isEmpty)
        #expect(try Self.read("\n\n \n").isEmpty)
    }
}
