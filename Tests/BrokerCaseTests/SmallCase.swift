@testable import BrokerCase

/// Builds small cases in memory for analysis tests.
struct SmallCase {
    var parties: [Party] = []
    var transfers = TransferTable()

    init(parties keys: [String]) {
        parties = keys.map { Party(key: $0, name: $0.uppercased()) }
    }

    func vertex(_ key: String) -> Int32 { Int32(parties.firstIndex { $0.key == key }!) }

    mutating func add(_ from: String, _ to: String, records: Int64 = 10, mode: TransferMode = .provide,
                      time: String = "2025-03-01 12:00", category: Category = .property, amountFen: Int64? = nil,
                      label: String? = nil) {
        let span = try! CaseTime.parse(time)
        transfers.label.append(label ?? "T\(transfers.count + 1)")
        transfers.source.append(SourceLocation(file: "t.csv", line: transfers.count + 2))
        transfers.from.append(vertex(from)); transfers.to.append(vertex(to))
        transfers.time.append(span); transfers.timeText.append(time)
        transfers.records.append(records); transfers.category.append(category); transfers.mode.append(mode)
        transfers.amountFen.append(amountFen); transfers.batch.append(nil); transfers.channel.append(nil)
        transfers.evidence.append(nil); transfers.note.append(nil)
    }

    var data: CaseData { CaseData(parties: parties, transfers: transfers) }
}
