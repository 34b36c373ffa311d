import Foundation

/// `seal exec`'s standard error, written so that a failure to write can never stop the supervisor: the
/// bytes go out with `write(2)` and any error (a closed pipe, a full disk) drops the rest of the line.
/// ``ignoreBrokenPipes()`` keeps a closed pipe from killing the process with SIGPIPE (the child gets SIGPIPE
/// back at its default disposition when it is started).
enum StandardError {
    /// Ignores SIGPIPE in this process, so that writes to a closed pipe fail with EPIPE instead.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes `text`; errors are ignored.
    static func write(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let count = Foundation.write(STDERR_FILENO, raw.baseAddress! + written, raw.count - written)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return }
                written += count
            }
        }
    }
}
