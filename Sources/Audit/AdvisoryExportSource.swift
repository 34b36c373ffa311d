import Foundation

/// Where one OSV export comes from, and the folder its records go to in the snapshot.
///
/// `--from` values resolve as follows: nothing means osv.dev's bucket; an `http(s)` URL ending in `.zip`, or a
/// local file, is one export; any other URL, or a local folder, is a mirror laid out like osv.dev
/// (`<base>/<ecosystem>/all.zip`), read for every requested ecosystem.
public struct AdvisoryExportSource: Hashable, Sendable {
    /// osv.dev's public bucket of per-ecosystem exports.
    public static let osvDevBase = "https://osv-vulnerabilities.storage.googleapis.com"
    /// The ecosystems Bot4 audits when none is named.
    public static let defaultEcosystems = ["SwiftURL", "Debian:12"]

    /// A URL to download, or a local file.
    public enum Location: Hashable, Sendable {
        /// An `http` or `https` URL.
        case url(String)
        /// A file on this machine.
        case file(String)
    }

    /// Where the export is.
    public var location: Location
    /// The snapshot folder for its records (the ecosystem's name, made safe as a path component).
    public var folder: String

    /// Creates a source.
    public init(location: Location, folder: String) {
        self.location = location
        self.folder = Self.safeFolderName(folder)
    }

    /// A readable name of the location.
    public var description: String {
        switch location {
        case .url(let url): url
        case .file(let path): path
        }
    }

    /// Resolves `--from` values and `--ecosystem` names into the exports to read.
    /// - Throws: ``AuditError/Code/malformedInput`` for a `--from` that is neither a URL nor an existing path.
    public static func resolve(
        from values: [String],
        ecosystems requested: [String]
    ) throws(AuditError)
        -> [AdvisoryExportSource]
    {
        let ecosystems = requested.isEmpty ? defaultEcosystems : requested
        // osv.dev's bucket names folders like `Debian:12`; keep the colon as it is written there.
        let pathAllowed = CharacterSet.urlPathAllowed.union(CharacterSet(charactersIn: ":"))
        func mirrored(_ base: String, url: Bool) -> [AdvisoryExportSource] {
            ecosystems.map { ecosystem in
                let component =
                    url ? (ecosystem.addingPercentEncoding(withAllowedCharacters: pathAllowed) ?? ecosystem) : ecosystem
                let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
                let address = "\(trimmed)/\(component)/all.zip"
                return AdvisoryExportSource(location: url ? .url(address) : .file(address), folder: ecosystem)
            }
        }
        guard !values.isEmpty else { return mirrored(osvDevBase, url: true) }
        var sources: [AdvisoryExportSource] = []
        for value in values {
            let isURL = value.hasPrefix("http://") || value.hasPrefix("https://")
            if isURL {
                sources += value.hasSuffix(".zip") ? [single(.url(value), path: value)] : mirrored(value, url: true)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory) else {
                throw AuditError(
                    .malformedInput,
                    "--from \(value): neither an http(s) URL nor an existing file or folder"
                )
            }
            sources += isDirectory.boolValue ? mirrored(value, url: false) : [single(.file(value), path: value)]
        }
        let folders = sources.map(\.folder)
        if let clash = folders.first(where: { name in folders.filter { $0 == name }.count > 1 }) {
            throw AuditError(.malformedInput, "two exports would share the snapshot folder '\(clash)'")
        }
        return sources
    }

    /// One export: its folder is the parent component when the file is `all.zip` (osv.dev's layout), else
    /// the file's name without `.zip`.
    private static func single(_ location: Location, path: String) -> AdvisoryExportSource {
        let components = path.split(separator: "/").map(String.init)
        let last = components.last ?? path
        let folder =
            last == "all.zip" && components.count >= 2
            ? (components[components.count - 2].removingPercentEncoding ?? components[components.count - 2])
            : (last.hasSuffix(".zip") ? String(last.dropLast(4)) : last)
        return AdvisoryExportSource(location: location, folder: folder)
    }

    /// Letters, digits, `.`, `_` and `-` kept; anything else (such as the `:` of `Debian:12`) becomes `-`.
    static func safeFolderName(_ name: String) -> String {
        let safe = String(
            name.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                    ? Character(scalar) : "-"
            }
        )
        return safe.isEmpty || safe.hasPrefix(".") ? "export-" + safe : safe
    }
}
