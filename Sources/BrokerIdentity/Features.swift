/// What a resolved group holds, sorted into the slots the comparisons read, and its blocking keys.
struct Features {
    var names: [String] = []          // full names
    var pinyin: [String] = []         // pinyin keys of the full names, same order
    var maskedNames: [String] = []
    var nicknames: [String] = []
    var mobiles: [String] = []
    var maskedMobiles: [String] = []
    var cards: [String] = []
    var maskedCards: [String] = []
    var residentIDs: [String] = []
    var maskedIDs: [String] = []
    var accounts: [Identifier] = []        // full WeChat, QQ, Alipay, email
    var maskedAccounts: [Identifier] = []
    var landlines: [String] = []
    /// Dealings, counterparty replaced by its group representative; sorted.
    var contacts: [Contact] = []

    /// Files one identifier into its slot. O(name length) for names (pinyin look-up).
    mutating func add(_ identifier: Identifier, pinyinTable: inout PinyinTable) {
        let v = identifier.value
        switch (identifier.kind, identifier.isPartial) {
        case (.name, false): names.append(v); pinyin.append(pinyinTable.key(v))
        case (.name, true): maskedNames.append(v)
        case (.nickname, _): nicknames.append(v)
        case (.mobile, false): mobiles.append(v)
        case (.mobile, true): maskedMobiles.append(v)
        case (.bankCard, false): cards.append(v)
        case (.bankCard, true): maskedCards.append(v)
        case (.residentID, false): residentIDs.append(v)
        case (.residentID, true): maskedIDs.append(v)
        case (.landline, _): landlines.append(v)
        case (.wechat, false), (.qq, false), (.alipay, false), (.email, false): accounts.append(identifier)
        case (.wechat, true), (.qq, true), (.alipay, true), (.email, true): maskedAccounts.append(identifier)
        }
    }

    /// The surnames of the full names (Han names only).
    var surnames: [String] { names.compactMap(Names.surname) }

    /// Blocking keys, each as (family, key). Families are reported for skipped blocks.
    func blockingKeys(into emit: (BlockFamily, String) -> Void) {
        for key in pinyin { emit(.name, key) }
        for name in names where Names.isHanFullName(name) && name.count >= 3 {
            let chars = Array(name)
            for i in chars.indices { var v = chars; v[i] = "?"; emit(.nameVariant, String(v)) }
        }
        for masked in maskedNames where masked.count >= 3 && masked.filter({ $0 == "*" }).count == 1 {
            emit(.nameVariant, String(masked.map { $0 == "*" ? "?" : $0 }))
        }
        for nickname in nicknames { emit(.nickname, nickname) }
        for phone in mobiles + maskedMobiles { if let k = Features.ends(phone, 3, 4) { emit(.phone, k) } }
        for card in cards {
            emit(.card, String(card.prefix(6)) + "|" + card.suffix(4))
            emit(.card, String(card.prefix(4)) + "|" + card.suffix(4))
        }
        for masked in maskedCards {
            let parts = masked.split(separator: "*", omittingEmptySubsequences: false)
            guard let head = parts.first, let tail = parts.last, tail.count >= 4 else { continue }
            if head.count >= 6 { emit(.card, String(head.prefix(6)) + "|" + tail.suffix(4)) }
            else if head.count >= 4 { emit(.card, String(head.prefix(4)) + "|" + tail.suffix(4)) }
        }
        for id in residentIDs + maskedIDs { if let k = Features.ends(id, 6, 4) { emit(.residentID, k) } }
        for landline in landlines { emit(.landline, landline) }
        for account in accounts + maskedAccounts {
            let parts = account.value.split(separator: "*", omittingEmptySubsequences: false)
            guard let head = parts.first, let tail = parts.last, head.count >= 2, tail.count >= 2 else { continue }
            emit(.account, account.matchKey.kind.rawValue + "|" + head.prefix(2) + "|" + tail.suffix(2))
        }
        var surnameSet = Set(surnames)
        for nickname in nicknames { surnameSet.formUnion(Names.surnameCandidates(inNickname: nickname)) }
        var counterparties: [Int64] = []
        for c in contacts where counterparties.last != c.counterparty { counterparties.append(c.counterparty) }
        for surname in surnameSet.sorted() { for c in counterparties.prefix(20) { emit(.surnameCounterparty, "\(surname)|\(c)") } }
        var lastDay: (Int64, Int64)? = nil
        for c in contacts {
            let day = (c.counterparty, c.time >= 0 ? c.time / 86_400 : (c.time - 86_399) / 86_400)
            if lastDay.map({ $0 == day }) == true { continue }
            lastDay = day
            emit(.counterpartyDay, "\(day.0)|\(day.1)")
        }
    }

    /// The first `head` and last `tail` characters when all are visible digits, joined by `|`.
    static func ends(_ value: String, _ head: Int, _ tail: Int) -> String? {
        let h = value.prefix(head), t = value.suffix(tail)
        guard h.count == head, t.count == tail, !h.contains("*"), !t.contains("*") else { return nil }
        return h + "|" + t
    }
}

/// Families of blocking keys: the name of each, used when a block is skipped.
enum BlockFamily: UInt8, CaseIterable {
    case name, nameVariant, nickname, phone, card, residentID, landline, account, surnameCounterparty, counterpartyDay

    var label: String {
        switch self {
        case .name: return "name_pinyin"
        case .nameVariant: return "name_one_character_hidden"
        case .nickname: return "nickname"
        case .phone: return "phone_prefix3_suffix4"
        case .card: return "card_prefix_suffix4"
        case .residentID: return "resident_id_prefix6_suffix4"
        case .landline: return "landline"
        case .account: return "account_ends"
        case .surnameCounterparty: return "surname_counterparty"
        case .counterpartyDay: return "counterparty_day"
        }
    }

    /// A deterministic 64-bit key: FNV-1a over the family and the key's UTF-8, family in the top 4 bits.
    func hash(_ key: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        h = (h ^ UInt64(rawValue)) &* 0x100_0000_01b3
        for byte in key.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return (h >> 4) | (UInt64(rawValue) << 60)
    }
}
