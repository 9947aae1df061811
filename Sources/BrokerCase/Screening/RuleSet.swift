import Foundation

/// A rule set for legal screening: which categories fall in which tier, the quantity and gains
/// thresholds, and how insiders, mixed categories and the "especially serious" level are handled.
///
/// Rule sets are data (a JSON file, see `rules/cn-2017.json`): another jurisdiction or a later
/// interpretation is a new file, not new code. The default, `cn-2017`, is built into the tool.
public struct RuleSet: Sendable, Equatable {
    /// A group of categories that share thresholds.
    public struct Tier: Sendable, Equatable {
        public var id: String
        public var label: String
        public var categories: [Category]
        /// Records at which the offence is serious.
        public var serious: Double
        /// Records at which it is especially serious; `nil`: `serious` times `especiallyFactor`.
        public var especially: Double?
        /// Where the rule is written (article, paragraph, item).
        public var cite: String
        /// When the tier's list is open ("等其他..."), what the output says where the residual
        /// categories were used.
        public var open: String?
    }

    /// A category whose tier is disputed: the screening shows the level under each placement.
    public struct Disputed: Sendable, Equatable {
        public var category: Category
        /// Tier ids it may be placed in.
        public var tiers: [String]
        public var note: String
    }

    /// Art. 6: buying or receiving the residual tiers for otherwise lawful business.
    public struct BusinessBuyer: Sendable, Equatable {
        /// Tiers whose records alone may fall under the article (item 5 information).
        public var tiers: [String]
        /// Profit from using the information, yuan, at which it is serious.
        public var profit: Double
        public var cite: String
        public var note: String
    }

    /// The gains (illegal income, yuan) thresholds.
    public struct Gains: Sendable, Equatable {
        public var serious: Double
        public var especially: Double?
        public var cite: String
    }

    public var id: String
    public var title: String
    /// One line that the text output starts with.
    public var notice: String
    public var tiers: [Tier]
    public var gains: Gains?
    /// Whether shares of the thresholds of several categories add up (each below its threshold).
    public var mixed: Bool
    public var mixedCite: String
    /// Insiders need only this fraction of every quantity and gains threshold.
    public var insiderFactor: Double
    public var insiderCite: String
    /// "Especially serious" at this multiple of the (insider-adjusted) serious thresholds.
    public var especiallyFactor: Double
    /// Whether the multiple also applies to the mixed-category sum.
    public var especiallyMixed: Bool
    public var especiallyCite: String
    /// Roles that are not screened. `origin` leaves out only parties whose every row is an
    /// outgoing `collect` (a system or customer pool, not a person).
    public var excludedRoles: Set<Role>
    /// Occupations (lower-cased) of parties that are not screened, e.g. `system`.
    public var excludedOccupations: Set<String>
    /// Categories whose tier is disputed.
    public var disputed: [Disputed]
    /// Art. 6 (business buyers), when the rules have it.
    public var businessBuyer: BusinessBuyer?
    /// What the screening takes for granted, stated with its output.
    public var assumptions: [String]
    /// Provisions the screening does not model, shown with its output.
    public var notModelled: [String]

    /// The tier a category belongs to, if any.
    public func tier(of category: Category) -> Tier? { tiers.first { $0.categories.contains(category) } }

    /// The same rules with `category` moved to tier `id` (for a disputed placement).
    public func placing(_ category: Category, inTier id: String) -> RuleSet {
        var copy = self
        for i in copy.tiers.indices {
            copy.tiers[i].categories.removeAll { $0 == category }
            if copy.tiers[i].id == id { copy.tiers[i].categories.append(category) }
        }
        return copy
    }

    /// The rule set built into the tool (`rules/cn-2017.json`).
    public static let cn2017: RuleSet = {
        do { return try RuleSet.parse(Array(DefaultRules.cn2017.utf8), name: "built-in cn-2017") } catch {
            fatalError("the built-in rule set is invalid: \(error)")
        }
    }()

