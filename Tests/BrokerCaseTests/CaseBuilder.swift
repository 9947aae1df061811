import BrokerCase
import Foundation

/// Builds a small case in memory: parties by key (created on first mention), transfers in order.
struct CaseBuilder {
    var parties: [Party] = []
    var table = TransferTable()
    private var index: [String: Int32] = [:]

    init(insiders: [String] = []) {
        for key in insiders { _ = vertex(key, insider: true) }
    }

    mutating func vertex(_ key: String, insider: Bool = false) -> Int32 {
        if let v = index[key] { return v }
        index[key] = Int32(parties.count)
        parties.append(Party(key: key, name: key, insider: insider))
        return Int32(parties.count - 1)
    }

    /// Adds a transfer; `time` as in input files (local time UTC+8 without an offset).
    mutating func add(_ id: String, _ time: String, _ from: String, _ to: String, _ records: Int64,
                      _ category: Category = .property, _ mode: TransferMode = .sale, amount: Double? = nil,
                      batch: String? = nil) {
        table.label.append(id)
        table.source.append(SourceLocation(file: "test.csv", line: table.count + 2))
        table.from.append(vertex(from))
        table.to.append(vertex(to))
        table.time.append(try! CaseTime.parse(time))
        table.timeText.append(time)
        table.records.append(records)
        table.category.append(category)
        table.mode.append(mode)
        table.amountFen.append(amount.map { Int64(($0 * 100).rounded()) })
        table.batch.append(batch)
        table.channel.append(nil); table.evidence.append(nil); table.note.append(nil)
    }

    var data: CaseData { CaseData(parties: parties, transfers: table) }
}

extension Array where Element == Screening {
    subscript(party key: String) -> Screening? { first { $0.party == key } }
}
