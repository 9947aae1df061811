import Testing
@testable import BrokerIdentity

func validID(_ body: String) -> String { body + String(referenceIDCheck(body)) }

func party(_ id: Int64, _ name: String, _ column: String = "", rows: [Int64] = []) -> IdentityParty {
    let ids = Identifier.parseColumn(column).identifiers.map { Sighting($0, rows: rows.isEmpty ? [id * 10] : rows) }
    return IdentityParty(id: id, displayName: name, identifiers: ids)
}

@Test func sharedStrongIdentifierMerges() {
    let input = IdentityInput(parties: [
        party(1, "牛建国", "phone:13805351234"),
        party(2, "+86 138 0535 1234"),                 // a payee known by the phone only
        party(3, "niu", "wechat:Niu_House;phone:138-0535-1234"),
        party(4, "老牛", "wechat:niu_house"),
        party(5, "王芳", "phone:13905350000"),
    ])
    let result = IdentityResolver.resolve(input)
    #expect(result.groups == [[1, 2, 3, 4]])
    #expect(result.merges.count == 3)
    #expect(result.merges[0] == Merge(a: 1, b: 2, rule: .sharedStrongIdentifier,
                                      identifier: Identifier(canonical: "13805351234", kind: .mobile), reason: nil, evidence: [10]))
    #expect(result.merges.last?.identifier?.kind == .wechat)
    #expect(result.merges.last?.evidence == [30, 40])
    #expect(result.conflicts.isEmpty)
}

@Test func conflictingResidentIDsBlockTheMerge() {
    let id1 = validID("37060219850612003"), id2 = validID("37060219900101004")
    let input = IdentityInput(parties: [
        party(1, "李明", "id:\(id1);phone:13805351234"),
        party(2, "李明", "id:\(id2);wechat:liming_88"),
        party(3, "x", "phone:13805351234;wechat:liming_88"),   // would bridge two ID numbers
    ])
    let result = IdentityResolver.resolve(input)
    #expect(result.groups == [[1, 3]])
    #expect(result.conflicts.count == 1)
    let conflict = result.conflicts[0]
    #expect(conflict.a == 2 && conflict.b == 3 && conflict.identifier?.kind == .wechat)
    #expect(conflict.conflicting.map(\.value) == [id1, id2].sorted())
    // Order of the input does not matter.
    let shuffled = IdentityResolver.resolve(IdentityInput(parties: input.parties.reversed()))
    #expect(shuffled.groups == result.groups && shuffled.conflicts == result.conflicts && shuffled.merges == result.merges)
}

@Test func maskedIdentifiersNeverDecide() {
    let input = IdentityInput(parties: [
        party(1, "张伟", "phone:13805351234"),
        party(2, "张伟", "phone:138****1234"),
        party(3, "王强", "phone:138****1234;card:6200 **** **** 0005"),
        party(4, "赵磊", "card:6200 **** **** 0005"),
    ])
    let result = IdentityResolver.resolve(input)
    #expect(result.groups.isEmpty)
    #expect(result.merges.isEmpty)
    // Same name and a fitting masked phone: suggested, with both reasons.
    let top = result.suggestions.first
    #expect(top?.a == 1 && top?.b == 2)
    #expect(top?.reasons.map(\.comparison) == [.name, .phone])
    #expect(top?.reasons.map(\.level) == [.exact, .maskedFits])
    // A masked phone alone (different names) is not enough.
    #expect(!result.suggestions.contains { $0.a == 1 && $0.b == 3 })
}

@Test func samePinyinNameWithMaskedPhoneIsSuggested() {
    let input = IdentityInput(parties: [
        party(1, "李晓峰", "phone:13805351234"),
        party(2, "李小峰", "phone:138****1234"),
        party(3, "李晓峰", "phone:13905359999"),   // same name, other phone: not enough alone
    ])
    let result = IdentityResolver.resolve(input)
    #expect(result.suggestions.count == 1)
    let s = result.suggestions[0]
    #expect(s.a == 1 && s.b == 2)
    #expect(s.reasons[0].level == .samePinyin)
    #expect(s.score >= MatchModel.defaultThreshold)
    let weights = MatchModel.standard
    #expect(abs(s.score - weights.weight(.name, .samePinyin) - weights.weight(.phone, .maskedFits)) < 1e-9)
}

@Test func nicknameAndSharedCounterparties() {
    let day: Int64 = 86_400
    let activity: [Int64: [Contact]] = [
        1: [Contact(counterparty: 10, time: 5 * day), Contact(counterparty: 11, time: 9 * day), Contact(counterparty: 12, time: 20 * day)],
        2: [Contact(counterparty: 10, time: 5 * day + 3600), Contact(counterparty: 11, time: 9 * day), Contact(counterparty: 12, time: 20 * day + 100)],
        3: [Contact(counterparty: 10, time: 50 * day), Contact(counterparty: 11, time: 90 * day)],
    ]
    let parties = [party(1, "牛建国"), party(2, "老牛"), party(3, "牛哥"), party(10, "a"), party(11, "b"), party(12, "c")]
    let result = IdentityResolver.resolve(IdentityInput(parties: parties, activity: activity))
    #expect(result.suggestions.map { [$0.a, $0.b] } == [[1, 2]])
    #expect(result.suggestions[0].reasons.map(\.level) == [.madeFromSurname, .threeOrMore])
}

