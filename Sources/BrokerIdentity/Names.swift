import Foundation

/// Chinese names: pinyin keys, surnames, and which display names are names or nicknames.
///
/// Pinyin comes from ICU's `Han-Latin` transform through Foundation (`applyingTransform`), which
/// swift-corelibs-foundation supports on Linux; tones and diacritics are removed with `Latin-ASCII`.
/// Each distinct character is transformed once and cached in the `PinyinTable` of one resolution run,
/// so the cost is one ICU call per distinct character, then a dictionary look-up. Characters are read
/// one at a time with their most common reading: a polyphonic surname (单 shàn, 曾 zēng) gets its
/// everyday reading, which is the same for both names being compared, so keys still agree.
public struct PinyinTable: Sendable {
    private var cache: [Character: String] = [:]

    public init() {}

    /// Whether `character` is a CJK unified ideograph (basic block or extension A).
    static func isHan(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else { return false }
        return isHan(scalar.value)
    }

    static func isHan(_ scalar: UInt32) -> Bool { (0x4E00...0x9FFF).contains(scalar) || (0x3400...0x4DBF).contains(scalar) }

    /// The toneless pinyin of one Han character (`峰` → `feng`), or the character itself lower-cased.
    /// O(1) amortised.
    public mutating func syllable(_ character: Character) -> String {
        guard PinyinTable.isHan(character) else { return String(character).lowercased() }
        if let known = cache[character] { return known }
        let latin = String(character).applyingTransform(StringTransform("Han-Latin; Latin-ASCII"), reverse: false)
        let syllable = latin.map { $0.lowercased().filter { $0.isLetter } } ?? String(character)
        cache[character] = syllable.isEmpty ? String(character) : syllable
        return cache[character]!
    }

    /// The pinyin key of a name: syllables joined by spaces (`李晓峰` and `李小峰` → `li xiao feng`).
    /// Non-Han characters are kept lower-cased. O(n) in the name's length.
    public mutating func key(_ name: String) -> String {
        var parts: [String] = []
        var latin = ""
        for character in name {
            if PinyinTable.isHan(character) {
                if !latin.isEmpty { parts.append(latin); latin = "" }
                parts.append(syllable(character))
            } else if character != "·" {
                latin.append(contentsOf: character.lowercased())
            }
        }
        if !latin.isEmpty { parts.append(latin) }
        return parts.joined(separator: " ")
    }
}

enum Names {
    /// Two-character surnames, checked before the one-character rule.
    static let compoundSurnames: Set<String> = [
        "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
        "司徒", "夏侯", "端木", "轩辕", "呼延", "独孤", "南宫", "西门",
    ]

    /// Prefixes and suffixes that make a nickname from a surname or a given name: 老牛, 小李, 阿峰, 王哥.
    static let nicknameAffixes: Set<Character> = ["老", "小", "阿", "哥", "姐", "总", "叔", "爷", "胖", "大"]

    /// The surname of a Han full name: a compound surname when the name starts with one, otherwise the
    /// first character. Nil for a name that is not 2-4 Han characters. O(1).
    static func surname(_ name: String) -> String? {
        guard isHanFullName(name) else { return nil }
        let two = String(name.prefix(2))
        if name.count >= 3 && compoundSurnames.contains(two) { return two }
        return String(name.prefix(1))
    }

    /// 2-4 Han characters (a `*` may stand for a hidden one).
    static func isHanFullName(_ name: String) -> Bool {
        (2...4).contains(name.count) && name.allSatisfy { PinyinTable.isHan($0) || $0 == "*" }
            && name.contains(where: PinyinTable.isHan)
    }

    /// 老X, 阿X, 小X (two characters), X哥, X姐, X总, X叔, X爷: a nickname, not a full name.
    static func looksLikeNickname(_ name: String) -> Bool {
        guard let first = name.first, let last = name.last else { return false }
        if first == "老" || first == "阿" || (first == "小" && name.count == 2) { return true }
        return "哥姐总叔爷".contains(last)
    }

    /// Whether the nickname is made from `surname`: it contains the surname and the rest is only
    /// nickname affixes (老牛, 牛哥, 小牛; not 牛肉面). O(n).
    static func nickname(_ nickname: String, isMadeFrom surname: String) -> Bool {
        guard nickname.count > surname.count, let range = nickname.range(of: surname) else { return false }
        let rest = nickname[..<range.lowerBound] + nickname[range.upperBound...]
        return !rest.isEmpty && rest.allSatisfy { nicknameAffixes.contains($0) }
    }

    /// The Han characters in a nickname that could be a surname: each one that is not an affix.
    static func surnameCandidates(inNickname nickname: String) -> [String] {
        guard nickname.count <= 4, nickname.contains(where: { nicknameAffixes.contains($0) }) else { return [] }
        return nickname.filter { PinyinTable.isHan($0) && !nicknameAffixes.contains($0) }.map { String($0) }
    }

    /// Edit distance, at most `limit + 1` (stops early). O(n·m) on short strings.
    static func editDistance<T: Equatable>(_ a: [T], _ b: [T], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var rowMin = current[0]
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}

extension Identifier {
    /// What a display name says about a party: an identifier it parses as (`detect`), else a person
    /// name when it is 2-4 Han characters that do not look like a nickname (or a masked name such as
    /// `*建国`), else a nickname (老牛, a Latin handle). Nil for an empty name. O(n).
    public static func fromDisplayName(_ text: String) -> Identifier? {
        if let detected = detect(text) { return detected }
        guard let name = Account.name(text) else { return nil }
        if Names.isHanFullName(name) && !Names.looksLikeNickname(name) {
            return Identifier(canonical: name, kind: .name, isPartial: name.contains("*" as Character))
        }
        return Identifier(canonical: name, kind: .nickname, isPartial: false)
    }
}
