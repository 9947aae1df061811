/// The kinds of personal information the judicial interpretation (Fa Shi [2017] No. 10) tells apart.
public enum Category: String, CaseIterable, Sendable, Codable, Comparable {
    case whereabouts
    case communicationContent = "communication_content"
    case credit
    case property
    /// Owners' and housing records (房产信息, 房源信息). Kept apart from `property` (财产信息)
    /// because their tier is disputed; the rule file decides where they are counted.
    case realEstate = "real_estate"
    case accommodation
    case communicationRecord = "communication_record"
    case health
    case transaction
    case other

    /// The Chinese term used in the interpretation, also accepted in input files.
    public var chineseTerm: String {
        switch self {
        case .whereabouts: "行踪轨迹"
        case .communicationContent: "通信内容"
        case .credit: "征信"
        case .property: "财产信息"
        case .realEstate: "房产信息"
        case .accommodation: "住宿"
        case .communicationRecord: "通信记录"
        case .health: "健康生理"
        case .transaction: "交易"
        case .other: "其他"
        }
    }

    /// Parses an English name (any case, `-` or space for `_`) or a Chinese term.
    /// - Complexity: O(length of text); one hash lookup when the text is written exactly.
    public init?(parsing text: String) {
        if let c = Category.byName[text] { self = c; return }
        let key = String(text.trimmingWhitespace().lowercased().map { $0 == "-" || $0 == " " ? "_" : $0 })
        guard let c = Category.byName[key] else { return nil }
        self = c
    }

    /// English names, Chinese terms and their short forms.
    private static let byName: [String: Category] = {
        var names: [String: Category] = ["财产": .property, "行踪": .whereabouts, "健康": .health,
                                          "生理": .health, "其它": .other, "房产": .realEstate,
                                          "房源信息": .realEstate, "房源": .realEstate]
        for c in allCases { names[c.rawValue] = c; names[c.chineseTerm] = c }
        return names
    }()

    public static func < (a: Category, b: Category) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// How records changed hands.
public enum TransferMode: String, CaseIterable, Sendable, Codable {
    /// Sold: `to` paid `from`.
    case sale
    /// Swapped: part of an exchange between two parties.
    case exchange
    /// Given for free (the default).
    case provide
    /// Harvested by an insider from a system or a customer pool (`from` is that origin).
    case collect
}

extension String {
    /// Whether a scalar is Unicode white space (the `White_Space` property's list).
    @inline(__always) package static func isSpace(_ v: UInt32) -> Bool {
        (0x09...0x0D).contains(v) || v == 0x20 || v == 0x85 || v == 0xA0 || v == 0x1680 || (0x2000...0x200A).contains(v)
            || v == 0x2028 || v == 0x2029 || v == 0x202F || v == 0x205F || v == 0x3000
    }

    /// The text without leading and trailing spaces, tabs and line breaks.
    public func trimmingWhitespace() -> String {
        // Fast path: most fields have no surrounding space.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return self
        }
        // Also fast when neither end is white space (`¥500`, `300条`): no grapheme breaking needed.
        // (A last scalar in the CJK blocks or after them cannot be, or extend, white space.)
        if let first = unicodeScalars.first, let last = unicodeScalars.last, !String.isSpace(first.value),
           (last.value > 0x20 && last.value < 0x7F) || (last.value >= 0x3001 && last.value < 0xFE00) || (last.value >= 0xFE10 && last.value < 0xE0000) {
            return self
        }
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        // (The slow path: grapheme clusters.)
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
