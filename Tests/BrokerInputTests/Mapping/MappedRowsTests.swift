import Testing
import BrokerGraph
@testable import BrokerInput
import BrokerCase

@Suite struct MappedRowsTests {
    static let mapping = """
        skip:
          - {column: 时间, equals: [合计]}
        transfers:
          time: 时间
          from: 卖方
          to: 买方
          records: 条数
          category: {column: 信息类型, map: {房产信息: property}}
          mode: {column: 方式, map: {出售: sale, 互换: exchange}, default: sale}
          amount: 金额
        """

    static let ledger: [[String]] = [
        ["2025年台账", "", "", "", "", "", ""],
        ["", "", "", "", "", "", ""],
        ["时间", "卖方", "买方", "条数", "信息类型", "方式", "金额"],
        ["2025/3/1 14:03", "niu", "li", "3千", "房产信息", "出售", "¥1,500.00"],
        ["2025年3月2日", "li", "agent01", "1.2万", "财产信息", "互换", ""],
        ["", "", "", "", "", "", ""],
        ["合计", "", "", "15000", "", "", "1500"],
    ]

    static func rows(_ mapping: String, _ cells: [[String]], owner: String? = nil, sheet: String? = nil) throws -> [ParsedRow] {
        let m = try Mapping.parse(Array(mapping.utf8), file: "m.yaml")
        let reader = try MappedRows(mapping: m, source: ArrayRowSource(file: "l.xlsx", sheet: sheet, rows: cells),
                                    offsetSeconds: CaseTime.defaultOffset, owner: owner)
        var out: [ParsedRow] = []
        while let row = try reader.nextParsed() { out.append(row) }
        return out
    }

    @Test("a ledger under a title: header found by its columns, values parsed, totals and blank rows skipped")
    func ledger() throws {
        let out = try Self.rows(Self.mapping, Self.ledger, sheet: "台账")
        #expect(out.count == 4)
        guard case .transfer(let a) = out[0], case .transfer(let b) = out[1] else { Issue.record("\(out)"); return }
        #expect(a.location == SourceLocation(file: "l.xlsx:台账", line: 4))
        #expect(a.timeText == "2025-03-01 14:03" && a.from == "niu" && a.to == "li" && a.records == 3000)
        #expect(a.category == .property && a.mode == .sale && a.amountFen == 150_000)
        #expect(b.records == 12_000 && b.category == .property && b.mode == .exchange && b.amountFen == nil && b.time.isDay)
        guard case .skipped(let blank) = out[2], case .skipped(let total) = out[3] else { Issue.record("\(out)"); return }
        #expect(blank == "blank row" && total == "时间 = 合计")
    }

    @Test("a bad cell: FILE:SHEET:ROW: field (column header): what, never the value")
    func badCell() throws {
        var ledger = Self.ledger
        ledger[4][3] = "很多"
        let out = try Self.rows(Self.mapping, ledger, sheet: "台账")
        guard case .bad(let error, _) = out[1] else { Issue.record("\(out)"); return }
        #expect(error.description == "l.xlsx:台账:5: records (条数): not a count (expected e.g. 3000, 3000条, 3千 or 1.2万)")
        ledger[4][1] = "li"; ledger[4][2] = "li"; ledger[4][3] = "3"
        guard case .bad(let same, _) = try Self.rows(Self.mapping, ledger)[1] else { Issue.record("no error"); return }
        #expect(same.description == "l.xlsx:5: to (买方): same party as from (a self-transfer)")
    }

    @Test("no header: a fatal error naming the columns the mapping wants")
    func noHeader() throws {
        let rows = [["时间", "卖方"], ["2025/3/1", "a"]]
        #expect(throws: InputError.self) { try Self.rows(Self.mapping, rows) }
        do { _ = try Self.rows(Self.mapping, rows) } catch let error as InputError {
            #expect(error.isFatal && error.description.contains("the closest, row 1, lacks 买方, 条数, 信息类型, 方式, 金额"))
        }
    }

    static let bill = """
        skip:
          - {column: 当前状态, contains: [退款]}
        payments:
          time: 交易时间
          counterparty: 交易对方
          direction: {column: 收/支, map: {收入: in, 支出: out}, default: skip}
          amount: 金额(元)
          reference: 交易单号
        """

