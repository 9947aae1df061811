import BrokerCase
import BrokerTestSupport
import Testing

@Suite struct PaymentLinksTests {
    static func payment(_ b: inout CaseBuilder, _ payer: String, _ payee: String, _ time: String, _ fen: Int64) -> Payment {
        Payment(source: SourceLocation(file: "bill.csv", line: 20), payer: b.vertex(payer), payee: b.vertex(payee),
                time: try! CaseTime.parse(time), timeText: time, amountFen: fen)
    }

    @Test("money against the data, within 3 days before to 7 days after; same amount first, then nearest")
    func rules() {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 12:00", "niu", "agent01", 100, amountFen: nil)
        b.add("T2", "2025-03-05 12:00", "niu", "agent01", 100, amountFen: 30_000)
        b.add("T3", "2025-03-20 12:00", "niu", "agent02", 100)
        let payments = [
            Self.payment(&b, "agent01", "niu", "2025-03-06 09:00", 30_000),   // T2: same amount, though T1 is in the window too
            Self.payment(&b, "agent01", "niu", "2025-03-02 09:00", 12_000),   // T1: the nearest
            Self.payment(&b, "niu", "agent02", "2025-03-20 13:00", 5_000),    // money with the data: no link
            Self.payment(&b, "agent02", "niu", "2025-03-16 11:00", 5_000),    // more than 3 days before T3: no link
            Self.payment(&b, "agent02", "niu", "2025-03-27 11:00", 5_000),    // within 7 days after T3
        ]
        let data = CaseData(parties: b.parties, transfers: b.table, payments: payments)
        #expect(data.paymentLinks == [1, 0, nil, nil, 2])
        #expect(data.paymentOfTransfer == [1: 0, 0: 1, 2: 4])
    }

    @Test("screening counts a linked payment as the gain of a sale without an amount, and says so")
    func gains() {
        var b = CaseBuilder()
        b.add("T1", "2025-03-01 12:00", "niu", "agent01", 100, .property, .sale, amountFen: nil)
        b.add("T2", "2025-03-02 12:00", "niu", "agent02", 100, .property, .sale, amountFen: 40_000)
        let payments = [Self.payment(&b, "agent01", "niu", "2025-03-01 18:00", 600_000),
                        Self.payment(&b, "agent02", "niu", "2025-03-02 18:00", 999_900)]
        let data = CaseData(parties: b.parties, transfers: b.table, payments: payments)
        let niu = SeverityReport.screen(data, rules: .cn2017).first { $0.party == "niu" }!
        #expect(niu.gains == 6_400)   // T1's linked payment; T2 keeps its own amount
        #expect(niu.basis.contains { $0.hasPrefix("gains include payments linked to sales without an amount") && $0.contains("T1 ← payment bill.csv:20") })
    }
}