    /// Reads a rule file. - Throws: `RuleError` naming the file and what is wrong.
    public static func load(path: String) throws(RuleError) -> RuleSet {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleError(file: path, message: "cannot be read (no such file, or no permission)")
        }
        return try parse([UInt8](data), name: path)
    }

    /// Parses and checks a rule set. - Throws: `RuleError` naming `name` and what is wrong.
    public static func parse(_ bytes: [UInt8], name: String) throws(RuleError) -> RuleSet {
        func fail(_ message: String) -> RuleError { RuleError(file: name, message: message) }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(bytes)) } catch {
            throw fail("not valid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "syntax error"))")
        }
        guard let root = object as? [String: Any] else { throw fail("expected a JSON object at the top level") }
        try checkKeys(root, at: "", known: ["id", "title", "notice", "tiers", "gains", "mixed", "insider", "especially",
                                            "excluded_roles", "excluded_occupations", "disputed", "business_buyer",
                                            "assumptions", "not_modelled"], file: name)
        for (i, tier) in ((root["tiers"] as? [Any]) ?? []).enumerated() {
            if let tier = tier as? [String: Any] {
                try checkKeys(tier, at: "tiers[\(i)].", known: ["id", "label", "categories", "serious", "especially", "cite", "open"], file: name)
            }
        }
        for (i, entry) in ((root["disputed"] as? [Any]) ?? []).enumerated() {
            if let entry = entry as? [String: Any] {
                try checkKeys(entry, at: "disputed[\(i)].", known: ["category", "tiers", "note"], file: name)
            }
        }
        let sections: [String: Set<String>] = ["gains": ["serious", "especially", "cite"], "mixed": ["enabled", "cite"],
                                               "insider": ["factor", "cite"], "especially": ["factor", "mixed", "cite"],
                                               "business_buyer": ["tiers", "profit", "cite", "note"]]
        for (key, known) in sections {
            if let section = root[key] as? [String: Any] { try checkKeys(section, at: "\(key).", known: known, file: name) }
        }
        let file: RuleFile
        do { file = try JSONDecoder().decode(RuleFile.self, from: Data(bytes)) } catch let error as DecodingError {
            throw fail(describe(error))
        } catch {
            throw fail("\(error)")
        }
        return try file.validated(name: name)
    }

    private static func checkKeys(_ object: [String: Any], at path: String, known: Set<String>, file: String) throws(RuleError) {
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw RuleError(file: file, message: "\(path)\(unknown): unknown key (known: \(known.sorted().joined(separator: ", ")))")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var out = ""
            for key in keys {
                if let i = key.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
            }
            return out.isEmpty ? "top level" : out
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = context.codingPath.isEmpty ? "" : path(context.codingPath) + "."
            return "\(at)\(key.stringValue): missing (required)"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type)), found null"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: type is [Any].Type || String(describing: type).hasPrefix("Array") ? "a list" : "an object"
        }
    }
}

/// A rule file that cannot be used: which file, and what is wrong (with the key's path).
public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var message: String
    public init(file: String, message: String) { self.file = file; self.message = message }
    public var description: String { "\(file): invalid rule file: \(message)" }
}

/// The JSON layout of a rule file.
private struct RuleFile: Decodable {
    struct Tier: Decodable {
        var id: String
        var label: String?
        var categories: [String]
        var serious: Double
        var especially: Double?
        var cite: String?
        var open: String?
    }
    struct Disputed: Decodable { var category: String; var tiers: [String]; var note: String? }
    struct BusinessBuyer: Decodable { var tiers: [String]; var profit: Double; var cite: String?; var note: String? }
    struct Gains: Decodable { var serious: Double; var especially: Double?; var cite: String? }
    struct Mixed: Decodable { var enabled: Bool; var cite: String? }
    struct Insider: Decodable { var factor: Double; var cite: String? }
    struct Especially: Decodable { var factor: Double; var mixed: Bool?; var cite: String? }
    var id: String
    var title: String?
    var notice: String
    var tiers: [Tier]
    var gains: Gains?
    var mixed: Mixed?
    var insider: Insider?
    var especially: Especially
    var excludedRoles: [String]?
    var excludedOccupations: [String]?
    var disputed: [Disputed]?
    var businessBuyer: BusinessBuyer?
    var assumptions: [String]?
    var notModelled: [String]?
    enum CodingKeys: String, CodingKey {
        case id, title, notice, tiers, gains, mixed, insider, especially, disputed, assumptions
        case excludedRoles = "excluded_roles", notModelled = "not_modelled", excludedOccupations = "excluded_occupations"
        case businessBuyer = "business_buyer"
    }

