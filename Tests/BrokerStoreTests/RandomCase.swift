import BrokerStore
import BrokerTestSupport
import Foundation

/// Random transfers files (seeded), ingested into a new case file: for comparing the store's SQL and
/// compact paths with the in-memory analyses on the same case.
enum RandomCase {
    /// A small deterministic generator (SplitMix64).
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A case file in `dir` holding `rows` random transfers among `parties` parties, with times in
    /// several zones and precisions, optional amounts, batches, channels, evidence and notes.
    /// - Parameter zone: the case's time zone, e.g. `+08:00`, `-05:00`.
    static func store(in dir: URL, seed: UInt64, rows: Int, parties: Int, zone: String = "+08:00",
                      records: ClosedRange<Int64> = 1...5000) throws -> CaseStore {
        var r = Generator(state: seed)
        let categories = ["property", "other", "credit", "whereabouts", "health", "communication_record", "财产信息"]
        let modes = ["sale", "exchange", "provide", "collect", ""]
        var csv = "id,time,from,to,records,category,mode,amount,batch,channel,evidence,note\n"
        for i in 0..<rows {
            let a = Int.random(in: 0..<parties, using: &r)
            var b = Int.random(in: 0..<(parties - 1), using: &r)
            if b >= a { b += 1 }
            let day = String(format: "2025-%02d-%02d", Int.random(in: 1...12, using: &r), Int.random(in: 1...28, using: &r))
            let time = [day, day + String(format: " %02d:%02d", Int.random(in: 0...23, using: &r), Int.random(in: 0...59, using: &r)),
                        day + "T23:30:00Z", day + "T00:10:00-05:00", day + "T12:00:00+05:30"][Int.random(in: 0..<5, using: &r)]
            let amount = Bool.random(using: &r) ? String(format: "%d.%02d", Int.random(in: 0...99999, using: &r), Int.random(in: 0...99, using: &r)) : ""
            let batch = Bool.random(using: &r) ? "B\(Int.random(in: 0..<max(1, rows / 4), using: &r))" : ""
            let id = Int.random(in: 0..<4, using: &r) == 0 ? "" : "R\(i)"
            let note = Int.random(in: 0..<3, using: &r) == 0 ? "\"note, \(i)\"" : ""
            csv += "\(id),\(time),p\(a),p\(b),\(Int64.random(in: records, using: &r)),\(categories.randomElement(using: &r)!),"
                + "\(modes.randomElement(using: &r)!),\(amount),\(batch),\(Bool.random(using: &r) ? "wechat" : ""),"
                + "\(Bool.random(using: &r) ? "E\(i)" : ""),\(note)\n"
        }
        let file = dir.appendingPathComponent("random-\(seed).csv")
        try Data(csv.utf8).write(to: file)
        let store = try CaseStore(path: dir.appendingPathComponent("random-\(seed).sqlite").path, create: true)
        _ = try store.ingest(paths: [file.path], offsetSeconds: CaseTimeZone.seconds(zone))
        return store
    }
}

enum CaseTimeZone {
    /// Seconds east of UTC for `+HH:MM` / `-HH:MM`.
    static func seconds(_ zone: String) -> Int {
        let sign = zone.hasPrefix("-") ? -1 : 1
        let parts = zone.dropFirst().split(separator: ":").compactMap { Int($0) }
        return sign * (parts[0] * 3600 + parts[1] * 60)
    }
}
