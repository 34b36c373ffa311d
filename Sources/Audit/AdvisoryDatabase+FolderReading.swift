import Digest
import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension AdvisoryDatabase {
    /// What reading one record file gave.
    private enum Outcome: Sendable {
        case record(LoadedRecord)
        /// A record that could not be parsed: the warning naming it.
        case skipped(String)
        case failed(AuditError)
    }

    /// Reads, hash-checks against `digests` (when given) and parses the record `files` of `folder` on every
    /// core, keeping their order: the records, the warnings of those that cannot be parsed, and the first
    /// failure in file order as the error. With `wanted`, a record that names none of those packages is
    /// skimmed (``OSVRecordSkim``) instead of parsed.
    /// - Throws: ``AuditError`` for a file that cannot be read or does not hash to its digest.
    static func readRecords(
        _ folder: String,
        _ files: [String],
        digests: [String: String]?,
        wanted: Set<IndexKey>? = nil
    ) throws(AuditError) -> (records: [LoadedRecord], warnings: [String]) {
        let outcomes = inParallel(
            files.count,
            read: { read(folder, files[$0], digests: digests, wanted: wanted) },
            stopsAt: { if case .failed = $0 { true } else { false } }
        )
        var records: [LoadedRecord] = []
        records.reserveCapacity(files.count)
        var warnings: [String] = []
        for outcome in outcomes {
            switch outcome {
            case .record(let record): records.append(record)
            case .skipped(let warning): warnings.append(warning)
            case .failed(let error): throw error
            }
        }
        return (records, warnings)
    }

    /// `read` of each of `0..<count` on every core, in contiguous chunks, in order. A chunk stops after an
    /// outcome that `stopsAt` picks (its later items are not read): the caller stops at the first such outcome.
    static func inParallel<Outcome: Sendable>(
        _ count: Int,
        read: @Sendable (Int) -> Outcome,
        stopsAt: @Sendable (Outcome) -> Bool = { _ in false }
    ) -> [Outcome] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunkCount = count < 1024 ? 1 : cores * 16
        let chunks = ParallelChunks<Outcome>(chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let lower = count * chunk / chunkCount
            let upper = count * (chunk + 1) / chunkCount
            var outcomes: [Outcome] = []
            outcomes.reserveCapacity(upper - lower)
            for item in lower..<upper {
                let outcome = read(item)
                outcomes.append(outcome)
                if stopsAt(outcome) { break }
            }
            chunks.lock.withLock { chunks.outcomes[chunk] = outcomes }
        }
        return chunks.outcomes.flatMap { $0 }
    }

    private static func read(
        _ folder: String,
        _ relative: String,
        digests: [String: String]?,
        wanted: Set<IndexKey>?
    ) -> Outcome {
        let path = folder + "/" + relative
        let bytes: [UInt8]
        do throws(AuditError) {
            bytes = try AuditFile.read(path, what: "an advisory record", limit: AuditFile.recordLimit)
        } catch {
            return .failed(error)
        }
        if let digests {
            guard digests[relative] == SnapshotManifest.hex(HashFunction.hash(.sha256, bytes)) else {
                return .failed(AuditError(.databaseUnusable, "\(path): SHA-256 does not match the signed manifest"))
            }
        }
        switch read(bytes, source: path, wanted: wanted) {
        case .success(let record): return .record(record)
        case .failure(let error): return .skipped("\(Self.skippedPrefix)\(error.message)")
        }
    }

    /// Every `*.json` file under `folder` but the snapshot manifest, as sorted relative paths (a directory
    /// walk with readdir(3); symbolic links to directories are not followed).
    static func recordFiles(in folder: String) throws(AuditError) -> [String] {
        var files: [String] = []
        guard walk(folder, prefix: "", into: &files) else {
            throw AuditError(.databaseUnusable, "\(folder): cannot list the advisory folder")
        }
        return files.sorted()
    }

    private static func walk(_ path: String, prefix: String, into files: inout [String]) -> Bool {
        guard let directory = opendir(path) else { return false }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let relative = prefix.isEmpty ? name : prefix + "/" + name
            var isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                var status = stat()
                isDirectory = lstat(path + "/" + name, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
            }
            if isDirectory {
                guard walk(path + "/" + name, prefix: relative, into: &files) else { return false }
            } else if name.hasSuffix(".json"), relative != SnapshotManifest.fileName {
                files.append(relative)
            }
        }
        return true
    }
}

/// The outcomes of ``AdvisoryDatabase/inParallel(_:read:stopsAt:)``'s chunks.
private final class ParallelChunks<Outcome>: @unchecked Sendable {
    /// Each chunk's outcomes, written once under `lock` by the thread that read it.
    var outcomes: [[Outcome]]
    let lock = NSLock()
    init(_ count: Int) { outcomes = Array(repeating: [], count: count) }
}
