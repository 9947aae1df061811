import BrokerCase
import Foundation
import BrokerTestSupport
import Testing

/// The rule file format: the built-in default, and clear errors for bad files.
struct ScreeningRuleTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The binary carries `rules/cn-2017.json` byte for byte (regenerate with scripts/embed-rules.sh).
    @Test func builtInRulesAreTheShippedFile() throws {
        let file = try String(contentsOf: Self.repository.appendingPathComponent("rules/cn-2017.json"), encoding: .utf8)
        #expect(file == RuleSet.cn2017Text, "run scripts/embed-rules.sh")
    }

    @Test func defaultRulesAreTheInterpretation() throws {
        let r = RuleSet.cn2017
        #expect(r.id == "cn-2017")
        #expect(r.tier(of: .property)?.serious == 50)
        #expect(r.tier(of: .credit)?.serious == 50)
        #expect(r.tier(of: .accommodation)?.serious == 500)
        #expect(r.tier(of: .communicationRecord)?.serious == 500)
        #expect(r.tier(of: .other)?.serious == 5000)
        #expect(r.gains?.serious == 5000)
        #expect(r.insiderFactor == 0.5 && r.especiallyFactor == 10 && r.mixed && r.especiallyMixed)
        #expect(r.excludedRoles == [.origin] && r.excludedOccupations == ["system"])
        #expect(r.tier(of: .realEstate)?.id == "A")
        #expect(r.disputed.map(\.category) == [.realEstate] && r.disputed[0].tiers == ["A", "B", "C"])
        #expect(r.businessBuyer?.tiers == ["C"] && r.businessBuyer?.profit == 50000 && r.businessBuyer?.cite == "art. 6")
        #expect(r.tier(of: .accommodation)?.open?.contains("等其他可能影响人身、财产安全的") == true)
        #expect(r.assumptions.count == 5)
        #expect(r.placing(.realEstate, inTier: "C").tier(of: .realEstate)?.serious == 5000)
        for c in Category.allCases { #expect(r.tier(of: c) != nil, "\(c) has no tier") }
    }

    static func edited(_ change: (inout [String: Any]) -> Void) throws -> [UInt8] {
        var object = try JSONSerialization.jsonObject(with: Data(RuleSet.cn2017Text.utf8)) as! [String: Any]
        change(&object)
        return [UInt8](try JSONSerialization.data(withJSONObject: object))
    }

    static func message(_ bytes: [UInt8]) -> String? {
        do { _ = try RuleSet.parse(bytes, name: "my-rules.json"); return nil } catch { return error.description }
    }

    @Test func invalidFilesNameTheFileAndTheProblem() throws {
        #expect(Self.message(Array("{ \"id\": ".utf8))?.hasPrefix("my-rules.json: invalid rule file: not valid JSON") == true)
        #expect(Self.message(Array("[]".utf8)) == "my-rules.json: invalid rule file: expected a JSON object at the top level")
        #expect(Self.message(try Self.edited { $0["tiers"] = [] }) == "my-rules.json: invalid rule file: tiers: at least one tier is needed")
        #expect(Self.message(try Self.edited {
            var tiers = $0["tiers"] as! [[String: Any]]
            tiers[1]["serious"] = "500"
            $0["tiers"] = tiers
        }) == "my-rules.json: invalid rule file: tiers[1].serious: expected a number")
        #expect(Self.message(try Self.edited {
            var tiers = $0["tiers"] as! [[String: Any]]
            tiers[0]["serious"] = -1
            $0["tiers"] = tiers
        }) == "my-rules.json: invalid rule file: tiers[0].serious: must be a number above 0")
        #expect(Self.message(try Self.edited {
            var tiers = $0["tiers"] as! [[String: Any]]
            tiers[2]["categories"] = ["other", "gossip"]
            $0["tiers"] = tiers
        })?.hasPrefix("my-rules.json: invalid rule file: tiers[2].categories[1]: unknown category 'gossip'") == true)
        #expect(Self.message(try Self.edited {
            var tiers = $0["tiers"] as! [[String: Any]]
            tiers[2]["categories"] = ["other", "property"]
            $0["tiers"] = tiers
        }) == "my-rules.json: invalid rule file: tiers[2].categories[1]: property is already in tier A")
        #expect(Self.message(try Self.edited { $0["insider"] = ["factor": 2] })
                == "my-rules.json: invalid rule file: insider.factor: must be above 0 and at most 1")
        #expect(Self.message(try Self.edited { $0["especially"] = ["factr": 10] })?
            .hasPrefix("my-rules.json: invalid rule file: especially.factr: unknown key") == true)
        #expect(Self.message(try Self.edited { $0.removeValue(forKey: "especially") })
                == "my-rules.json: invalid rule file: especially: missing (required)")
        #expect(Self.message(try Self.edited { $0["excluded_roles"] = ["systems"] })?
            .hasPrefix("my-rules.json: invalid rule file: excluded_roles[0]: unknown role 'systems'") == true)
        #expect(Self.message(try Self.edited { $0["disputed"] = [["category": "real_estate", "tiers": ["A", "D"]]] })
                == "my-rules.json: invalid rule file: disputed[0].tiers[1]: no tier 'D'")
        #expect(Self.message(try Self.edited { $0["disputed"] = [["category": "real_estate", "tiers": ["B", "C"]]] })
                == "my-rules.json: invalid rule file: disputed[0].tiers: must include the tier real_estate is placed in")
        #expect(Self.message(try Self.edited { $0["business_buyer"] = ["tiers": ["Z"], "profit": 50000] })
                == "my-rules.json: invalid rule file: business_buyer.tiers[0]: no tier 'Z'")
        do {
            _ = try RuleSet.load(path: "/nonexistent/rules.json")
            Issue.record("no error")
        } catch {
            #expect(error.description == "/nonexistent/rules.json: invalid rule file: cannot be read (no such file, or no permission)")
        }
    }

    /// Another jurisdiction is a new file: a tier threshold of 20 and no insider rule change the outcome.
    @Test func anotherRuleFileChangesTheOutcome() throws {
        var b = CaseBuilder(insiders: ["ins"])
        b.add("T1", "2025-03-01 10:00", "s", "p", 30)
        b.add("T2", "2025-03-02 10:00", "ins", "q", 25)
        let strict = try RuleSet.parse(try Self.edited {
            var tiers = $0["tiers"] as! [[String: Any]]
            tiers[0]["serious"] = 20
            $0["tiers"] = tiers
            $0["insider"] = ["factor": 1]
            $0["id"] = "strict"
        }, name: "strict.json")
        let byDefault = SeverityReport.screen(b.data, rules: .cn2017)
        let other = SeverityReport.screen(b.data, rules: strict)
        #expect(byDefault[party: "p"]?.level == Level.none)       // 30 < 50
        #expect(other[party: "p"]?.level == .serious)             // 30 >= 20
        #expect(byDefault[party: "ins"]?.level == .serious)       // 25 >= 50 × 0.5
        #expect(other[party: "ins"]?.level == .serious)           // 25 >= 20 × 1
        #expect(other[party: "ins"]?.basis.contains { $0.hasPrefix("insider") } == true)
    }
}
