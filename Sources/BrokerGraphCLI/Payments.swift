import ArgumentParser
import BrokerCase
import Foundation

/// `payments`: payments between parties and the transfer each most likely paid for.
struct PaymentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payments",
        abstract: "List payments (from mapped bills) and the transfer each most likely paid for.",
        discussion: """
            A payment from P to Q is linked to a transfer of data from Q to P (money moves against
            the data) when it falls from 3 days before to 7 days after the transfer: paid up to 3 days
            in advance or up to 7 days after delivery. The same amount wins, then the nearest in time;
            each transfer takes at most one payment. Severity counts a linked payment as the gain of a
            sale that has no amount, and says so in its basis.
            """)

    @OptionGroup var options: CaseOptions

    struct Row: Encodable {
        var payer: String
        var payee: String
        var time: String
        var amount: Double
        var reference: String?
        var transfer: String?

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(payer, forKey: .payer); try c.encode(payee, forKey: .payee); try c.encode(time, forKey: .time)
            try c.encode(amount, forKey: .amount); try c.encode(reference, forKey: .reference)
            try c.encode(transfer, forKey: .transfer)   // null when unlinked
        }
        enum CodingKeys: String, CodingKey { case payer, payee, time, amount, reference, transfer }
    }

    func run() throws {
        let data = try options.loadCompact()
        let order = data.payments.indices.sorted {
            (data.payments[$0].time.earliest, $0) < (data.payments[$1].time.earliest, $1)
        }
        let rows = order.map { p -> Row in
            let pay = data.payments[p]
            return Row(payer: data.parties[Int(pay.payer)].key, payee: data.parties[Int(pay.payee)].key,
                       time: data.format(pay.time), amount: Double(pay.amountFen) / 100, reference: pay.reference,
                       transfer: data.paymentLinks[p].map { data.transfers.label[$0] })
        }
        if options.json { try printJSON(rows); return }
        let table = order.map { p -> [String] in
            let pay = data.payments[p]
            var evidence = pay.source.description
            if let e = data.paymentLinks[p] {
                let t = data.transfers
                let amount = t.amountFen[e].map { $0 == pay.amountFen ? "same amount" : "transfer says \(Number.yuan($0))" } ?? "transfer has no amount"
                evidence += "; linked: \(t.label[e]) \(data.parties[Int(t.from[e])].key) -> \(data.parties[Int(t.to[e])].key) \(data.format(t.time[e])), \(amount)"
            }
            return [data.format(pay.time), data.parties[Int(pay.payer)].key, data.parties[Int(pay.payee)].key,
                    Number.yuan(pay.amountFen), pay.reference ?? "", data.paymentLinks[p].map { data.transfers.label[$0] } ?? "-",
                    evidence].map(terminalSafe)
        }
        printTable(["time", "payer", "payee", "amount", "reference", "transfer", "evidence"], table)
        let linked = data.paymentLinks.compactMap { $0 }.count
        print("\(data.payments.count) payments, \(linked) linked to a transfer")
    }
}