@Test func splitRestoresTheResultsBeforeTheMerge() {
    let input = IdentityInput(parties: [
        party(1, "李晓峰", "phone:13805351234"), party(2, "李小峰", "phone:138****1234"),
        party(3, "王芳", "qq:123456"), party(4, "芳芳", "qq:123456"),
    ])
    let before = IdentityResolver.resolve(input)
    let suggestion = before.suggestions[0]
    let accepted = IdentityResolver.resolve(input, decisions: [.accept(suggestion)])
    #expect(accepted.groups == [[1, 2], [3, 4]])
    #expect(accepted.suggestions.isEmpty)
    #expect(accepted.merges.last?.rule == .acceptedSuggestion)
    let split = IdentityResolver.resolve(input, decisions: [.accept(suggestion), .split(2)])
    #expect(split.groups == before.groups && split.suggestions == before.suggestions && split.merges == before.merges)
    let manual = IdentityResolver.resolve(input, decisions: [.merge(1, 3, reason: "same flat", evidence: [7]), .split(3)])
    #expect(manual.groups == before.groups && manual.merges == before.merges)
    // A split of a party joined automatically takes it out of its group.
    let detached = IdentityResolver.resolve(input, decisions: [.split(4)])
    #expect(detached.groups.isEmpty)
    // A rejected suggestion is not offered again.
    let rejected = IdentityResolver.resolve(input, decisions: [.reject(suggestion)])
    #expect(rejected.suggestions.isEmpty && rejected.groups == before.groups)
}

@Test func manualMergeRespectsConflicts() {
    let input = IdentityInput(parties: [
        party(1, "a", "id:\(validID("37060219850612003"))"), party(2, "b", "id:\(validID("37060219900101004"))"),
    ])
    let result = IdentityResolver.resolve(input, decisions: [.merge(1, 2, reason: "", evidence: []), .merge(1, 99, reason: "", evidence: [])])
    #expect(result.groups.isEmpty)
    #expect(result.conflicts.first?.rule == .decision)
}

@Test func blocksLargerThanTheCapAreSkippedAndReported() {
    var parties: [IdentityParty] = []
    for i in 0..<30 { parties.append(party(Int64(i + 1), "张伟", "phone:1380535\(1000 + i)")) }
    var options = ResolutionOptions()
    options.maxBlockSize = 10
    let result = IdentityResolver.resolve(IdentityInput(parties: parties), options: options)
    #expect(result.skippedBlocks.contains { $0.family == "name_pinyin" && $0.size == 30 })
    #expect(result.suggestions.isEmpty)
}

@Test func deterministicUnderShuffles() {
    var parties: [IdentityParty] = []
    let names = ["李晓峰", "李小峰", "王芳", "王方", "*晓峰", "老李"]
    for i in 0..<60 {
        let phone = i % 3 == 0 ? "138****\(1000 + i % 7)" : "1380535\(1000 + i % 7)"
        parties.append(party(Int64(i), names[i % names.count], "phone:\(phone)"))
    }
    let reference = IdentityResolver.resolve(IdentityInput(parties: parties))
    var seed: UInt64 = 3
    for _ in 0..<5 {
        for i in stride(from: parties.count - 1, to: 0, by: -1) {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            parties.swapAt(i, Int(seed >> 33) % (i + 1))
        }
        let again = IdentityResolver.resolve(IdentityInput(parties: parties))
        #expect(again.groups == reference.groups && again.merges == reference.merges && again.suggestions == reference.suggestions)
    }
}

@Test func aMaskShowingOneCharacterSaysNothing() {
    let input = IdentityInput(parties: [party(1, "王伟", "phone:13805351234"), party(2, "*伟", "phone:138****1234")])
    let result = IdentityResolver.resolve(input)
    // The masked phone still counts, the masked name does not: below the threshold.
    #expect(result.suggestions.isEmpty)
    let both = IdentityResolver.resolve(IdentityInput(parties: [party(1, "牛建国", "phone:13805351234"), party(2, "*建国", "phone:138****1234")]))
    #expect(both.suggestions.first?.reasons.map(\.level) == [.maskedFits, .maskedFits])
}

@Test func extremeTimesAndIdsDoNotCrash() {
    let activity: [Int64: [Contact]] = [
        Int64.min: [Contact(counterparty: Int64.max, time: Int64.min), Contact(counterparty: 5, time: Int64.max)],
        Int64.max: [Contact(counterparty: Int64.max, time: Int64.max), Contact(counterparty: 5, time: Int64.min)],
    ]
    let parties = [party(Int64.min, "牛建国"), party(Int64.max, "牛建国"), party(0, ""), party(0, "*"), party(7, "138****1234")]
    var options = ResolutionOptions()
    options.contactWindow = -1
    let result = IdentityResolver.resolve(IdentityInput(parties: parties, activity: activity),
                                          decisions: [.split(42), .merge(0, 0, reason: "", evidence: []), .split(0)], options: options)
    #expect(result.groups.isEmpty)
}

@Test func decisionsReplayFromStoredPartyPairs() {
    let input = IdentityInput(parties: [party(1, "李晓峰", "phone:13805351234"), party(2, "李小峰", "phone:138****1234")])
    // The store keeps only the pair; the order of the two ids does not matter.
    #expect(IdentityResolver.resolve(input, decisions: [.reject(Suggestion(a: 2, b: 1))]).suggestions.isEmpty)
    #expect(IdentityResolver.resolve(input, decisions: [.accept(Suggestion(a: 2, b: 1))]).groups == [[1, 2]])
}
