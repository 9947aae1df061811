import Testing
@testable import BrokerCase

@Suite struct RolesTests {
    static func roles(_ build: SmallCase) -> [String: PartyRole] {
        Dictionary(uniqueKeysWithValues: PartyRole.all(build.data).map { ($0.party, $0) })
    }

    @Test("origin, source, broker, end user, isolated")
    func basicRoles() {
        var c = SmallCase(parties: ["sys", "insider", "agent", "buyer", "seller", "alone"])
        c.add("sys", "insider", records: 500, mode: .collect)
        c.add("insider", "agent", records: 200, mode: .sale)
        c.add("agent", "buyer", records: 50, mode: .sale)
        c.add("seller", "agent", records: 30)
        let r = Self.roles(c)
        #expect(r["sys"]?.role == .origin)
        #expect(r["insider"]?.role == .source)
        #expect(r["agent"]?.role == .broker)
        #expect(r["buyer"]?.role == .endUser)
        #expect(r["seller"]?.role == .source)      // passes on without receiving
        #expect(r["alone"]?.role == .isolated)
        #expect(PartyRole.all(c.data).map(\.party) == ["sys", "insider", "agent", "buyer", "seller", "alone"])
    }

    @Test("flows: records and transfers in and out")
    func flows() {
        var c = SmallCase(parties: ["a", "b", "c"])
        c.add("a", "b", records: 7)
        c.add("a", "b", records: 5)
        c.add("b", "c", records: 3)
        let r = Self.roles(c)
        #expect(r["a"]?.outRecords == 12 && r["a"]?.outTransfers == 2 && r["a"]?.inRecords == 0 && r["a"]?.inTransfers == 0)
        #expect(r["b"]?.inRecords == 12 && r["b"]?.inTransfers == 2 && r["b"]?.outRecords == 3 && r["b"]?.outTransfers == 1)
        #expect(r["c"]?.inRecords == 3 && r["c"]?.inTransfers == 1 && r["c"]?.outTransfers == 0)
    }

    @Test("a collector that also receives from others stays a source and is marked insider")
    func collectorReceives() {
        var c = SmallCase(parties: ["sys", "niu", "li", "buyer"])
        c.add("sys", "niu", mode: .collect)
        c.add("li", "niu", mode: .exchange)
        c.add("niu", "li", mode: .exchange)
        c.add("niu", "buyer", mode: .sale)
        let r = Self.roles(c)
        #expect(r["niu"]?.role == .source && r["niu"]?.insider == true)
        #expect(r["li"]?.role == .broker && r["li"]?.insider == false)
        #expect(r["sys"]?.role == .origin)
    }

    @Test("a collector that passes nothing on is still a source")
    func collectorOnly() {
        var c = SmallCase(parties: ["sys", "x"])
        c.add("sys", "x", mode: .collect)
        #expect(Self.roles(c)["x"]?.role == .source)
    }

    @Test("an origin stays an origin even when it also receives or sends other rows")
    func originWins() {
        var c = SmallCase(parties: ["sys", "x", "y"])
        c.add("sys", "x", mode: .collect)
        c.add("y", "sys", mode: .sale)
        c.add("sys", "y")
        #expect(Self.roles(c)["sys"]?.role == .origin)
    }

    @Test("a declared insider keeps the flag; role JSON keys are as documented")
    func insiderAndKeys() throws {
        var c = SmallCase(parties: ["a", "b"])
        c.parties[0].insider = true
        c.add("a", "b")
        let role = PartyRole.all(c.data)[0]
        #expect(role.insider && role.name == "A")
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(role)) as! [String: Any]
        #expect(Set(json.keys) == ["party", "name", "role", "in_records", "out_records", "in_transfers", "out_transfers", "insider"])
        #expect(json["role"] as? String == "source")
        #expect(Role.endUser.rawValue == "end_user")
    }
}

import Foundation
