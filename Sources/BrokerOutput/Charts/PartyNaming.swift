import BrokerCase
/// How parties are named in pictures, reports and exports: as in the case file, or redacted for
/// pictures that leave the unit (`--redact`).
///
/// The redaction rule:
/// - Origins (systems and customer pools a `collect` row harvests from) and parties whose occupation is
///   `system` keep their name and id: they are not people.
/// - Every other party is named by its surname for a Chinese name (the first character, or a two-character
///   compound surname such as 欧阳, followed by 某: 牛建国 -> 牛某), by initials for a Latin name
///   (`John Smith` -> `J. S.`, `wx_daikuan88` -> `W. D.`), and not at all for a name without letters
///   (a phone number). Its id is replaced by `P` and its position in the case (`P17`), because ids are
///   often the name it first appeared under (a phone number, a WeChat account).
/// - Aliases are never shown. Occupation and organization (a firm, not a person) are kept.
package struct PartyNaming: Sendable {
    package let redact: Bool
    private let names: [String]
    private let keys: [String]
    private let details: [String]

    /// - Complexity: O(parties).
    package init(_ data: CaseData, roles: [PartyRole], redact: Bool = false) {
        self.redact = redact
        var names: [String] = [], keys: [String] = [], details: [String] = []
        names.reserveCapacity(data.parties.count)
        for (v, party) in data.parties.enumerated() {
            let role = v < roles.count ? roles[v].role : .isolated
            let keep = !redact || role == .origin || party.occupation?.lowercased() == "system"
            names.append(keep ? party.name : PartyNaming.redactedName(party.name))
            keys.append(keep ? party.key : "P\(v + 1)")
            var detail = role.rawValue
            if let occupation = party.occupation, !occupation.isEmpty { detail += ", \(occupation)" }
            if let organization = party.organization, !organization.isEmpty { detail += ", \(organization)" }
            details.append(detail)
        }
        self.names = names; self.keys = keys; self.details = details
    }

    /// The name shown (redacted when asked; empty when redaction leaves nothing).
    package func name(_ v: Int) -> String { names[v] }
    /// The id shown: the party's key, or `P<n>` when redacted.
    package func key(_ v: Int) -> String { keys[v] }
    /// A node label: the name, and the id on a second line when it differs.
    package func label(_ v: Int) -> String {
        let name = names[v], key = keys[v]
        return name.isEmpty || name == key ? key : "\(name)\n\(key)"
    }
    /// One line about the party: name (id), role, occupation, organization.
    package func tooltip(_ v: Int) -> String {
        let name = names[v].isEmpty ? keys[v] : names[v] == keys[v] ? names[v] : "\(names[v]) (\(keys[v]))"
        return "\(name), \(details[v])"
    }

    /// Compound surnames (two characters) that stay whole: 欧阳 -> 欧阳某.
    static let compoundSurnames: Set<String> = [
        "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "尉迟", "公孙", "夏侯", "轩辕", "端木",
        "长孙", "宇文", "司徒", "申屠", "独孤", "南宫", "西门", "澹台", "呼延", "万俟", "闻人", "赫连",
    ]

    /// A person's name reduced to what a picture that leaves the unit may show (see the type's rule).
    package static func redactedName(_ name: String) -> String {
        let name = name.trimmingWhitespace()
        guard let first = name.unicodeScalars.first else { return "" }
        if isHan(first) {
            let two = String(name.prefix(2))
            if name.count > 2, compoundSurnames.contains(two) { return two + "某" }
            return String(name.prefix(1)) + "某"
        }
        var initials: [String] = []
        var atWordStart = true
        for c in name {
            if c.isLetter {
                if atWordStart { initials.append(c.uppercased() + ".") }
                atWordStart = false
            } else {
                atWordStart = !c.isNumber
            }
        }
        return initials.joined(separator: " ")
    }

    static func isHan(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x3134F).contains(v)
            || (0xF900...0xFAFF).contains(v)
    }
}
