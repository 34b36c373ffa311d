#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Offline licence detection: reads a package's LICENSE / LICENCE / COPYING (else NOTICE) files and matches
/// each against the SPDX licence texts compiled into Bot4 (`data/spdx-licenses/`), first exactly (same word
/// sequence once copyright lines and titles are set aside), then by Sørensen–Dice similarity of the word sets
/// with a high threshold. When no text reaches the threshold the answer is nothing (NOASSERTION): never a
/// guess.
public struct LicenseDetector: Sendable {
    /// A match.
    public struct Finding: Hashable, Sendable {
        /// The SPDX id or expression (`Apache-2.0 WITH Swift-exception`).
        public var expression: String
        /// The file it was read from, relative to the folder.
        public var file: String
        /// 1.0 for an exact match, else the Dice coefficient.
        public var confidence: Double
    }

    /// The minimum Dice coefficient accepted (licensee's default).
    public static let defaultThreshold = 0.98

    /// The shared detector over the compiled-in texts.
    public static let shared = LicenseDetector(texts: SPDXLicenseTexts.texts)

    /// The threshold in use.
    public let threshold: Double
    private let templates: [(id: String, words: [Substring], set: Set<Substring>)]

    /// Creates a detector over licence texts by SPDX id.
    public init(texts: [String: String], threshold: Double = defaultThreshold) {
        self.threshold = threshold
        self.templates = texts.keys.sorted().map { id in
            let words = Self.normalisedWords(texts[id]!)
            return (id, words, Set(words))
        }
    }

    /// Matches one licence text.
    /// - Returns: the SPDX expression and the confidence, or nil when unsure.
    public func match(text: String) -> (expression: String, confidence: Double)? {
        var body = text
        var exception: String?
        for (heading, id) in [
            ("Runtime Library Exception to the Apache 2.0 License", "Swift-exception"),
            ("LLVM Exceptions to the Apache 2.0 License", "LLVM-exception"),
        ] {
            if let range = body.range(ofText: heading) {
                exception = id
                // Cut from the line holding the heading.
                let lineStart = body[..<range.lowerBound].lastIndex(of: "\n") ?? body.startIndex
                body = String(body[..<lineStart])
            }
        }
        let words = Self.normalisedWords(body)
        guard !words.isEmpty else { return nil }
        let set = Set(words)
        var best: (String, Double)?
        for template in templates {
            if template.words == words {
                best = (template.id, 1.0)
                break
            }
            let common = set.intersection(template.set).count
            let dice = 2.0 * Double(common) / Double(set.count + template.set.count)
            if dice >= threshold, dice > (best?.1 ?? 0) { best = (template.id, dice) }
        }
        guard let (id, confidence) = best else { return nil }
        if let exception {
            guard id == "Apache-2.0" else { return nil }
            return ("\(id) WITH \(exception)", confidence)
        }
        return (id, confidence)
    }

    /// The licences of the package in `folder`: every licence file that matches. Files that do not match add
    /// nothing; an empty answer means NOASSERTION.
    public func findings(inFolder folder: String) -> [Finding] {
        let names = Self.licenseFiles(in: folder)
        var primary = names.filter { !$0.uppercased().hasPrefix("NOTICE") }
        if primary.isEmpty { primary = names }
        var out: [Finding] = []
        for name in primary {
            guard let bytes = try? FileReader.read(path: folder + "/" + name, what: "licence file"),
                bytes.count < 1 << 20
            else { continue }
            if let (expression, confidence) = match(text: String(decoding: bytes, as: UTF8.self)) {
                out.append(Finding(expression: expression, file: name, confidence: confidence))
            }
        }
        return out
    }

    /// ``findings(inFolder:)`` as concluded licences, and the first file that matched.
    public func licenses(inFolder folder: String) -> (licenses: [License], file: String?) {
        let found = findings(inFolder: folder)
        let expressions = Array(Set(found.map(\.expression))).sorted()
        return (expressions.map { License(expression: $0, acknowledgement: .concluded) }, found.first?.file)
    }

    /// Top-level files named LICENSE*, LICENCE*, COPYING* or NOTICE*, sorted.
    static func licenseFiles(in folder: String) -> [String] {
        FileReader.names(in: folder).filter { name in
            let upper = name.uppercased()
            return ["LICENSE", "LICENCE", "COPYING", "NOTICE"].contains(where: { upper.hasPrefix($0) })
        }
    }

    /// Lower-case words (letters and digits), without copyright lines, placeholder lines (`<year> <owner>`)
    /// and a leading title line naming the licence.
    static func normalisedWords(_ text: String) -> [Substring] {
        var words: [Substring] = []
        var firstLine = true
        for rawLine in text.lowercased().split(separator: "\n", omittingEmptySubsequences: true) {
            let line = rawLine.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty { continue }
            defer { firstLine = false }
            if line.hasPrefix("copyright") || line.hasPrefix("(c)") || line.hasPrefix("©")
                || line.hasPrefix("all rights reserved")
            {
                continue
            }
            if line.contains("<") && line.contains(">") && line.count < 80 { continue }
            if firstLine && line.count < 60 && (line.contains("license") || line.contains("licence")) { continue }
            var current = line.startIndex
            var index = line.startIndex
            while index < line.endIndex {
                let c = line[index]
                if !(c.isLetter || c.isNumber) {
                    if current < index { words.append(line[current..<index]) }
                    current = line.index(after: index)
                }
                index = line.index(after: index)
            }
            if current < line.endIndex { words.append(line[current...]) }
        }
        return words
    }
}

extension String {
    /// The range of the first occurrence of `needle`, or nil.
    fileprivate func range(ofText needle: String) -> Range<String.Index>? {
        guard let first = needle.first else { return nil }
        var index = startIndex
        while let found = self[index...].firstIndex(of: first) {
            if self[found...].hasPrefix(needle) { return found..<self.index(found, offsetBy: needle.count) }
            index = self.index(after: found)
        }
        return nil
    }
}
