import AsyncHTTPClient
import Foundation
import NIOCore

/// Downloads an OSV export over HTTP(S) into a file, refusing more than a byte limit.
enum AdvisoryDownloader {
    /// Streams `url` into a new file at `destination`.
    /// - Throws: ``AuditError/Code/io`` when the server cannot be reached, answers other than 200, sends more
    ///   than `limit` bytes or stops half-way; the message names the URL.
    static func download(_ url: String, to destination: String, limit: Int, timeout: Duration) async throws(AuditError)
    {
        guard FileManager.default.createFile(atPath: destination, contents: nil),
            let handle = FileHandle(forWritingAtPath: destination)
        else {
            throw AuditError(.io, "\(destination): cannot create the download file")
        }
        defer { try? handle.close() }
        do {
            let request = HTTPClientRequest(url: url)
            let response = try await HTTPClient.shared.execute(
                request,
                timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000)
            )
            guard response.status == .ok else {
                throw AuditError(
                    .io,
                    "\(url): the server answered \(response.status.code) \(response.status.reasonPhrase)"
                )
            }
            if let declared = response.headers.first(name: "content-length").flatMap(Int.init), declared > limit {
                throw AuditError(.io, "\(url): \(declared) bytes, more than the limit of \(limit)")
            }
            var received = 0
            for try await buffer in response.body {
                received += buffer.readableBytes
                guard received <= limit else {
                    throw AuditError(.io, "\(url): more than the limit of \(limit) bytes")
                }
                try handle.write(contentsOf: Data(buffer.readableBytesView))
            }
            if let declared = response.headers.first(name: "content-length").flatMap(Int.init), declared != received {
                throw AuditError(.io, "\(url): the transfer stopped after \(received) of \(declared) bytes")
            }
            try handle.synchronize()
        } catch let error as AuditError {
            throw error
        } catch {
            throw AuditError(.io, "\(url): download failed", underlying: error)
        }
    }
}
