import Bot4TestSupport
import Foundation
import Testing

/// `seal verify` against the stock `minisign` (0.11) and `signify-openbsd` over a generated corpus of
/// near-valid signature files: truncated, extra lines, CR variants, non-canonical base64, oversized comments,
/// wrong algorithm bytes. The verdict (verified with which trusted comment, rejected, or malformed) must be
/// the stock tool's, or the difference is listed here with its reason and `seal`'s verdict is the safer one.
@Suite(.serialized) struct DifferentialTests {
    let dir: URL
    init() throws { dir = try TestEnvironment.temporaryDirectory("seal-differential") }

    private func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// A verifier's answer, from its exit code and output.
    enum Outcome: Equatable, CustomStringConvertible {
        case verified(trustedComment: String?)
        case rejected
        case malformed

        var isVerified: Bool { if case .verified = self { true } else { false } }

        var description: String {
            switch self {
            case .verified(let comment): "verified(\(comment.map { "\"\($0.prefix(40))\"" } ?? "nil"))"
            case .rejected: "rejected"
            case .malformed: "malformed"
            }
        }

        init(_ result: ProcessResult) {
            switch result.status {
            case 0:
                let line = result.out.split(separator: "\n").first { $0.hasPrefix("Trusted comment: ") }
                self = .verified(trustedComment: line.map { String($0.dropFirst("Trusted comment: ".count)) })
            case 1: self = .rejected
            default: self = .malformed
            }
        }
    }

    /// One near-valid file: its name and bytes.
    struct Variant {
        let name: String
        let bytes: [UInt8]
    }

    private static func text(_ lines: [String], separator: String = "\n", final: String = "\n") -> [UInt8] {
        Array((lines.joined(separator: separator) + final).utf8)
    }

    /// Re-encodes the payload of base64 line `index` with `change` applied to its bytes.
    private static func rewrite(_ lines: [String], line index: Int, _ change: (inout [UInt8]) -> Void) -> [String] {
        var raw = [UInt8](Data(base64Encoded: lines[index])!)
        change(&raw)
        var out = lines
        out[index] = Data(raw).base64EncodedString()
        return out
    }

    /// The corpus built from one valid four-line signature file.
    static func corpus(from original: [UInt8], label: String) -> [Variant] {
        let lines = String(decoding: original, as: UTF8.self).split(separator: "\n").map(String.init)
        var out: [Variant] = []
        func add(_ name: String, _ bytes: [UInt8]) { out.append(Variant(name: "\(label)/\(name)", bytes: bytes)) }
        add("valid", original)
        add("empty", [])
        for n in 1..<lines.count { add("first-\(n)-lines", text(Array(lines.prefix(n)))) }
        add("first-2-lines-crlf", text(Array(lines.prefix(2)), separator: "\r\n", final: "\r\n"))
        add("first-2-lines-blank-after", text(Array(lines.prefix(2)) + ["", ""]))
        for cut in stride(from: 11, to: original.count, by: 23) { add("cut-at-\(cut)", Array(original.prefix(cut))) }
        add("no-final-newline", text(lines, final: ""))
        add("extra-garbage-line", text(lines + ["garbage"]))
        add("extra-blank-lines", text(lines + ["", ""]))
        add("signature-twice", original + original)
        add("leading-blank-line", text([""] + lines))
        add("blank-line-3", text([lines[0], lines[1], ""] + lines[2...]))
        add("untrusted-comment-changed", text(["untrusted comment: edited"] + lines[1...]))
        add("untrusted-prefix-capitalised", text(["Untrusted comment: x"] + lines[1...]))
        for length in [1021, 1022, 1023, 1024, 2000] {
            let line = "untrusted comment: " + String(repeating: "u", count: length - 19)
            add("untrusted-line-\(length)", text([line] + lines[1...]))
            add("untrusted-line-\(length)-crlf", text([line] + lines[1...], separator: "\r\n", final: "\r\n"))
        }
        for algorithm in ["ED", "Ed", "EE", "ed", "\0\0"] {
            add(
                "algorithm-\(algorithm.unicodeScalars.map { String($0.value, radix: 16) }.joined())",
                text(rewrite(lines, line: 1) { raw in raw.replaceSubrange(0..<2, with: Array(algorithm.utf8)) })
            )
        }
        add("key-id-changed", text(rewrite(lines, line: 1) { $0[2] ^= 1 }))
        add("signature-bit-flipped", text(rewrite(lines, line: 1) { $0[40] ^= 1 }))
        add("crlf", text(lines, separator: "\r\n", final: "\r\n"))
        add("cr-only", text(lines, separator: "\r", final: "\r"))
        add("cr-cr-lf", text(lines, separator: "\r\r\n", final: "\r\r\n"))
        for index in 0..<lines.count {
            var crlf = lines
            crlf[index] += "\r"
            add("cr-on-line-\(index + 1)", text(crlf))
            var inner = lines
            inner[index].insert("\r", at: inner[index].index(inner[index].startIndex, offsetBy: 5))
            add("inner-cr-line-\(index + 1)", text(inner))
        }
        for index in [1, 3] where index < lines.count {
            var lead = lines
            lead[index] = " " + lead[index]
            add("space-before-line-\(index + 1)", text(lead))
            var trail = lines
            trail[index] += " "
            add("space-after-line-\(index + 1)", text(trail))
            var unpadded = lines
            unpadded[index] = String(unpadded[index].drop { _ in false }.reversed().drop { $0 == "=" }.reversed())
            add("unpadded-line-\(index + 1)", text(unpadded))
            // Non-canonical: the unused low bits of the last base64 digit set.
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
            var body = Array(lines[index].reversed().drop { $0 == "=" }.reversed())
            let padding = lines[index].count - body.count
            let last = alphabet.firstIndex(of: body[body.count - 1])!
            body[body.count - 1] = alphabet[last ^ 1]
            var noncanonical = lines
            noncanonical[index] = String(body) + String(repeating: "=", count: padding)
            add("noncanonical-line-\(index + 1)", text(noncanonical))
            var urlSafe = lines
            urlSafe[index] = urlSafe[index].replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_")
            if urlSafe != lines { add("urlsafe-line-\(index + 1)", text(urlSafe)) }
            var split = lines
            split[index].insert("\n", at: split[index].index(split[index].startIndex, offsetBy: 40))
            add("line-\(index + 1)-wrapped", text(split))
        }
        guard lines.count >= 4 else { return out }
        add("global-signature-bit-flipped", text(rewrite(lines, line: 3) { $0[10] ^= 1 }))
        add("trusted-comment-changed", text([lines[0], lines[1], lines[2] + "x", lines[3]]))
        add("trusted-prefix-without-space", text([lines[0], lines[1], "trusted comment:x", lines[3]]))
        add("trusted-comment-underscore", text([lines[0], lines[1], "trusted_comment: x", lines[3]]))
        for length in [8189, 8190, 8191, 8192, 9000] {
            let line = "trusted comment: " + String(repeating: "t", count: length - 17)
            add("trusted-line-\(length)", text([lines[0], lines[1], line, lines[3]]))
            add(
                "trusted-line-\(length)-crlf",
                text([lines[0], lines[1], line, lines[3]], separator: "\r\n", final: "\r\n")
            )
        }
        add("nul-in-trusted-comment", text([lines[0], lines[1], lines[2] + "\0", lines[3]]))
        return out
    }

    /// Differences from `minisign` 0.11, each one where `seal` is the safer.
    static let documentedMinisignDifferences: [String: String] = [
        "prehashed/nul-in-trusted-comment":
            "minisign's C string stops at the NUL and calls the line malformed (exit 2); "
            + "seal keeps the byte, so the comment signature fails (exit 1): neither verifies",
        "legacy/nul-in-trusted-comment": "as for the prehashed signature",
    ]

    @Test(.enabled(if: TestEnvironment.canRun("minisign")))
    func sealAgreesWithMinisignOnNearValidSignatures() throws {
        let minisign = try TestEnvironment.requireTool("minisign")
        let message = path("message.txt")
        try Data("differential message\n".utf8).write(to: URL(fileURLWithPath: message))
        try #require(
            try ProcessRunner.run(minisign, ["-G", "-W", "-p", path("k.pub"), "-s", path("k.key")]).status == 0
        )
        var corpus: [Variant] = []
        for (label, extra) in [("prehashed", [String]()), ("legacy", ["-l"])] {
            let sig = path("\(label).minisig")
            let sign = try ProcessRunner.run(
                minisign,
                ["-S", "-s", path("k.key"), "-m", message, "-x", sig, "-t", "differential \(label)"] + extra
            )
            try #require(sign.status == 0, "\(sign.err)")
            corpus += Self.corpus(from: [UInt8](try Data(contentsOf: URL(fileURLWithPath: sig))), label: label)
        }
        var compared = 0
        var mismatches: [String] = []
        for (index, variant) in corpus.enumerated() {
            let sig = path("v\(index).minisig")
            try Data(variant.bytes).write(to: URL(fileURLWithPath: sig))
            // Two pairings: minisign's default (legacy accepted) with --allow-legacy, and -H with seal's default.
            for (peerFlags, sealFlags) in [([String](), ["--allow-legacy"]), (["-H"], [String]())] {
                let peer = Outcome(
                    try ProcessRunner.run(minisign, ["-V", "-p", path("k.pub"), "-m", message, "-x", sig] + peerFlags)
                )
                let ours = Outcome(
                    try SealCLI.run(["verify", "-p", path("k.pub"), "-m", message, "-x", sig] + sealFlags)
                )
                compared += 1
                let key = "\(variant.name) \(peerFlags.joined())"
                if peer == ours { continue }
                if let reason = Self.documentedMinisignDifferences[variant.name] {
                    #expect(!ours.isVerified, "\(key): a documented difference (\(reason)) must be the safer verdict")
                    continue
                }
                mismatches.append("\(key): minisign \(peer), seal \(ours)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(compared):\n\(mismatches.joined(separator: "\n"))")
        #expect(compared > 200)
    }

    /// Differences from `signify-openbsd`, each one where `seal verify --signify` is the safer.
    static let documentedSignifyDifferences: [String: String] = [
        "signify/first-2-lines-blank-after": Self.signifyTwoLines,
        "signify/extra-garbage-line": Self.signifyTwoLines,
        "signify/extra-blank-lines": Self.signifyTwoLines,
        "signify/signature-twice": Self.signifyTwoLines,
        "signify/blank-line-3": Self.signifyTwoLines,
        "signify/with-trusted-comment": Self.signifyTwoLines,
        "signify/cr-cr-lf": Self.signifyBase64,
        "signify/inner-cr-line-2": Self.signifyBase64,
        "signify/space-before-line-2": Self.signifyBase64,
        "signify/space-after-line-2": Self.signifyBase64,
    ]
    static let signifyTwoLines =
        "signify reads the first two lines of any file; seal --signify takes exactly two, so a longer file (a "
        + "minisign signature among them) is never read as signify"
    static let signifyBase64 = "signify skips blanks and CRs inside base64; seal takes the line as written"

    @Test(.enabled(if: TestEnvironment.canRun("signify-openbsd")))
    func sealSignifyAgreesWithSignifyOnNearValidSignatures() throws {
        let signify = try TestEnvironment.requireTool("signify-openbsd")
        let message = path("message.txt")
        try Data("differential message\n".utf8).write(to: URL(fileURLWithPath: message))
        try #require(
            try ProcessRunner.run(signify, ["-G", "-n", "-p", path("s.pub"), "-s", path("s.sec")]).status == 0
        )
        let sig = path("message.txt.sig")
        try #require(try ProcessRunner.run(signify, ["-S", "-s", path("s.sec"), "-m", message, "-x", sig]).status == 0)
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: sig)))
        var corpus = Self.corpus(from: original, label: "signify")
        // A legacy minisign signature by the same key: signify reads its first two lines.
        let minisignFormat = try SealCLI.run(["verify", "--signify", "-p", path("s.pub"), "-m", message, "-x", sig])
        try #require(minisignFormat.status == 0, "\(minisignFormat.err)")
        let lines = String(decoding: original, as: UTF8.self).split(separator: "\n").map(String.init)
        corpus.append(
            Variant(name: "signify/with-trusted-comment", bytes: Self.text(lines + ["trusted comment: x", lines[1]]))
        )
        var mismatches: [String] = []
        for (index, variant) in corpus.enumerated() {
            let file = path("v\(index).sig")
            try Data(variant.bytes).write(to: URL(fileURLWithPath: file))
            let peer = try ProcessRunner.run(signify, ["-V", "-q", "-p", path("s.pub"), "-m", message, "-x", file])
            let ours = try SealCLI.run(["verify", "--signify", "-p", path("s.pub"), "-m", message, "-x", file])
            #expect(ours.status != 0 || ours.out.contains("Signature Verified"), "\(variant.name)")
            if (peer.status == 0) == (ours.status == 0) { continue }
            if let reason = Self.documentedSignifyDifferences[variant.name] {
                #expect(ours.status != 0, "\(variant.name): a documented difference (\(reason)) must be safer")
                continue
            }
            mismatches.append("\(variant.name): signify \(peer.status), seal \(ours.status) \(ours.err)")
        }
        #expect(mismatches.isEmpty, "\(mismatches.count):\n\(mismatches.joined(separator: "\n"))")
    }
}
