import Digest
import JSON

extension AdvisoryPackageIndex {
    /// The longest line the index may have (one package's list of record files).
    static let lineLimit = 16 << 20

    /// Streams the index at `path` once: its SHA-256, and the record files it lists for the packages in
    /// `wanted` (ecosystem family and canonical name, as ``AdvisoryDatabase`` keys its records).
    /// - Throws: ``AuditError/Code/io`` when the file cannot be read, ``AuditError/Code/databaseUnusable``
    ///   naming the line that is not an index entry.
    static func lookUp(
        path: String,
        wanted: Set<AdvisoryDatabase.IndexKey>
    ) throws(AuditError) -> (sha256: String, files: Set<String>) {
        var matcher = Matcher(wanted: wanted)
        var hash = HashFunction(.sha256)
        var pending: [UInt8] = []
        var line = 0
        var failure: AuditError?
        do {
            try FileHasher.stream(path: path) { chunk in
                hash.update(chunk)
                var start = 0
                let bytes = chunk.bindMemory(to: UInt8.self)
                while let newline = bytes[start...].firstIndex(of: 0x0A) {
                    line += 1
                    if pending.isEmpty {
                        try matcher.take(UnsafeBufferPointer(rebasing: bytes[start..<newline]), line: line, path: path)
                    } else {
                        pending += bytes[start..<newline]
                        try pending.withUnsafeBufferPointer { try matcher.take($0, line: line, path: path) }
                        pending.removeAll(keepingCapacity: true)
                    }
                    start = newline + 1
                }
                pending += bytes[start...]
                guard pending.count <= lineLimit else {
                    throw AuditError(.databaseUnusable, "\(path): line \(line + 1) is longer than \(lineLimit) bytes")
                }
            }
            if !pending.isEmpty {
                try pending.withUnsafeBufferPointer { try matcher.take($0, line: line + 1, path: path) }
            }
        } catch let error as AuditError {
            failure = error
        } catch {
            failure = AuditError(.io, "cannot read the package index: \(error)")
        }
        if let failure { throw failure }
        return (hash.finalize().hexString, matcher.files)
    }

    /// Decides line by line whether an index entry names a wanted package, canonicalising names as the full
    /// load does (the ecosystem family, and SwiftPM's rules for SwiftURL names).
    private struct Matcher {
        let wanted: Set<AdvisoryDatabase.IndexKey>
        let families: Set<Ecosystem.Family>
        var files: Set<String> = []
        /// The last ecosystem seen (as a string and as its bytes, kept together) and its family: the index is
        /// sorted by ecosystem.
        var lastEcosystem = ""
        var lastEcosystemBytes: [UInt8] = []
        var lastFamily = Ecosystem.Family.other("")

        /// Hashes of the wanted names (``PlainJSONScan/hash(_:lowercasing:)``), per family.
        let swiftHashes: Set<UInt64>
        let debianHashes: Set<UInt64>

        init(wanted: Set<AdvisoryDatabase.IndexKey>) {
            self.wanted = wanted
            self.families = Set(wanted.map(\.family))
            swiftHashes = Set(wanted.filter { $0.family == .swiftURL }.map { PlainJSONScan.hash($0.name) })
            debianHashes = Set(wanted.filter { $0.family == .debian }.map { PlainJSONScan.hash($0.name) })
        }

        mutating func take(_ line: UnsafeBufferPointer<UInt8>, line number: Int, path: String) throws(AuditError) {
            if cannotMatch(line) { return }
            try read(line, line: number, path: path)
        }