    @Test("direction from a column: money in and out of the owner; neutral and refunded lines skipped")
    func direction() throws {
        let rows = [["微信支付账单明细"], ["交易时间", "交易对方", "收/支", "金额(元)", "当前状态", "交易单号"],
                    ["2025-03-01 10:00:00", "agent01", "收入", "¥500.00", "已收钱", "42\t"],
                    ["2025-03-02 10:00:00", "li", "支出", "¥20.00", "支付成功", "43"],
                    ["2025-03-03 10:00:00", "/", "/", "¥100.00", "已存入零钱", "44"],
                    ["2025-03-04 10:00:00", "agent02", "收入", "¥5.00", "已全额退款", "45"]]
        let out = try Self.rows(Self.bill, rows, owner: "niu")
        guard case .payment(let a) = out[0], case .payment(let b) = out[1] else { Issue.record("\(out)"); return }
        #expect(a.payer == "agent01" && a.payee == "niu" && a.amountFen == 50_000 && a.reference == "42")
        #expect(b.payer == "niu" && b.payee == "li" && b.amountFen == 2_000)
        guard case .skipped(let neutral) = out[2], case .skipped(let refund) = out[3] else { Issue.record("\(out)"); return }
        #expect(neutral == "direction (收/支) skip" && refund == "当前状态 contains 退款")
    }

    @Test("direction without an owner is refused before any row is read")
    func ownerNeeded() {
        #expect(throws: InputError.self) { try Self.rows(Self.bill, [["交易时间", "交易对方", "收/支", "金额(元)", "当前状态", "交易单号"]]) }
    }

    @Test("the alipay-web preset: footer lines and closed trades are skipped, not refused")
    func alipayWeb() throws {
        let m = try Mapping.named("alipay-web")
        let rows = [["支付宝交易记录明细查询"], ["账号:[li***@example.com]"], ["起始日期:[2025-02-01 00:00:00]    终止日期:[2025-08-31 23:59:59]"],
                    ["---------------------------------交易记录明细列表------------------------------------"],
                    ["交易号", "商户订单号", "交易创建时间", "付款时间", "最近修改时间", "交易来源地", "类型", "交易对方", "商品名称",
                     "金额（元）", "收/支", "交易状态", "服务费（元）", "成功退款（元）", "备注", "资金状态"],
                    ["2025022000001\t", "", "2025-02-20 11:00:00", "2025-02-20 11:00:05", "2025-02-20 11:00:05", "其他（包括阿里巴巴和外部商家）",
                     "即时到账交易", "agent06", "资料费", "238.00", "收入", "交易成功", "0.00", "0.00", "", "已收入"],
                    ["2025022000002\t", "", "2025-02-21 11:00:00", "", "", "", "即时到账交易", "agent07", "资料费", "80.00", "收入",
                     "交易关闭", "0.00", "0.00", "", ""],
                    ["------------------------------------------------------------------------------------"],
                    ["共2笔记录"], ["已收入:1笔,238.00元"]]
        let reader = try MappedRows(mapping: m, source: ArrayRowSource(file: "web.csv", rows: rows),
                                    offsetSeconds: CaseTime.defaultOffset, owner: "li")
        var out: [ParsedRow] = []
        while let row = try reader.nextParsed() { out.append(row) }
        guard case .payment(let p) = out[0] else { Issue.record("\(out)"); return }
        #expect(p.payer == "agent06" && p.payee == "li" && p.amountFen == 23_800 && p.reference == "2025022000001")
        #expect(out.dropFirst().allSatisfy { if case .skipped = $0 { true } else { false } } && out.count == 5)
    }

    /// A ledger of random rows: good and bad values, white space, null values, blank rows, totals,
    /// short rows, and values the byte path cannot write (a quote, a line break, U+001F).
    static func randomLedger(rows: Int, seed: UInt64) -> [[String]] {
        var random = SplitMix64(seed: seed)
        let pools: [[String]] = [
            ["2025/3/1 14:03", "2025-03-01", "2025年3月2日", "2025.3.5 9:05:07", " 2025/3/1 ", "45000.5", "2025/2/30", "昨天", "", "/", "2025-03-01\n"],
            ["niu", "li", " 老牛 ", "a\"b", "/", "", "x\u{1F}y", "名\u{3000}"],
            ["li", "agent01", "niu", "张三", "", "l\ri"],
            ["3千", "1.2万", "300条", "1200", "0012条", "12条记录", "１２００", "好多", "0.5", "-3", " 7人", ""],
            ["房产信息", "property", "credit", "其他", "xx", " 征信信息 ", ""],
            ["出售", "互换", "sale", "gift", "", "/"],
            ["¥1,500.00", "¥1946.48", "￥0012.5", "¥.5", "¥1.", "¥12.345", "0.15万元", "600元", "¥-5", "-5", "1500", "", "/", "¥1500元"],
            ["n1", "", "note \"q\"", "a,b"],
        ]
        var ledger: [[String]] = [["2025年台账"], [], ["时间", "卖方", "买方", "条数", "信息类型", "方式", "金额", "备注"]]
        for _ in 0..<rows {
            switch Int.random(in: 0..<40, using: &random) {
            case 0: ledger.append(["", " ", "/", "", "", "", "", ""])
            case 1: ledger.append(["合计", "", "", "15000", "", "", "", ""])
            case 2: ledger.append(["2025/3/1", "niu", "li"])
            default: ledger.append(pools.map { $0.randomElement(using: &random)! })
            }
        }
        return ledger
    }

