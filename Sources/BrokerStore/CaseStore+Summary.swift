import BrokerCase

extension CaseStore {
    /// The case's size and time span, from SQL aggregates (see `CaseReader.summary`).
    public func summary() throws(StoreError) -> CaseSummary { try reader.summary() }
}

extension CaseReader {
    /// The case's size and time span, from SQL aggregates: no party or transfer is loaded.
    ///
    /// Equal to `CaseSummary(load())`: sums wrap on overflow as the in-memory sums do (SQLite's
    /// `sum` stops at an overflow; the sums are then added up again in Swift from one column),
    /// and first / last are dates in the case's zone.
    /// - Complexity: one pass over `transfers` (two when a sum overflows), O(1) memory.
    func summary() throws(StoreError) -> CaseSummary {
        try reading { () throws(StoreError) in
            let parties = try db.prepare("SELECT count(*) FROM parties")
            _ = try parties.step()
            let spans = try db.prepare("SELECT count(*), min(time_earliest), max(time_latest) FROM transfers")
            _ = try spans.step()
            let offset = try offsetSeconds()
            let (records, amountFen) = try transferSums()
            var summary = CaseSummary(parties: Int(parties.int(0)), transfers: Int(spans.int(0)), records: records,
                                      amountFen: amountFen,
                                      first: spans.optionalInt(1).map { CaseTime.date($0, offsetSeconds: offset) },
                                      last: spans.optionalInt(2).map { CaseTime.date($0, offsetSeconds: offset) })
            try countResolution(into: &summary)
            return summary
        }
    }

    /// Records and amounts (fen) summed over every transfer, wrapping on overflow.
    private func transferSums() throws(StoreError) -> (records: Int64, amountFen: Int64) {
        do {
            let sums = try db.prepare("SELECT coalesce(sum(records), 0), coalesce(sum(amount_fen), 0) FROM transfers")
            _ = try sums.step()
            return (sums.int(0), sums.int(1))
        } catch where error.message.hasPrefix("integer overflow") {
            let rows = try db.prepare("SELECT records, amount_fen FROM transfers")
            var records: Int64 = 0, amountFen: Int64 = 0
            while try rows.step() {
                records &+= rows.int(0)
                amountFen &+= rows.int(1)   // NULL reads as 0
            }
            return (records, amountFen)
        }
    }
}
