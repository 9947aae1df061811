import BrokerGraph

/// A payment between two parties (a bill line): the evidence of what a sale earned.
public struct Payment: Sendable, Equatable {
    /// Where it was read: file (and sheet) and row.
    public var source: SourceLocation
    public var payer: Int32
    public var payee: Int32
    public var time: TimeSpan
    public var timeText: String
    public var amountFen: Int64
    /// The bill's transaction number.
    public var reference: String?
    public var note: String?
    public init(source: SourceLocation, payer: Int32, payee: Int32, time: TimeSpan, timeText: String, amountFen: Int64,
                reference: String? = nil, note: String? = nil) {
        self.source = source; self.payer = payer; self.payee = payee; self.time = time; self.timeText = timeText
        self.amountFen = amountFen; self.reference = reference; self.note = note
    }
}

/// Which transfer each payment most likely paid for.
///
/// A payment from P to Q can pay for a transfer of data from Q to P (money moves against the
/// data) when it falls from 3 days before the transfer (paid in advance) to 7 days after it (paid
/// on delivery or later); a transfer known only by its date spans that day. Among the candidates the one with the same amount wins, then the
/// nearest in time, then the earlier row. Payments are taken in time order, and each transfer is
/// paid by at most one payment.
public enum PaymentLinks {
    /// How long before a transfer a payment may be made for it: 3 days.
    public static let before: Int64 = 3 * 86_400
    /// How long after a transfer a payment may be made for it: 7 days.
    public static let after: Int64 = 7 * 86_400

    /// For each payment, the index of the transfer it is linked to, or `nil`.
    /// - Complexity: O(P log P + Σ over payments of the payee's out-degree).
    public static func link(_ payments: [Payment], transfers: TransferTable, graph: Digraph) -> [Int?] {
        var links = [Int?](repeating: nil, count: payments.count)
        var taken = Set<Int>()
        let order = payments.indices.sorted { (payments[$0].time.earliest, $0) < (payments[$1].time.earliest, $1) }
        for p in order {
            let pay = payments[p]
            guard Int(pay.payee) < graph.vertexCount else { continue }
            var best: (Int, Int64, Int)?
            for e32 in graph.outEdges(of: Int(pay.payee)) {
                let e = Int(e32)
                guard transfers.to[e] == pay.payer, !taken.contains(e) else { continue }
                let span = transfers.time[e]
                guard pay.time.latest >= span.earliest - before, pay.time.earliest <= span.latest + after else { continue }
                let distance = pay.time.earliest > span.latest ? pay.time.earliest - span.latest
                    : pay.time.latest < span.earliest ? span.earliest - pay.time.latest : 0
                let score = (transfers.amountFen[e] == pay.amountFen ? 0 : 1, distance, e)
                if best == nil || score < best! { best = score }
            }
            if let (_, _, e) = best { links[p] = e; taken.insert(e) }
        }
        return links
    }
}