        /// Whether a line in the writer's plain form (`{"ecosystem":"…","name":"…",…`) names a package that
        /// cannot be wanted: its family is not audited, or its canonical name's hash is not a wanted one. Lines
        /// in another form, and the rare hash collisions, are read strictly. (Lines skipped here are not
        /// parsed, but the index's SHA-256 must still match the signed manifest.)
        private mutating func cannotMatch(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
            var i = 0
            guard PlainJSONScan.literal(line, &i, #"{"ecosystem":"#), let ecosystem = PlainJSONScan.string(line, &i),
                PlainJSONScan.literal(line, &i, #","name":"#), let name = PlainJSONScan.string(line, &i),
                PlainJSONScan.literal(line, &i, #","records":"#)
            else { return false }
            if !lastEcosystemBytes.elementsEqual(line[ecosystem]) {
                lastEcosystemBytes = Array(line[ecosystem])
                lastEcosystem = String(decoding: lastEcosystemBytes, as: UTF8.self)
                lastFamily = Ecosystem(osv: lastEcosystem).family
            }
            guard families.contains(lastFamily) else { return true }
            switch lastFamily {
            case .debian:
                return !debianHashes.contains(PlainJSONScan.hash(UnsafeBufferPointer(rebasing: line[name])))
            case .swiftURL:
                // Plain `host/owner/repo[.git][/]`: SwiftPM's canonical form is it lowercased, without the end.
                var end = name.upperBound
                for byte in line[name] {
                    switch byte {
                    case UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "%"), UInt8(ascii: "#"), UInt8(ascii: "?"),
                        UInt8(ascii: " "):
                        return false
                    default: continue
                    }
                }
                while end > name.lowerBound, line[end - 1] == UInt8(ascii: "/") { end -= 1 }
                if end - name.lowerBound >= 4,
                    zip(line[(end - 4)..<end], ".git".utf8).allSatisfy({ $0 | 0x20 == $1 | 0x20 })
                {
                    end -= 4
                }
                while end > name.lowerBound, line[end - 1] == UInt8(ascii: "/") { end -= 1 }
                let canonical = UnsafeBufferPointer(rebasing: line[name.lowerBound..<end])
                return !swiftHashes.contains(PlainJSONScan.hash(canonical, lowercasing: true))
            case .other:
                return false
            }
        }

        /// Reads one entry strictly and collects its record files when it names a wanted package.
        private mutating func read(
            _ line: UnsafeBufferPointer<UInt8>,
            line number: Int,
            path: String
        ) throws(AuditError) {
            func bad() -> AuditError {
                AuditError(.databaseUnusable, "\(path): line \(number) is not a package index entry")
            }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
            var reader = JSONReader(bytes: line, maximumDepth: 4)
            var ecosystem: String?
            var name: String?
            var matched: Bool?
            do {
                try reader.beginObject()
                while let key = try reader.nextKey() {
                    switch key {
                    case "ecosystem" where try reader.peekKind() == .string: ecosystem = try reader.readString()
                    case "name" where try reader.peekKind() == .string: name = try reader.readString()
                    case "records":
                        // The writer puts `records` last; an entry in another order is read in two passes.
                        guard let ecosystem, let name else {
                            try reader.skipValue()
                            continue
                        }
                        let wantedHere = matches(ecosystem: ecosystem, name: name)
                        matched = wantedHere
                        guard wantedHere else {
                            try reader.skipValue()
                            continue
                        }
                        try reader.beginArray()
                        while try reader.nextElement() {
                            guard try reader.peekKind() == .string else { throw bad() }
                            files.insert(try reader.readString())
                        }
                    default: try reader.skipValue()
                    }
                }
                try reader.finish()
            } catch {
                throw bad()
            }
            guard let ecosystem, let name else { throw bad() }
            if matched == nil, matches(ecosystem: ecosystem, name: name) {
                // `records` came before `ecosystem` or `name`, or is absent: read the entry whole.
                guard let entry = try? JSONParser.parse(line), let records = entry["records"]?.arrayValue else {
                    throw bad()
                }
                for record in records {
                    guard let file = record.stringValue else { throw bad() }
                    files.insert(file)
                }
            }
        }

        /// Whether the entry `ecosystem`/`name` is one of the wanted packages.
        private mutating func matches(ecosystem: String, name: String) -> Bool {
            if ecosystem != lastEcosystem {
                lastEcosystem = ecosystem
                lastEcosystemBytes = Array(ecosystem.utf8)
                lastFamily = Ecosystem(osv: ecosystem).family
            }
            guard families.contains(lastFamily) else { return false }
            return wanted.contains(AdvisoryDatabase.IndexKey(family: lastFamily, rawName: name))
        }
    }
}
