import BrokerCase

/// Drafts a mapping from a file's first rows: finds the header by known column names (Chinese and
/// English), picks the output kind, writes value maps for the distinct values seen, notes the date
/// forms found, and adds skip rules for totals rows. The draft is YAML for a person to read and
/// edit; on a typical ledger it works unchanged.
public enum MappingSuggestion {
    /// Header synonyms per field, compared after trimming and lower-casing.
    static let synonyms: [(field: String, names: [String])] = [
        ("id", ["编号", "单号", "记录编号", "id"]),
        ("time", ["时间", "交易时间", "日期", "交易日期", "发生时间", "成交时间", "交易创建时间", "付款时间", "time", "date", "datetime"]),
        ("clock", ["时刻", "具体时间", "交易时刻", "clock"]),
        ("from", ["卖方", "卖家", "出售方", "提供方", "供货方", "上家", "转出方", "from", "seller", "supplier"]),
        ("to", ["买方", "买家", "购买方", "接收方", "下家", "收货方", "to", "buyer", "receiver", "recipient"]),
        ("records", ["条数", "数量", "记录数", "信息条数", "条目数", "records", "count", "quantity"]),
        ("category", ["信息类型", "类型", "数据类型", "信息种类", "信息类别", "类别", "category"]),
        ("mode", ["方式", "交易方式", "性质", "mode"]),
        ("amount", ["金额", "金额(元)", "金额（元）", "价格", "价款", "成交金额", "amount", "price"]),
        ("batch", ["批次", "批次号", "批号", "batch"]),
        ("channel", ["渠道", "途径", "channel"]),
        ("evidence", ["证据", "出处", "evidence"]),
        ("note", ["备注", "说明", "note", "remark", "notes"]),
        ("counterparty", ["对方", "交易对方", "对方名称", "对方户名", "counterparty"]),
        ("direction", ["收/支", "收支", "买入/卖出", "买卖", "方向", "direction"]),
        ("reference", ["交易单号", "交易订单号", "交易号", "订单号", "reference"]),
        ("status", ["当前状态", "交易状态", "状态"]),
        // Columns of resident lists, used to find their header (not mapped).
        ("resident", ["业主姓名", "姓名", "客户姓名", "业主", "户主", "name"]),
        ("unit", ["房号", "楼号", "门牌号", "地址", "房屋地址", "面积", "address"]),
        ("subject", ["联系电话", "电话", "手机", "手机号", "手机号码", "身份证号", "身份证号码", "证件号码", "phone", "subject"]),
    ]

    /// Words that mark a totals row.
    static let totals = ["合计", "小计", "总计", "共计"]

