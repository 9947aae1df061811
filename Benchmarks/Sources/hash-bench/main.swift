import BrokerInput
import Foundation

// SHA-256 throughput as ingest meets it: a 100 MB buffer read through `ByteInput` in 1 MiB chunks,
// each chunk hashed as it passes. Prints MB/s, best of RUNS (default 3).
let size = 100_000_000
var bytes = [UInt8](repeating: 0, count: size)
var state: UInt64 = 0x9E37_79B9_7F4A_7C15
for i in 0..<size { state = state &* 6364136223846793005 &+ 1442695040888963407; bytes[i] = UInt8(truncatingIfNeeded: state >> 56) }
let runs = Int(ProcessInfo.processInfo.environment["RUNS"] ?? "") ?? 3
var best = Double.infinity
var digest = ""
for _ in 0..<runs {
    let input = ByteInput(name: "bench", bytes: bytes)
    let start = DispatchTime.now().uptimeNanoseconds
    while !(try input.read()).isEmpty {}
    digest = input.sha256
    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
print(String(format: "sha256 of 100 MB: %.3f s, %.0f MB/s (best of %d), digest %@", best, Double(size) / best / 1e6, runs, String(digest.prefix(16))))
