import BrokerCase

extension Array where Element == Screening {
    /// The screening of the party with this key.
    subscript(party key: String) -> Screening? { first { $0.party == key } }
}