    /// A draft mapping for the rows of `source` (its first `limit` rows are read).
    /// - Throws: `InputError` when no header of known column names is found.
    /// - Parameter readerLines: YAML lines for the reader section (format, delimiter, encoding, sheet).
    public static func draft(_ source: RowSource, readerLines: String = "", limit: Int = 300) throws(InputError) -> String {
        var rows: [SourceRow] = []
        while rows.count < limit {
            do {
                guard let row = try source.next() else { break }
                rows.append(row)
            } catch where !error.isFatal {
                continue   // a malformed row: the draft is made from the others
            }
        }
        // The header: the row naming the most known fields (at least two).
        var best: (index: Int, fields: [String: Int])?
        for (i, row) in rows.enumerated().prefix(200) {
            let found = fields(of: row.cells)
            if found.count >= 2 && found.count > (best?.fields.count ?? 0) { best = (i, found) }
        }
        guard let (headerIndex, found) = best else {
            throw InputError(SourceLocation(file: source.displayName, line: 0), "no header row of known column names (such as 时间, 卖方, 买方, 条数, 交易对方, 收/支) in the first \(rows.count) rows: write the mapping by hand", fatal: true)
        }
        let header = rows[headerIndex].cells.map { $0.trimmingWhitespace() }
        // Totals rows: the first column where a totals word (合计, 3月小计...) is seen.
        func isTotal(_ cell: String) -> Bool { cell.count <= 12 && totals.contains { cell.contains($0) } }
        var totalsColumn: Int?
        for row in rows[(headerIndex + 1)...] {
            if let i = row.cells.firstIndex(where: isTotal) { totalsColumn = min(totalsColumn ?? i, i) }
        }
        let data = rows[(headerIndex + 1)...].filter { row in
            !row.cells.allSatisfy { $0.trimmingWhitespace().isEmpty } && !row.cells.contains(where: isTotal)
        }
        func column(_ field: String) -> String? { found[field].map { header[$0] } }
        func values(_ field: String) -> [String] {
            guard let i = found[field] else { return [] }
            return data.compactMap { i < $0.cells.count ? $0.cells[i].trimmingWhitespace() : nil }.filter { !$0.isEmpty }
        }
        let kind: Mapping.Kind
        if found["counterparty"] != nil && found["direction"] != nil {
            kind = found["records"] != nil ? .transfers : .payments
        } else if found["from"] != nil && found["to"] != nil {
            kind = .transfers
        } else if found["subject"] != nil {
            kind = .batches
        } else {
            throw InputError(SourceLocation(file: source.displayName, line: rows[headerIndex].number), "header found, but neither from/to (卖方/买方), counterparty and direction (对方, 收/支) nor a resident identifier (联系电话): write the mapping by hand", fatal: true)
        }
        var out = "# Draft mapping for \(source.displayName), written by `brokergraph map suggest`: check it, then\n"
        out += "# `brokergraph map check THIS FILE` shows the rows as they would be stored.\n"
        out += "mapping: 1\nreader:\n\(readerLines)  header_row: \(rows[headerIndex].number)   # the header under \(rows[headerIndex].number - 1) title or preamble rows\n"
        if values("counterparty").contains("/") || values("direction").contains("/") { out += "  null_values: [\"/\"]\n" }
        var skips: [String] = []
        if let totalsColumn, totalsColumn < header.count {
            skips.append("{name: totals row, column: \(quoted(header[totalsColumn])), contains: [\(totals.joined(separator: ", "))]}")
        }
        let failed = ["退款", "关闭", "失败"]
        if let status = column("status"), values("status").contains(where: { v in failed.contains { v.contains($0) } }) {
            skips.append("{name: not a successful payment, column: \(quoted(status)), contains: [\(failed.joined(separator: ", "))]}")
        }
        if !skips.isEmpty { out += "skip:\n" + skips.map { "  - \($0)\n" }.joined() }
        out += "\(kind.rawValue):\n"
        func line(_ field: String, _ spec: String, _ comment: String? = nil) {
            out += "  \(field): \(spec)\(comment.map { "   # \($0)" } ?? "")\n"
        }
        func quoted(_ text: String) -> String {
            let plain = !text.isEmpty && text.allSatisfy { !":{}[],&*#?|<>=!%@`'\"\\".contains($0) && !$0.isWhitespace }
                && !["true", "false", "yes", "no", "null", "~"].contains(text.lowercased()) && Double(text) == nil
            return plain ? text : "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        func map(_ pairs: [(String, String)]) -> String {
            "{" + pairs.map { "\(quoted($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
        }
        switch kind {
        case .batches:
            line("batch", "{file_stem: true}", "the batch is the file's name without extension: rename the file, or give {value: BATCH-ID}")
            line("subject", quoted(column("subject")!), "the column that identifies a resident (hashed at ingest)")
        default:
            if let time = column("time") {
                let readable = values("time").filter { (try? SeizedValue.time($0)) != nil }.count
                let forms = Set(values("time").prefix(50).map(shape)).sorted().prefix(4).joined(separator: ", ")
                let note = "dates seen as \(forms); \(readable) of \(values("time").count) sample values readable"
                if let clock = column("clock") { line("time", "{columns: [\(quoted(time)), \(quoted(clock))]}", note) }
                else { line("time", quoted(time), note) }
            }
            if kind == .transfers {
                if let c = column("id") { line("id", quoted(c)) }
                if found["from"] != nil && found["to"] != nil {
                    line("from", quoted(column("from")!)); line("to", quoted(column("to")!))
                }
                if let c = column("records") { line("records", quoted(c)) }
                if let c = column("category") {
                    let unknown = distinct(values("category")).filter { Category(parsing: $0) == nil }
                    let pairs = unknown.map { ($0, guessCategory($0)) }
                    line("category", pairs.isEmpty ? quoted(c) : "{column: \(quoted(c)), map: \(map(pairs))}",
                         pairs.isEmpty ? nil : "values seen, mapped by their wording: check")
                } else {
                    line("category", "{value: other}", "no category column: edit (property, credit, ...)")
                }
                if let c = column("mode") {
                    let pairs = distinct(values("mode")).filter { TransferMode(rawValue: $0.lowercased()) == nil }.map { ($0, guessMode($0)) }
                    line("mode", pairs.isEmpty ? quoted(c) : "{column: \(quoted(c)), map: \(map(pairs)), default: provide}")
                } else if found["amount"] != nil {
                    line("mode", "{value: sale}", "a price column and no mode column: rows read as sales")
                }
                for field in ["amount", "batch", "channel", "evidence", "note"] {
                    if let c = column(field) { line(field, quoted(c)) }
                }
            } else {
                if let c = column("amount") { line("amount", quoted(c)) }
                if let c = column("reference") { line("reference", quoted(c)) }
                if let c = column("note") { line("note", quoted(c)) }
            }
            if found["counterparty"] != nil && found["direction"] != nil && !(kind == .transfers && found["from"] != nil) {
                line("counterparty", quoted(column("counterparty")!))
                var seen = distinct(values("direction"))
                if kind == .payments { for usual in ["收入", "支出"] where !seen.contains(usual) { seen.append(usual) } }
                let pairs = seen.map { ($0, guessDirection($0)) }
                line("direction", "{column: \(quoted(column("direction")!)), map: \(map(pairs)), default: skip}",
                     "in: to the owner, out: from the owner; give the owner with --owner PARTY")
            }
        }
        return out
    }

    /// Known fields of a header row, by the first column that names each.
    static func fields(of cells: [String]) -> [String: Int] {
        var found: [String: Int] = [:]
        for (i, cell) in cells.enumerated() {
            let key = MappedRows.key(cell)
            guard !key.isEmpty else { continue }
            for (field, names) in synonyms where names.contains(key) {
                // A second time column (日期 then 时间) is the time of day.
                if field == "time", found["time"] != nil {
                    if found["clock"] == nil { found["clock"] = i }
                    break
                }
                guard found[field] == nil else { continue }
                // 交易时间 is a time; 交易对方 a counterparty: the first matching field wins.
                found[field] = i
                break
            }
        }
        return found
    }

    static func distinct(_ values: [String]) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for v in values where seen.insert(v).inserted { out.append(v) }
        return Array(out.prefix(50))
    }

