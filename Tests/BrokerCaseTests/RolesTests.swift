import BrokerTestSupport
import Testing
@testable import BrokerCase

@Suite struct RolesTests {
    static func roles(_ build: CaseBuilder) -> [String: PartyRole] {
        Dictionary(uniqueKeysWithValues: PartyRole.all(build.data).map { ($0.party, $0) })
    }

    @Test("origin, source, broker, end user, isolated")
    func basicRoles() {
        var c = CaseBuilder(parties: ["sys", "insider", "agent", "buyer", "seller", "alone"])
        c.add(nil, "2025-03-01 12:00", "sys", "insider", 500, .property, .collect)
        c.add(nil, "2025-03-01 12:00", "insider", "agent", 200, .property, .sale)
        c.add(nil, "2025-03-01 12:00", "agent", "buyer", 50, .property, .sale)
        c.add(nil, "2025-03-01 12:00", "seller", "agent", 30, .property, .provide)
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
        var c = CaseBuilder(parties: ["a", "b", "c"])
        c.add(nil, "2025-03-01 12:00", "a", "b", 7, .property, .provide)
        c.add(nil, "2025-03-01 12:00", "a", "b", 5, .property, .provide)
        c.add(nil, "2025-03-01 12:00", "b", "c", 3, .property, .provide)
        let r = Self.roles(c)
        #expect(r["a"]?.outRecords == 12 && r["a"]?.outTransfers == 2 && r["a"]?.inRecords == 0 && r["a"]?.inTransfers == 0)
        #expect(r["b"]?.inRecords == 12 && r["b"]?.inTransfers == 2 && r["b"]?.outRecords == 3 && r["b"]?.outTransfers == 1)
        #expect(r["c"]?.inRecords == 3 && r["c"]?.inTransfers == 1 && r["c"]?.outTransfers == 0)
    }

    @Test("a collector that also receives from others stays a source and is marked insider")
    func collectorReceives() {
        var c = CaseBuilder(parties: ["sys", "niu", "li", "buyer"])
        c.add(nil, "2025-03-01 12:00", "sys", "niu", 10, .property, .collect)
        c.add(nil, "2025-03-01 12:00", "li", "niu", 10, .property, .exchange)
        c.add(nil, "2025-03-01 12:00", "niu", "li", 10, .property, .exchange)
        c.add(nil, "2025-03-01 12:00", "niu", "buyer", 10, .property, .sale)
        let r = Self.roles(c)
        #expect(r["niu"]?.role == .source && r["niu"]?.insider == true)
        #expect(r["li"]?.role == .broker && r["li"]?.insider == false)
        #expect(r["sys"]?.role == .origin)
    }

    @Test("a collector that passes nothing on is still a source")
    func collectorOnly() {
        var c = CaseBuilder(parties: ["sys", "x"])
        c.add(nil, "2025-03-01 12:00", "sys", "x", 10, .property, .collect)
        #expect(Self.roles(c)["x"]?.role == .source)
    }

    @Test("an origin stays an origin even when it also receives or sends other rows")
    func originWins() {
        var c = CaseBuilder(parties: ["sys", "x", "y"])
        c.add(nil, "2025-03-01 12:00", "sys", "x", 10, .property, .collect)
        c.add(nil, "2025-03-01 12:00", "y", "sys", 10, .property, .sale)
        c.add(nil, "2025-03-01 12:00", "sys", "y", 10, .property, .provide)
        #expect(Self.roles(c)["sys"]?.role == .origin)
    }

    @Test("a declared insider keeps the flag; role JSON keys are as documented")
    func insiderAndKeys() throws {
        var c = CaseBuilder(parties: ["a", "b"])
        c.party("a", insider: true)
        c.add(nil, "2025-03-01 12:00", "a", "b", 10, .property, .provide)
        let role = PartyRole.all(c.data)[0]
        #expect(role.insider && role.name == "a")
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(role)) as! [String: Any]
        #expect(Set(json.keys) == ["party", "name", "role", "in_records", "out_records", "in_transfers", "out_transfers", "insider"])
        #expect(json["role"] as? String == "source")
        #expect(Role.endUser.rawValue == "end_user")
    }
}

import Foundation
