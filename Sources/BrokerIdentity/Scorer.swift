/// Compares two groups comparison by comparison, each at its best level (see `MatchModel`).
struct Scorer {
    let model: MatchModel
    let window: Int64

    /// The score and, with `describe`, the reasons (levels with a non-zero weight) in `Comparison`
    /// order; nil when the two groups hold different resident ID numbers (they cannot be one
    /// person). Without `describe` nothing is allocated: for scoring every candidate pair.
    /// O(product of slot sizes).
    func compare(_ x: Features, _ y: Features, describe: Bool = false) -> (score: Double, reasons: [Reason])? {
        if !x.residentIDs.isEmpty && !y.residentIDs.isEmpty && !x.residentIDs.contains(where: y.residentIDs.contains) { return nil }
        var reasons: [Reason] = [], score = 0.0
        func add(_ c: Comparison, _ level: Comparison.Level, _ left: @autoclosure () -> String, _ right: @autoclosure () -> String) {
            let w = model.weight(c, level)
            score += w
            if describe && w != 0 { reasons.append(Reason(comparison: c, level: level, weight: w, left: left(), right: right())) }
        }
        let name = nameLevel(x, y)
        if let (level, l, r) = name { add(.name, level, Features.string(l), Features.string(r)) }
        // Nicknames are mostly made from the surname: beside related full names they add nothing.
        if name == nil || name?.0 == .maskedFits, let (level, l, r) = nicknameLevel(x, y) { add(.nickname, level, l, r) }
        if let (l, r) = fit(x.maskedMobiles, x.mobiles, y.maskedMobiles, y.mobiles, kind: .mobile) {
            add(.phone, .maskedFits, l, r)
        } else if !x.mobiles.isEmpty && !y.mobiles.isEmpty && !x.mobiles.contains(where: y.mobiles.contains) {
            add(.phone, .different, x.mobiles[0], y.mobiles[0])
        }
        if let (l, r) = fit(x.maskedCards, x.cards, y.maskedCards, y.cards, kind: .bankCard) { add(.card, .maskedFits, l, r) }
        if let (l, r) = fit(x.maskedIDs, x.residentIDs, y.maskedIDs, y.residentIDs, kind: .residentID) {
            add(.residentID, .maskedFits, l, r)
        }
        if let (l, r) = accountFit(x, y) ?? accountFit(y, x).map({ ($1, $0) }) { add(.account, .maskedFits, l, r) }
        if let shared = x.landlines.first(where: { y.landlines.contains($0) }) { add(.landline, .exact, shared, shared) }
        if !x.contacts.isEmpty && !y.contacts.isEmpty {
            let shared = sharedCounterparties(x.contacts, y.contacts)
            let level: Comparison.Level = shared >= 3 ? .threeOrMore : shared == 2 ? .two : shared == 1 ? .one : .none
            add(.counterparties, level, "\(shared)", "\(shared)")
        }
        return (score, reasons)
    }

    /// Best name level: exact, same pinyin, one character different, masked name fits; `different`
    /// when both hold full names and none relate.
    func nameLevel(_ x: Features, _ y: Features) -> (Comparison.Level, Features.Scalars, Features.Scalars)? {
        var best: (rank: Int, level: Comparison.Level, l: Features.Scalars, r: Features.Scalars)? = nil
        func offer(_ rank: Int, _ level: Comparison.Level, _ l: Features.Scalars, _ r: Features.Scalars) {
            if best == nil || rank < best!.rank { best = (rank, level, l, r) }
        }
        for (i, a) in x.names.enumerated() {
            for (j, b) in y.names.enumerated() {
                if a == b { offer(0, .exact, a, b) }
                else if x.pinyin[i] == y.pinyin[j] { offer(1, .samePinyin, a, b) }
                else if a.count >= 3 && a.count == b.count && Names.editDistance(a, b, limit: 1) <= 1 {
                    offer(2, .similar, a, b)
                }
            }
        }
        if best == nil {
            for masked in x.maskedNames { for full in y.names where Scorer.fits(masked, full) { offer(3, .maskedFits, masked, full) } }
            for masked in y.maskedNames { for full in x.names where Scorer.fits(masked, full) { offer(3, .maskedFits, full, masked) } }
        }
        if let best { return (best.level, best.l, best.r) }
        if !x.names.isEmpty && !y.names.isEmpty { return (.different, x.names[0], y.names[0]) }
        return nil
    }

