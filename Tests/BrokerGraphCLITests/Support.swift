import BrokerGraph
import Foundation

/// Generated input files for the command tests.
enum Generated {
    /// Writes a transfers file of `rows` generated rows (ids `<prefix>-<n>`), streaming to disk.
    static func writeTransfers(rows: Int, to url: URL, prefix: String, seed: UInt64) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var rng = SplitMix64(seed: seed)
        let categories = ["property", "whereabouts", "credit", "communication_record", "health"]
        var buffer = "id,time,from,to,records,category,mode,amount,note\n"
        for i in 0..<rows {
            let from = Int(rng.next() % 5_000), to = (from + 1 + Int(rng.next() % 4_999)) % 5_000
            let day = 1 + Int(rng.next() % 28), month = 1 + Int(rng.next() % 12)
            buffer += "\(prefix)-\(i),2025-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day),"
            buffer += "party-\(from),party-\(to),\(1 + rng.next() % 5_000),\(categories[Int(rng.next() % 5)]),"
            buffer += "sale,\(rng.next() % 100_000).50,\"generated, row \(i)\"\n"
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
    }
}