    /// A date's shape with digits as `9`: `9999/9/9 99:99`.
    static func shape(_ text: String) -> String {
        String(text.map { $0.isASCII && $0.isNumber ? "9" : $0 })
    }

    static func guessCategory(_ text: String) -> String {
        let rules: [([String], Category)] = [
            (["征信", "信用", "贷款记录"], .credit), (["住宿", "酒店", "租住"], .accommodation),
            (["通话", "通信记录", "话单"], .communicationRecord), (["聊天", "通信内容", "短信内容"], .communicationContent),
            (["行踪", "轨迹", "定位", "位置"], .whereabouts), (["健康", "病历", "体检", "生理"], .health),
            (["房", "财产", "资产", "存款", "车辆"], .property), (["交易", "消费"], .transaction),
        ]
        for (words, category) in rules where words.contains(where: text.contains) { return category.rawValue }
        return Category.other.rawValue
    }

    static func guessMode(_ text: String) -> String {
        if ["互换", "交换", "换"].contains(where: text.contains) { return "exchange" }
        if ["出售", "卖", "售", "购买", "买"].contains(where: text.contains) { return "sale" }
        if ["采集", "收集", "导出", "窃取"].contains(where: text.contains) { return "collect" }
        return "provide"
    }

    static func guessDirection(_ text: String) -> String {
        if ["收入", "买入", "收", "转入", "入"].contains(where: text.hasPrefix) { return "in" }
        if ["支出", "卖出", "支", "转出", "出"].contains(where: text.hasPrefix) { return "out" }
        return "skip"
    }
}