    /// A masked name (`*` = 42 hides one character) fits a full one of the same length.
    /// A mask that shows one character only (`*伟`) says too little and never fits.
    static func fits(_ masked: Features.Scalars, _ full: Features.Scalars) -> Bool {
        masked.count == full.count && masked.count - masked.filter({ $0 == 42 }).count >= 2
            && zip(masked, full).allSatisfy { $0 == 42 || $0 == $1 }
    }

    /// Same nickname, or a nickname made from the other side's surname (老牛 / 牛建国).
    func nicknameLevel(_ x: Features, _ y: Features) -> (Comparison.Level, String, String)? {
        if let same = x.nicknames.first(where: { y.nicknames.contains($0) }) {
            let text = Features.string(same)
            return (.exact, text, text)
        }
        for (nicknames, names, flipped) in [(x.nicknames, y.names, false), (y.nicknames, x.names, true)] {
            for nicknameScalars in nicknames {
                let nickname = Features.string(nicknameScalars)
                for nameScalars in names {
                    let name = Features.string(nameScalars)
                    guard let surname = Names.surname(name), Names.nickname(nickname, isMadeFrom: surname) else { continue }
                    return flipped ? (.madeFromSurname, name, nickname) : (.madeFromSurname, nickname, name)
                }
            }
        }
        return nil
    }

    /// A masked value of one side that fits a full value of the other, or two equal masked values.
    func fit(_ xm: [String], _ xf: [String], _ ym: [String], _ yf: [String], kind: IdentifierKind) -> (String, String)? {
        for m in xm { for f in yf where fits(m, f, kind) { return (m, f) } }
        for m in ym { for f in xf where fits(m, f, kind) { return (f, m) } }
        for m in xm where ym.contains(m) { return (m, m) }
        return nil
    }

    func accountFit(_ x: Features, _ y: Features) -> (String, String)? {
        for m in x.maskedAccounts {
            for f in y.accounts where m.fits(f) { return (m.description, f.description) }
            for other in y.maskedAccounts where other == m { return (m.description, m.description) }
        }
        return nil
    }

    func fits(_ masked: String, _ full: String, _ kind: IdentifierKind) -> Bool {
        Identifier(canonical: masked, kind: kind, isPartial: true).fits(Identifier(canonical: full, kind: kind))
    }

    /// Distinct counterparties both groups dealt with within `window` seconds of each other.
    /// Both lists sorted by (counterparty, time). O(|x| + |y|) plus the overlap of equal counterparties.
    func sharedCounterparties(_ x: [Contact], _ y: [Contact]) -> Int {
        var i = 0, j = 0, count = 0
        while i < x.count && j < y.count {
            let c = x[i].counterparty
            if c < y[j].counterparty { i += 1; continue }
            if c > y[j].counterparty { j += 1; continue }
            let iEnd = x[i...].firstIndex { $0.counterparty != c } ?? x.count
            let jEnd = y[j...].firstIndex { $0.counterparty != c } ?? y.count
            var a = i, b = j, close = false
            while a < iEnd && b < jEnd && !close {
                let (d, overflow) = x[a].time.subtractingReportingOverflow(y[b].time)
                if !overflow && d.magnitude <= UInt64(max(0, window)) { close = true }
                else if x[a].time < y[b].time { a += 1 } else { b += 1 }
            }
            if close { count += 1 }
            i = iEnd; j = jEnd
        }
        return count
    }
}
