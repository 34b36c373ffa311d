import Benchmark
import Foundation
import SBOM

/// The SBOM pipeline offline, on a synthetic Package.resolved of 1,000 pins (v3 format, the shapes of real
/// pins: versions, branch pins, revision-only pins, registry pins): parse → components and a graph → CycloneDX
/// 1.6 and SPDX 2.3 bytes. Goal: under 100 ms for the whole pipeline.
let benchmarks: @Sendable () -> Void = {
    let short = ProcessInfo.processInfo.environment["BOT4_BENCH_SHORT"] != nil
    let resolved = syntheticResolved(pins: 1_000)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
        scalingFactor: .one,
        maxDuration: .seconds(short ? 2 : 10),
        maxIterations: short ? 5 : 100
    )
    Benchmark("Package.resolved 1,000 pins: parse", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try PackageResolved.parse(resolved, file: "Package.resolved"))
        }
    }
    Benchmark("Package.resolved 1,000 pins: parse, graph, CycloneDX + SPDX", configuration: configuration) {
        benchmark in
        for _ in benchmark.scaledIterations {
            let parsed = try PackageResolved.parse(resolved, file: "Package.resolved")
            var bom = BillOfMaterials(root: Component(bomRef: "pkg:swift/localhost/Root", name: "Root"))
            bom.components = parsed.pins.map(\.component)
            // A chain-and-fan graph: each pin depends on the next two.
            let refs = bom.components.map(\.bomRef)
            for (i, ref) in refs.enumerated() {
                bom.dependencies[ref] = Array(refs[(i + 1)..<min(i + 3, refs.count)])
            }
            bom.dependencies["pkg:swift/localhost/Root"] = Array(refs.prefix(10))
            bom.timestamp = "2026-11-25T12:00:00Z"
            blackHole(try CycloneDXWriter().bytes(bom))
            blackHole(SPDXWriter().bytes(bom))
        }
    }
}

/// A v3 Package.resolved with `pins` pins, written as SwiftPM writes it.
func syntheticResolved(pins: Int) -> [UInt8] {
    var text = "{\n  \"originHash\" : \"\(String(repeating: "ab", count: 32))\",\n  \"pins\" : [\n"
    for i in 0..<pins {
        let revision = String(repeating: String(format: "%02x", i % 256), count: 20)
        let state: String
        switch i % 10 {
        case 0: state = "\"branch\" : \"main\",\n        \"revision\" : \"\(revision)\""
        case 1: state = "\"revision\" : \"\(revision)\""
        default: state = "\"revision\" : \"\(revision)\",\n        \"version\" : \"\(i % 7).\(i % 13).\(i)\""
        }
        let pin: String
        if i % 50 == 49 {
            pin = """
                    {
                      "identity" : "scope\(i).package-\(i)",
                      "kind" : "registry",
                      "location" : "",
                      "state" : {
                        "version" : "1.\(i).0"
                      }
                    }
                """
        } else {
            pin = """
                    {
                      "identity" : "package-\(i)",
                      "kind" : "remoteSourceControl",
                      "location" : "https://github.com/owner-\(i % 97)/Package-\(i).git",
                      "state" : {
                        \(state)
                      }
                    }
                """
        }
        text += pin + (i == pins - 1 ? "\n" : ",\n")
    }
    text += "  ],\n  \"version\" : 3\n}\n"
    return Array(text.utf8)
}
