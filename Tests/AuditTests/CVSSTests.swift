import Audit
import Bot4TestSupport
import Foundation
import Testing

@Suite struct CVSSTests {
    /// A deterministic spread of v3.0/v3.1 base vectors: every metric value is visited.
    static var vectors3: [String] {
        var result: [String] = []
        let av = ["N", "A", "L", "P"]
        let ac = ["L", "H"]
        let pr = ["N", "L", "H"]
        let ui = ["N", "R"]
        let s = ["U", "C"]
        let cia = ["H", "L", "N"]
        var i = 0
        for a in av {
            for b in ac {
                for c in pr {
                    for d in ui {
                        for e in s {
                            let (x, y, z) = (cia[i % 3], cia[(i / 3) % 3], cia[(i / 9) % 3])
                            let version = i % 2 == 0 ? "3.1" : "3.0"
                            result.append("CVSS:\(version)/AV:\(a)/AC:\(b)/PR:\(c)/UI:\(d)/S:\(e)/C:\(x)/I:\(y)/A:\(z)")
                            i += 1
                        }
                    }
                }
            }
        }
        return result
    }

    /// A deterministic spread of v4.0 vectors, including threat and environmental metrics.
    static var vectors4: [String] {
        var result: [String] = []
        let av = ["N", "A", "L", "P"]
        let ac = ["L", "H"]
        let at = ["N", "P"]
        let pr = ["N", "L", "H"]
        let ui = ["N", "P", "A"]
        let hln = ["H", "L", "N"]
        let e = ["X", "A", "P", "U"]
        let req = ["X", "H", "M", "L"]
        let msi = ["X", "S", "H", "L", "N"]
        var i = 0
        for a in av {
            for b in ac {
                for c in at {
                    for d in pr {
                        for f in ui {
                            var vector = "CVSS:4.0/AV:\(a)/AC:\(b)/AT:\(c)/PR:\(d)/UI:\(f)"
                            vector += "/VC:\(hln[i % 3])/VI:\(hln[(i / 3) % 3])/VA:\(hln[(i / 2) % 3])"
                            vector += "/SC:\(hln[(i / 5) % 3])/SI:\(hln[(i / 7) % 3])/SA:\(hln[(i + 1) % 3])"
                            if i % 3 == 0 {
                                vector +=
                                    "/E:\(e[i % 4])/CR:\(req[(i / 4) % 4])/IR:\(req[i % 4])/AR:\(req[(i / 2) % 4])"
                            }
                            if i % 5 == 0 { vector += "/MSI:\(msi[i % 5])/MSA:\(msi[(i / 5) % 5])" }
                            result.append(vector)
                            i += 1
                        }
                    }
                }
            }
        }
        // Real vectors from GHSA records (the first is GHSA-qppj-fm5r-hxr3's).
        result.append("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:L/SC:N/SI:N/SA:N")
        result.append("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H")
        return result
    }

    @Test func knownScores() throws {
        #expect(CVSS3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")?.baseScore == 9.8)
        #expect(CVSS3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N")?.baseScore == 5.3)
        #expect(CVSS3("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N")?.baseScore == 3.7)
        #expect(CVSS3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H") == nil)
        #expect(CVSS4("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N")?.baseScore == 0)
        #expect(CVSS4("CVSS:4.0/AV:X/AC:L") == nil)
    }

    /// PyPI's `cvss` package is the independent oracle.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TestEnvironment.python) || TestEnvironment.isCI))
    func agreesWithPythonCVSS() throws {
        let vectors = Self.vectors3 + Self.vectors4
        let script = """
            import sys
            from cvss import CVSS3, CVSS4
            for line in sys.stdin.read().split():
                c = CVSS4(line) if line.startswith('CVSS:4.0') else CVSS3(line)
                print(c.base_score if line.startswith('CVSS:4.0') else c.scores()[0])
            """
        let result = try ProcessRunner.run(
            TestEnvironment.python,
            ["-c", script],
            input: Data(vectors.joined(separator: "\n").utf8)
        )
        try #require(result.status == 0, "python cvss failed: \(result.err)")
        let expected = result.out.split(separator: "\n").map { Double($0)! }
        try #require(expected.count == vectors.count)
        var mismatches = 0
        for (vector, score) in zip(vectors, expected) {
            let ours = vector.hasPrefix("CVSS:4.0") ? CVSS4(vector)?.baseScore : CVSS3(vector)?.baseScore
            if ours != score {
                mismatches += 1
                Issue.record("\(vector): Bot4 \(ours.map { "\($0)" } ?? "nil"), cvss \(score)")
            }
        }
        #expect(mismatches == 0)
        #expect(vectors.count > 200)
    }
}
