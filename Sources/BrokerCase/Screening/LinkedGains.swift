/// Gains taken from payments: a sale row without an amount counts the payment linked to it
/// (`PaymentLinks`), and the screening's basis says which.
///
/// Kept apart from `Severity.swift` so that the counting rules there stay as they are.
public enum LinkedGains {
    /// The linked payment of each sale in `sales` that has no amount of its own.
    public static func payments(for sales: [Int], in data: CaseData) -> [Int: Payment] {
        var out: [Int: Payment] = [:]
        for e in sales where data.transfers.amountFen[e] == nil {
            if let p = data.paymentOfTransfer[e] { out[e] = data.payments[p] }
        }
        return out
    }

    /// The basis line naming the sales whose gains come from linked payments, or `nil` when none do.
    public static func basis(_ linked: [Int: Payment], data: CaseData) -> String? {
        guard !linked.isEmpty else { return nil }
        let rows = linked.keys.sorted().map { "\(data.transfers.label[$0]) ← payment \(linked[$0]!.source)" }
        return "gains include payments linked to sales without an amount (same pair, money against the data, from 3 days before to 7 days after the transfer): \(rows.joined(separator: ", "))"
    }
}
