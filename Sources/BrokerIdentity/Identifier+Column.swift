/// Parsing a parties-file column that lists a party's identifiers: `phone:13805351234;wechat:niu_house`.
extension Identifier {
    /// Why one item of an identifier column was not read. Never holds the value (personal data).
    public struct ColumnIssue: Error, Equatable, Sendable, CustomStringConvertible {
        /// 1-based position of the item in the column.
        public let item: Int
        /// The item's key as written, when it had one.
        public let key: String?
        public let reason: String

        public var description: String { "item \(item)\(key.map { " (\($0))" } ?? ""): \(reason)" }
    }

    /// Reads `key:value` items separated by `;` (or `；`, `,`, `，`); `：` works as the colon. Keys are
    /// those of `IdentifierKind.forKey` (`phone`, `wechat`, `qq`, `alipay`, `card`, `id`, `email`,
    /// `name`, `nick`…); `phone` takes a mobile, a landline or a masked mobile. An item without a key is
    /// auto-detected (`detect`). Duplicates are dropped; the result is sorted. O(n) in the column's length.
    /// - Returns: the identifiers read and one issue per item that was not read.
    public static func parseColumn(_ column: String) -> (identifiers: [Identifier], issues: [ColumnIssue]) {
        var found = Set<Identifier>(), issues: [ColumnIssue] = []
        let separators: Set<Character> = [";", "；", ",", "，"]
        let items = column.split(whereSeparator: { separators.contains($0) })
        for (index, item) in items.enumerated() {
            let text = String(item).trimmingSpaces()
            if text.isEmpty { continue }
            let colon = text.firstIndex(where: { $0 == ":" || $0 == "：" })
            guard let colon else {
                if let detected = detect(text) { found.insert(detected) }
                else { issues.append(ColumnIssue(item: index + 1, key: nil, reason: "no key and not a phone, card, ID number or email")) }
                continue
            }
            let key = String(text[..<colon]).trimmingSpaces()
            let value = String(text[text.index(after: colon)...])
            guard let kind = IdentifierKind.forKey(key) else {
                issues.append(ColumnIssue(item: index + 1, key: key, reason: "unknown key"))
                continue
            }
            let parsed = kind == .mobile || kind == .landline ? phone(value) : Identifier(kind, value)
            if let parsed { found.insert(parsed) }
            else { issues.append(ColumnIssue(item: index + 1, key: key, reason: "not a valid \(kind.rawValue)")) }
        }
        return (found.sorted(), issues)
    }
}
