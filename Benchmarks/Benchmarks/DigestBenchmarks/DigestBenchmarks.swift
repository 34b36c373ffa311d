import Benchmark
import Digest
import Foundation
import Sodium

/// Hashing throughput of the primitives `seal` streams release artifacts through: SHA-256 and SHA-512
/// (OpenSSL EVP) and BLAKE2b-512 (libsodium, minisign's prehash), over a 16 MiB buffer.
let benchmarks: @Sendable () -> Void = {
    let short = ProcessInfo.processInfo.environment["BOT4_BENCH_SHORT"] != nil
    let size = 16 << 20
    let buffer = [UInt8](repeating: 0xA5, count: size)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .one,
        maxDuration: .seconds(short ? 1 : 5),
        maxIterations: short ? 5 : 50
    )
    Benchmark("SHA-256 16 MiB", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(HashFunction.hash(.sha256, buffer))
        }
    }
    Benchmark("SHA-512 16 MiB", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(HashFunction.hash(.sha512, buffer))
        }
    }
    Benchmark("BLAKE2b-512 16 MiB", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(BLAKE2b.hash(buffer))
        }
    }
}
