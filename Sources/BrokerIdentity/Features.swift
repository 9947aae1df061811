/// What a resolved group holds, sorted into the slots the comparisons read, and its blocking keys.
/// A class: scoring reads two groups per candidate pair, and a reference costs one retain where a
/// struct of fifteen arrays would cost fifteen.
final class Features {
    /// Names as Unicode scalar values: compared element-wise, much faster than `String` equality
    /// (which compares non-ASCII text by canonical equivalence; the values are NFKC already).
    typealias Scalars = [UInt32]
    var names: [Scalars] = []          // full names
    var pinyin: [Int32] = []           // interned pinyin keys of the full names, same order
    var maskedNames: [Scalars] = []
    var nicknames: [Scalars] = []
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
    func add(_ identifier: Identifier, pinyinTable: inout PinyinTable, pinyinIDs: inout [String: Int32]) {
        let v = identifier.value
        switch (identifier.kind, identifier.isPartial) {
        case (.name, false):
            names.append(v.unicodeScalars.map(\.value))
            let key = pinyinTable.key(v)
            if let id = pinyinIDs[key] { pinyin.append(id) } else {
                let id = Int32(pinyinIDs.count)
                pinyinIDs[key] = id
                pinyin.append(id)
            }
        case (.name, true): maskedNames.append(v.unicodeScalars.map(\.value))
        case (.nickname, _): nicknames.append(v.unicodeScalars.map(\.value))
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
    var surnames: [String] { names.compactMap { Names.surname(Features.string($0)) } }

    static func string(_ scalars: Scalars) -> String {
        String(String.UnicodeScalarView(scalars.compactMap(Unicode.Scalar.init)))
    }

    /// Blocking keys, each as (family, key, masked). A key is needed only for a comparison that can
    /// carry a pair over the threshold beside a name comparison; a name variant (one character
    /// wrong, a masked name) never can, so names block on their pinyin key only. Keys of masked
    /// values are flagged: in those families only pairs with a masked member are compared (two full
    /// phones are either merged or different, never a "fits").
    func blockingKeys(into emit: (BlockKey, Bool) -> Void) {
        for key in pinyin { emit(BlockKey(.name).int(Int64(key)), false) }
        for nickname in nicknames { emit(BlockKey(.nickname).scalars(nickname), false) }
        for phone in mobiles { if let k = Features.ends(.phone, phone, 3, 4) { emit(k, false) } }
        for phone in maskedMobiles { if let k = Features.ends(.phone, phone, 3, 4) { emit(k, true) } }
        for card in cards {
            if let k = Features.ends(.card, card, 6, 4) { emit(k, false) }
            if let k = Features.ends(.card, card, 4, 4) { emit(k, false) }
        }
        for masked in maskedCards {
            let parts = Array(masked.utf8).split(separator: 42, omittingEmptySubsequences: false)
            guard let head = parts.first, let tail = parts.last, tail.count >= 4 else { continue }
            if head.count >= 6 { emit(BlockKey(.card).bytes(head.prefix(6)).separator().bytes(tail.suffix(4)), true) }
            else if head.count >= 4 { emit(BlockKey(.card).bytes(head.prefix(4)).separator().bytes(tail.suffix(4)), true) }
        }
        for id in residentIDs { if let k = Features.ends(.residentID, id, 6, 4) { emit(k, false) } }
        for id in maskedIDs { if let k = Features.ends(.residentID, id, 6, 4) { emit(k, true) } }
        for landline in landlines { emit(BlockKey(.landline).bytes(landline.utf8), false) }
        for account in accounts + maskedAccounts {
            let parts = Array(account.value.utf8).split(separator: 42, omittingEmptySubsequences: false)
            guard let head = parts.first, let tail = parts.last, head.count >= 2, tail.count >= 2 else { continue }
            let key = BlockKey(.account).int(Int64(account.matchKey.kind.rank)).bytes(head.prefix(2)).separator().bytes(tail.suffix(2))
            emit(key, account.isPartial)
        }
        if contacts.isEmpty { return }
        var surnameSet = Set(surnames)
        for nickname in nicknames { surnameSet.formUnion(Names.surnameCandidates(inNickname: Features.string(nickname))) }
        var counterparties: [Int64] = []
        for c in contacts where counterparties.last != c.counterparty { counterparties.append(c.counterparty) }
        for surname in surnameSet.sorted() {
            let base = BlockKey(.surnameCounterparty).bytes(surname.utf8).separator()
            for c in counterparties.prefix(20) { emit(base.int(c), false) }
        }
        var lastDay: (Int64, Int64)? = nil
        for c in contacts {
            let day = (c.counterparty, c.time >= 0 ? c.time / 86_400 : (c.time + 1) / 86_400 - 1)   // floor, no overflow
            if lastDay.map({ $0 == day }) == true { continue }
            lastDay = day
            emit(BlockKey(.counterpartyDay).int(day.0).int(day.1), false)
        }
    }

    /// The key of the first `head` and last `tail` bytes when none is a `*`.
    static func ends(_ family: BlockFamily, _ value: String, _ head: Int, _ tail: Int) -> BlockKey? {
        let u = value.utf8
        guard u.count >= head + tail else { return nil }
        let h = u.prefix(head), t = u.suffix(tail)
        guard !h.contains(42), !t.contains(42) else { return nil }
        return BlockKey(family).bytes(h).separator().bytes(t)
    }
}

/// A blocking key, hashed as it is built (FNV-1a, 64 bits, the same in every run), with the family
/// in the top 4 bits so that a skipped block can say which family it was.
struct BlockKey {
    let family: BlockFamily
    private var h: UInt64 = 0xcbf2_9ce4_8422_2325

    init(_ family: BlockFamily) {
        self.family = family
        h = (h ^ UInt64(family.rawValue)) &* 0x100_0000_01b3
    }

    func bytes<S: Sequence>(_ bytes: S) -> BlockKey where S.Element == UInt8 {
        var k = self
        for b in bytes { k.h = (k.h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return k
    }

    func separator() -> BlockKey { bytes(CollectionOfOne(UInt8(0x7C))) }

    func int(_ v: Int64) -> BlockKey {
        var k = self
        var x = UInt64(bitPattern: v)
        for _ in 0..<8 { k.h = (k.h ^ (x & 0xff)) &* 0x100_0000_01b3; x >>= 8 }
        return k
    }

    func scalars(_ s: [UInt32]) -> BlockKey {
        var k = self
        for v in s { k = k.int(Int64(v)) }
        return k
    }

    var value: UInt64 { (h >> 4) | (UInt64(family.rawValue) << 60) }
}

/// Families of blocking keys: the name of each, used when a block is skipped.
enum BlockFamily: UInt8, CaseIterable {
    case name, nickname, phone, card, residentID, landline, account, surnameCounterparty, counterpartyDay

    /// Families where only pairs with a masked member are worth comparing.
    var pairsNeedMasked: Bool { self == .phone || self == .card || self == .residentID || self == .account }

    var label: String {
        switch self {
        case .name: return "name_pinyin"
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
}
