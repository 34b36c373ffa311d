import Digest
import FileSystem
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
        /// A listed file that the folder does not hold.
        case missing
    }

    /// Reads every record file of a signed folder whose manifest's signature has been verified: the folder's
    /// record files must be exactly those the manifest lists, each hashing to its entry. The folder is walked on
    /// another thread while the manifest's `files` map is read.
    /// - Throws: ``AuditError/Code/databaseUnusable`` naming the first file not listed, then the first that
    ///   does not hash to its entry (or cannot be read), then the first listed but missing.
    static func loadSigned(
        _ folder: String,
        manifest bytes: [UInt8],
        wanted: Set<IndexKey>?
    ) throws(AuditError) -> AdvisoryDatabase {
        let manifestPath = folder + "/" + SnapshotManifest.fileName
        let (walked, listed) = inBoth(
            {
                Result { () throws(AuditError) in
                    let files = try walkRecordFiles(in: folder)
                    var found = Set<String>(minimumCapacity: files.count)
                    for file in files { found.insert(file) }
                    return found
                }
            },
            {
                Result { () throws(AuditError) in
                    let outline = try SnapshotManifest.outline(bytes, source: manifestPath)
                    return (outline.taken, try SnapshotManifest.fileList(bytes, outline: outline, source: manifestPath))
                }
            }
        )
        let (taken, entries) = try listed.get()
        let (records, warnings) = try readRecords(
            folder,
            entries.map(\.path),
            digests: entries.map(\.digest),
            holding: try walked.get(),
            wanted: wanted
        )
        return AdvisoryDatabase(loaded: records, snapshotDate: taken, warnings: warnings)
    }

    /// Reads, hash-checks against `digests` (when given, one for each of `files`) and parses the record `files`
    /// of `folder` on every core, keeping their order: the records, the warnings of those that cannot be
    /// parsed, and the first failure in file order as the error. With `wanted`, a record that names none of
    /// those packages is skimmed (``OSVRecordSkim``) instead of parsed. With `found` (the record files a walk
    /// of the folder found, `files` being a signed manifest's list), the folder must hold exactly `files`.
    /// - Throws: ``AuditError`` naming the first file found but not listed, else the first that cannot be
    ///   read or does not hash to its digest, else the first listed but not found.
    static func readRecords(
        _ folder: String,
        _ files: [String],
        digests: [String]? = nil,
        holding found: Set<String>? = nil,
        wanted: Set<IndexKey>? = nil
    ) throws(AuditError) -> (records: [LoadedRecord], warnings: [String]) {
        let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            throw AuditError(.databaseUnusable, "\(folder): cannot open the advisory folder")
        }
        defer { close(directory) }
        var outcomes = inParallel(
            files.count,
            read: { item -> Outcome in
                if let found, !found.contains(files[item]) { return .missing }
                return read(folder, directory, files[item], digest: digests?[item], wanted: wanted)
            },
            stopsAt: { (outcome: Outcome) in if case .failed = outcome { true } else { false } }
        )
        if let found {
            // The listed files are distinct, so the folder holds no other when as many of them were found.
            var foundCount = 0
            var complete = true
            for outcome in outcomes {
                switch outcome {
                case .missing?: break
                case nil: complete = false
                default: foundCount += 1
                }
            }
            if !complete || foundCount != found.count, let first = found.subtracting(files).sorted().first {
                throw AuditError(.databaseUnusable, "\(folder)/\(first): not listed in the signed manifest")
            }
        }
        var records: [LoadedRecord] = []
        records.reserveCapacity(files.count)
        var warnings: [String] = []
        var missing: String?
        for item in outcomes.indices {
            // Taken out of the array, so that each record moves rather than being copied and released.
            switch outcomes[item].take() {
            case .record(let record)?: records.append(record)
            case .skipped(let warning)?: warnings.append(warning)
            case .failed(let error)?: throw error
            case .missing?: missing = missing ?? files[item]
            case nil: break
            }
        }
        if let missing {
            throw AuditError(.databaseUnusable, "\(folder)/\(missing): listed in the signed manifest but missing")
        }
        return (records, warnings)
    }

    /// `other` on another thread while `here` runs on this one; both results once both are done.
    static func inBoth<Other: Sendable, Here>(
        _ other: @escaping @Sendable () -> Other,
        _ here: () -> Here
    ) -> (Other, Here) {
        let box = OtherResult<Other>()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { box.value = other() }
        let mine = here()
        group.wait()
        return (box.value!, mine)
    }

    /// `read` of each of `0..<count` on every core, in contiguous chunks, in order. A chunk stops after an
    /// outcome that `stopsAt` picks (its later items are not read, nil): the caller stops at the first such
    /// outcome.
    static func inParallel<Outcome: Sendable>(
        _ count: Int,
        read: @Sendable (Int) -> Outcome,
        stopsAt: @Sendable (Outcome) -> Bool = { _ in false }
    ) -> [Outcome?] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunkCount = count < 1024 ? 1 : cores * 16
        return [Outcome?](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Each chunk initializes its own slots, so the threads never touch the same memory.
            let slots = Slots(base: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                var stopped = false
                for item in count * chunk / chunkCount..<count * (chunk + 1) / chunkCount {
                    var outcome: Outcome?
                    if !stopped {
                        outcome = read(item)
                        stopped = stopsAt(outcome!)
                    }
                    (slots.base! + item).initialize(to: outcome)
                }
            }
            initialized = count
        }
    }

    /// Reads the record file `relative` of `folder`, open as `directory`.
    private static func read(
        _ folder: String,
        _ directory: Int32,
        _ relative: String,
        digest: String?,
        wanted: Set<IndexKey>?
    ) -> Outcome {
        let path = folder + "/" + relative
        let bytes: [UInt8]
        do throws(FileReadError) {
            bytes = try BoundedFile.read(relative, relativeTo: directory, limit: AuditFile.recordLimit)
        } catch {
            return .failed(AuditError(.io, "cannot read an advisory record: \(folder)/\(error)"))
        }
        if let digest {
            guard digest == SnapshotManifest.hex(HashFunction.hash(.sha256, bytes)) else {
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
        try walkRecordFiles(in: folder).sorted()
    }

    /// ``recordFiles(in:)`` in the order the walk met them.
    static func walkRecordFiles(in folder: String) throws(AuditError) -> [String] {
        var files: [String] = []
        guard walk(folder, prefix: "", into: &files) else {
            throw AuditError(.databaseUnusable, "\(folder): cannot list the advisory folder")
        }
        return files
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

/// What ``AdvisoryDatabase/inBoth(_:_:)``'s other thread computed: written before it leaves the group, read
/// after the wait.
private final class OtherResult<Value>: @unchecked Sendable {
    var value: Value?
}

/// The slots ``AdvisoryDatabase/inParallel(_:read:stopsAt:)`` fills, shared by its threads.
private struct Slots<Outcome>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Outcome?>?
}
