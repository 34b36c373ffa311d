import Digest
import FileSystem
import Foundation
import Minisign

/// `SHA256SUMS` and `SHA512SUMS` in the format `sha256sum -c` accepts, optionally signed.
///
/// Each file is read once for all digests. A name is written relative to the output folder when the file is
/// inside it, else as given. Every manifest is written through a temporary file and a rename; a signature is
/// written next to its manifest as `NAME.minisig`.
public struct ChecksumManifest: Sendable {
    /// What to checksum and where to write.
    public struct Request: Sendable {
        /// The files, in manifest order.
        public var files: [String]
        /// The folder the manifests are written to.
        public var outputDirectory: String
        /// The digests to write, one manifest each.
        public var algorithms: [HashFunction.Algorithm]

        /// A request for `files` into `outputDirectory`.
        public init(
            files: [String],
            outputDirectory: String = ".",
            algorithms: [HashFunction.Algorithm] = [.sha256, .sha512]
        ) {
            self.files = files
            self.outputDirectory = outputDirectory
            self.algorithms = algorithms
        }
    }

    /// One listed file.
    public struct Entry: Sendable, Hashable {
        /// The name as written in the manifests.
        public let name: String
        /// Lowercase hex digests by algorithm.
        public let digests: [HashFunction.Algorithm: String]
    }

    /// The listed files, in request order.
    public let entries: [Entry]
    /// The absolute output folder.
    public let outputDirectory: String
    /// The algorithms, in request order.
    public let algorithms: [HashFunction.Algorithm]

    /// Hashes every file of `request`.
    /// - Throws: ``ReleaseError/Code/badInput`` for a name a manifest line cannot hold, `DigestError` for a
    ///   file that cannot be read.
    public init(_ request: Request) throws {
        let outputDirectory = URL(fileURLWithPath: request.outputDirectory).standardizedFileURL.path
        var entries: [Entry] = []
        for file in request.files {
            let name = try ChecksumManifest.name(of: file, outputDirectory: outputDirectory)
            let digests = try FileHasher.digests(of: file, algorithms: request.algorithms)
            var hex: [HashFunction.Algorithm: String] = [:]
            for algorithm in request.algorithms { hex[algorithm] = digests[algorithm]?.hexString }
            entries.append(Entry(name: name, digests: hex))
        }
        self.entries = entries
        self.outputDirectory = outputDirectory
        self.algorithms = request.algorithms
    }

    /// The text of the manifest of `algorithm`: `<hex>  <name>` per line.
    public func text(_ algorithm: HashFunction.Algorithm) -> String {
        entries.map { "\($0.digests[algorithm] ?? "")  \($0.name)\n" }.joined()
    }

    /// The path of the manifest of `algorithm`.
    public func path(_ algorithm: HashFunction.Algorithm) -> String {
        outputDirectory + "/" + algorithm.manifestName
    }

    /// Writes every manifest, each followed by its signature when there is a `signer`; returns the manifests'
    /// paths. Load the signer first: a wrong password then fails before any manifest is written.
    /// - Throws: `AtomicFile.WriteError`, or the signer's error.
    @discardableResult
    public func write(signer: (any Signer)? = nil) async throws -> [String] {
        var written: [String] = []
        for algorithm in algorithms {
            let path = path(algorithm)
            try AtomicFile.write(text(algorithm), to: path)
            if let signer {
                let signature = try await Minisign.sign(file: path, signer: signer)
                try AtomicFile.write(signature.fileContents, to: path + ".minisig")
            }
            written.append(path)
        }
        return written
    }

    /// The name of `file` in a manifest written into `outputDirectory` (absolute).
    static func name(of file: String, outputDirectory: String) throws(ReleaseError) -> String {
        let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
        let name =
            absolute.hasPrefix(outputDirectory + "/") ? String(absolute.dropFirst(outputDirectory.count + 1)) : file
        if name.contains("\n") || name.contains("\\") || name.contains("\r") {
            throw ReleaseError(
                .badInput,
                "\(file): names with a line break or a backslash cannot go into a checksum manifest"
            )
        }
        return name
    }
}