    /// A row as the stream hands it over, or as `nextParsed` gives it, as text to compare.
    static func describe(_ row: ParsedRow) -> String {
        switch row {
        case .transfer(let t):
            return "transfer \(t.location) \(t.id ?? "-") \(t.timeText) \(t.from) \(t.to) \(t.category.rawValue) \(t.mode.rawValue) "
                + "\(t.time.earliest) \(t.time.latest) \(t.records) \(t.amountFen ?? -1) \(t.batch ?? "-") \(t.channel ?? "-") \(t.evidence ?? "-") \(t.note ?? "-")"
        case .bad(let error, let raw): return "bad \(error.description) \(error.isFatal) \(raw ?? "-")"
        default: return "\(row)"
        }
    }

    /// One line per row of what the stream hands over (a pack gives one per transfer).
    static func describe(_ item: StreamedRow) -> [String] {
        switch item {
        case .other(let row): return [describe(row)]
        case .transfers(let pack):
            return (0..<pack.count).map { i in
                func text(_ column: PackedTransfers.Text) -> String { ParsedRowStreamTests.text(pack, i, column) ?? "-" }
                return "transfer \(pack.location(i)) \(text(.id)) \(text(.time)) \(text(.from)) \(text(.to)) \(text(.category)) \(text(.mode)) "
                    + "\(pack.earliest(i)) \(pack.latest(i)) \(pack.records(i)) \(pack.amountFen(i) ?? -1) \(text(.batch)) \(text(.channel)) \(text(.evidence)) \(text(.note))"
            }
        }
    }

    @Test("through the stream, on any number of checking threads, a mapping gives the rows and errors that nextParsed gives, in order: one output (the byte path) or two",
          arguments: [1, 2, 3, 8])
    func stream(threads: Int) throws {
        let transfers = "reader: {null_values: [\"/\"]}\n" + Self.mapping + "\n  note: 备注"
        let ledger = Self.randomLedger(rows: 9_000, seed: UInt64(threads))
        var transferCount = 0, bad = 0
        for mapping in [transfers, transfers + "\nparties: {id: 买方, name: 卖方}"] {
            let m = try Mapping.parse(Array(mapping.utf8), file: "m.yaml")
            func reader() throws -> MappedRows {
                try MappedRows(mapping: m, source: ArrayRowSource(file: "l.csv", rows: ledger), offsetSeconds: CaseTime.defaultOffset)
            }
            let direct = try reader()
            if mapping == transfers {
                // The byte path takes a good row.
                let row = SourceRow(number: 4, cells: ["2025/3/1 14:03", "niu", "li", "300条", "房产信息", "出售", "¥1946.48", "n1"])
                var scratch: [UInt8] = []
                #expect(direct.check.pack(row, to: PackedTransfers(file: "l.csv", rows: 1), scratch: &scratch))
            }
            var expected: [String] = []
            while let row = try direct.nextParsed() {
                expected.append(Self.describe(row))
                if case .transfer = row { transferCount += 1 } else if case .bad = row { bad += 1 }
            }
            let stream = ParsedRowStream(producer: try reader(), threads: threads)
            var got: [String] = []
            while let item = try stream.next() { got += Self.describe(item) }
            #expect(got.count == expected.count)
            for (i, (a, b)) in zip(got, expected).enumerated() where a != b {
                Issue.record("row \(i): \(a) where nextParsed gives \(b)")
                break
            }
        }
        #expect(transferCount > 1_000 && bad > 1_000, "\(transferCount) transfers, \(bad) bad rows")
    }
}
