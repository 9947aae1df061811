import BrokerCase

extension CaseStore {
    /// The case's size and time span, from SQL aggregates (see `CaseReader.summary`).
    public func summary() throws(StoreError) -> CaseSummary { try reader.summary() }
}

extension CaseReader {
    /// The case's size and time span, from SQL aggregates: no party or transfer is loaded.
    ///
    /// Equal to `CaseSummary(load())`: sums wrap on overflow as the in-memory sums do, and first /
    /// last are dates in the case's zone. Read from the running totals each ingest stores
    /// (`transfer_totals`); a case with ingests made before those existed is scanned instead
    /// (SQLite's `sum` stops at an overflow; the sums are then added up again in Swift).
    /// - Complexity: O(ingests) from the totals (plus a pass over `transfers` when identity
    ///   resolution merged parties); else one pass over `transfers`, two when a sum overflows.
    func summary() throws(StoreError) -> CaseSummary {
        try reading { () throws(StoreError) in
            let parties = try db.prepare("SELECT count(*) FROM parties")
            _ = try parties.step()
            let offset = try offsetSeconds()
            var totals = try storedTotals()
            if totals == nil { totals = try scannedTotals() }
            let sum = totals!
            var summary = CaseSummary(parties: Int(parties.int(0)), transfers: Int(sum.transfers), records: sum.records,
                                      amountFen: sum.amountFen,
                                      first: sum.first.map { CaseTime.date($0, offsetSeconds: offset) },
                                      last: sum.last.map { CaseTime.date($0, offsetSeconds: offset) })
            try countResolution(into: &summary)
            return summary
        }
    }

    /// The sum of every ingest's stored totals, or nil when an ingest has none (made before them).
    private func storedTotals() throws(StoreError) -> TransferTotals? {
        let missing = try db.prepare("""
            SELECT count(*) FROM ingests i WHERE sha256 IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM transfer_totals t WHERE t.ingest_id = i.id)
            """)
        _ = try missing.step()
        if missing.int(0) > 0 { return nil }
        var sum = TransferTotals()
        let rows = try db.prepare("SELECT transfers, records, amount_fen, first, last FROM transfer_totals")
        while try rows.step() {
            sum.transfers += rows.int(0)
            sum.records &+= rows.int(1)
            sum.amountFen &+= rows.int(2)
            if let first = rows.optionalInt(3) { sum.first = min(sum.first ?? first, first) }
            if let last = rows.optionalInt(4) { sum.last = max(sum.last ?? last, last) }
        }
        return sum
    }

    /// The totals from the transfers themselves.
    private func scannedTotals() throws(StoreError) -> TransferTotals {
        let spans = try db.prepare("SELECT count(*), min(time_earliest), max(time_latest) FROM transfers")
        _ = try spans.step()
        let (records, amountFen) = try transferSums()
        return TransferTotals(transfers: spans.int(0), records: records, amountFen: amountFen,
                              first: spans.optionalInt(1), last: spans.optionalInt(2))
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