    func validated(name: String) throws(RuleError) -> RuleSet {
        func fail(_ message: String) -> RuleError { RuleError(file: name, message: message) }
        guard !id.trimmingWhitespace().isEmpty else { throw fail("id: empty") }
        guard !notice.trimmingWhitespace().isEmpty, !notice.contains("\n") else {
            throw fail("notice: must be one non-empty line")
        }
        guard !tiers.isEmpty else { throw fail("tiers: at least one tier is needed") }
        var seen: [Category: String] = [:]
        var ids = Set<String>()
        var result: [RuleSet.Tier] = []
        for (i, t) in tiers.enumerated() {
            guard ids.insert(t.id).inserted else { throw fail("tiers[\(i)].id: '\(t.id)' used twice") }
            guard t.serious.isFinite, t.serious > 0 else { throw fail("tiers[\(i)].serious: must be a number above 0") }
            if let x = t.especially, !(x.isFinite && x >= t.serious) {
                throw fail("tiers[\(i)].especially: must be a number at least as large as serious")
            }
            guard !t.categories.isEmpty else { throw fail("tiers[\(i)].categories: empty") }
            var categories: [Category] = []
            for (k, text) in t.categories.enumerated() {
                guard let c = Category(parsing: text) else {
                    throw fail("tiers[\(i)].categories[\(k)]: unknown category '\(text)' (known: \(Category.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                if let other = seen[c] { throw fail("tiers[\(i)].categories[\(k)]: \(c.rawValue) is already in tier \(other)") }
                seen[c] = t.id
                categories.append(c)
            }
            result.append(RuleSet.Tier(id: t.id, label: t.label ?? categories.map(\.rawValue).joined(separator: ", "),
                                       categories: categories, serious: t.serious, especially: t.especially,
                                       cite: t.cite ?? "tier \(t.id)", open: t.open))
        }
        if let g = gains {
            guard g.serious.isFinite, g.serious > 0 else { throw fail("gains.serious: must be a number above 0") }
            if let x = g.especially, !(x.isFinite && x >= g.serious) {
                throw fail("gains.especially: must be a number at least as large as serious")
            }
        }
        let factor = insider?.factor ?? 1
        guard factor.isFinite, factor > 0, factor <= 1 else { throw fail("insider.factor: must be above 0 and at most 1") }
        guard especially.factor.isFinite, especially.factor >= 1 else { throw fail("especially.factor: must be at least 1") }
        var roles = Set<Role>()
        for (i, text) in (excludedRoles ?? ["origin"]).enumerated() {
            guard let role = Role(rawValue: text) else {
                throw fail("excluded_roles[\(i)]: unknown role '\(text)' (known: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            roles.insert(role)
        }
        var disputes: [RuleSet.Disputed] = []
        for (i, d) in (disputed ?? []).enumerated() {
            guard let c = Category(parsing: d.category) else { throw fail("disputed[\(i)].category: unknown category '\(d.category)'") }
            guard d.tiers.count >= 2 else { throw fail("disputed[\(i)].tiers: name at least two tiers") }
            for (k, tier) in d.tiers.enumerated() where !ids.contains(tier) {
                throw fail("disputed[\(i)].tiers[\(k)]: no tier '\(tier)'")
            }
            guard let home = seen[c], d.tiers.contains(home) else {
                throw fail("disputed[\(i)].tiers: must include the tier \(c.rawValue) is placed in")
            }
            disputes.append(RuleSet.Disputed(category: c, tiers: d.tiers, note: d.note ?? "tier disputed"))
        }
        var buyer: RuleSet.BusinessBuyer?
        if let b = businessBuyer {
            for (k, tier) in b.tiers.enumerated() where !ids.contains(tier) { throw fail("business_buyer.tiers[\(k)]: no tier '\(tier)'") }
            guard b.profit.isFinite, b.profit > 0 else { throw fail("business_buyer.profit: must be a number above 0") }
            buyer = RuleSet.BusinessBuyer(tiers: b.tiers, profit: b.profit, cite: b.cite ?? "business buyers", note: b.note ?? "")
        }
        return RuleSet(id: id, title: title ?? id, notice: notice, tiers: result,
                       gains: gains.map { RuleSet.Gains(serious: $0.serious, especially: $0.especially, cite: $0.cite ?? "gains") },
                       mixed: mixed?.enabled ?? false, mixedCite: mixed?.cite ?? "mixed categories",
                       insiderFactor: factor, insiderCite: insider?.cite ?? "insiders",
                       especiallyFactor: especially.factor, especiallyMixed: especially.mixed ?? false,
                       especiallyCite: especially.cite ?? "especially serious", excludedRoles: roles,
                       excludedOccupations: Set((excludedOccupations ?? []).map { $0.lowercased() }), disputed: disputes,
                       businessBuyer: buyer, assumptions: assumptions ?? [], notModelled: notModelled ?? [])
    }
}

extension RuleSet {
    /// The text of the built-in rule file `rules/cn-2017.json`.
    public static var cn2017Text: String { DefaultRules.cn2017 }
}
