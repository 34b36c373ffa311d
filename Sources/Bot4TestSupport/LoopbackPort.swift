import Foundation

/// Free TCP ports on 127.0.0.1 for servers that tests start.
public enum LoopbackPort {
    /// A port that nothing listens on now (and whose successor is free too, for servers that take two).
    public static func free() -> Int {
        for _ in 0..<200 {
            let candidate = Int.random(in: 20000...59000)
            if isFree(candidate) && isFree(candidate + 1) { return candidate }
        }
        return Int.random(in: 20000...59000)
    }

    /// Whether binding `port` on 127.0.0.1 succeeds.
    public static func isFree(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
