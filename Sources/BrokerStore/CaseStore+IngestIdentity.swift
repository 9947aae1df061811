import BrokerIdentity
import BrokerInput

/// Identifier sightings recorded while ingesting: what each party was seen as, and where.
///
/// A parties file gives identifiers in its `identifiers` column (`phone:…;wechat:…`), and its name
/// and aliases are read as identifiers too (`Identifier.fromDisplayName`: a phone, card or resident
/// ID number when they parse as one, else a person name or a nickname). A transfer names a party by
/// a value that may parse as a strong identifier (`Identifier.detect`): that is a sighting at the
/// transfer's line. Only suspects (parties) are recorded here: residents stay keyed hashes.
extension IngestSession {
    /// The parsed `identifiers` column. - Throws: `InputError` at the row's line naming the item
    /// and its key, never the value.
    static func identifiers(of row: PartyRow) throws(InputError) -> [Identifier] {
        guard let column = row.identifiers, !column.isEmpty else { return [] }
        let (identifiers, issues) = Identifier.parseColumn(column)
        if let issue = issues.first { throw InputError(row.location, column: "identifiers", issue.description) }
        return identifiers
    }

    /// Records a declared party's identifiers, name and aliases as seen at the row's line.
    func recordSightings(of row: PartyRow, identifiers: [Identifier], party: Int64, ingestID: Int64) throws(StoreError) {
        var seen = Set<Identifier>()
        func record(_ identifier: Identifier, _ source: String) throws(StoreError) {
            guard seen.insert(identifier).inserted else { return }
            try statements.insertSighting.run([party, identifier.kind.rawValue, identifier.value, identifier.isPartial,
                                               ingestID, row.location.line, source])
        }
        for identifier in identifiers { try record(identifier, "identifiers") }
        if let name = Identifier.fromDisplayName(row.name) { try record(name, "name") }
        for alias in row.aliases { if let identifier = Identifier.fromDisplayName(alias) { try record(identifier, "aliases") } }
    }

    /// Records the strong identifiers a transfer names its parties by (`138-0535-1234` in `from`).
    func recordSightings(of row: TransferRow, from: Int64, to: Int64, ingestID: Int64) throws(StoreError) {
        try recordSighting(of: row.from, party: from, source: "from", row: row, ingestID: ingestID)
        try recordSighting(of: row.to, party: to, source: "to", row: row, ingestID: ingestID)
    }

    private func recordSighting(of text: String, party: Int64, source: String, row: TransferRow,
                                ingestID: Int64) throws(StoreError) {
        let found: Identifier?
        let slot = Int(party)
        if slot >= 0, slot < detected.count, let known = detected[slot], known.name == text {
            found = known.identifier
        } else {
            found = Identifier.detect(text)
            if slot >= 0 && slot < 1 << 32 {
                if slot >= detected.count { detected += repeatElement(nil, count: max(slot + 1, 2 * detected.count) - detected.count) }
                detected[slot] = (text, found)
            }
        }
        guard let identifier = found else { return }
        try statements.insertSighting.run([party, identifier.kind.rawValue, identifier.value, identifier.isPartial,
                                           ingestID, row.location.line, source])
    }
}
