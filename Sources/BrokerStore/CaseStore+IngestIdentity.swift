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

    /// Records a strong identifier a transfer names a party by (`138-0535-1234` in `from`).
    func recordSighting(_ identifier: Identifier, party: Int64, source: String, line: Int, ingestID: Int64) throws(StoreError) {
        try statements.insertSighting.run([party, identifier.kind.rawValue, identifier.value, identifier.isPartial,
                                           ingestID, line, source])
    }
}
