import Testing
@testable import BrokerInput
import BrokerCase

@Suite struct RowsTests {
    /// A transfer row from column values; the good row below with `changes` applied (nil clears).
    static func transfer(_ changes: [String: String?] = [:], line: Int = 7) throws(InputError) -> TransferRow {
        var values: [String: String?] = ["time": "2025-02-14 10:30", "from": "niu", "to": "li", "records": "120",
                                         "category": "property"]
        for (k, v) in changes { values[k] = v }
        let row = TableReader.Row(line: line, values: TransferRow.schema.columns.map { values[$0] ?? nil })
        return try TransferRow(row, file: "t.csv", offsetSeconds: CaseTime.defaultOffset)
    }

    /// The error a bad row raises, as users see it.
    static func problem(_ changes: [String: String?]) -> String? {
        do { _ = try transfer(changes); return nil } catch { return error.description }
    }

    @Test("a good row with every column")
    func good() throws {
        let row = try Self.transfer(["id": " T001 ", "mode": "SALE", "amount": "1200.5", "batch": "B-1", "channel": "WeChat",
                                     "evidence": "chat log p.12", "note": "a, \"b\"\nc"])
        #expect(row.id == "T001" && row.from == "niu" && row.to == "li" && row.records == 120)
        #expect(row.category == .property && row.mode == .sale && row.amountFen == 120_050)
        #expect(row.batch == "B-1" && row.channel == "WeChat" && row.evidence == "chat log p.12" && row.note == "a, \"b\"\nc")
        #expect(row.time == (try CaseTime.parse("2025-02-14 10:30")) && row.timeText == "2025-02-14 10:30")
        #expect(row.location == SourceLocation(file: "t.csv", line: 7))
    }

    @Test("optional columns default: mode provide, no amount, no id")
    func defaults() throws {
        let row = try Self.transfer()
        #expect(row.mode == .provide && row.amountFen == nil && row.id == nil && row.batch == nil && row.note == nil)
        #expect(try Self.transfer(["mode": "  ", "amount": " "]).mode == .provide)
    }

    @Test("each required field missing or blank", arguments: ["time", "from", "to", "records", "category"])
    func missing(column: String) {
        #expect(Self.problem([column: nil]) == "t.csv:7: \(column): missing (required)")
        #expect(Self.problem([column: " \t "]) == "t.csv:7: \(column): missing (required)")
    }

    @Test("bad dates", arguments: ["2025-02-30", "2025-13-01", "yesterday", "14/02/2025", "2025-02-14 25:00"])
    func badDate(text: String) throws {
        let message = try #require(Self.problem(["time": text]))
        #expect(message.hasPrefix("t.csv:7: time: "))
        // The message does not echo the value (it could be personal data), except as a date.
        #expect(!message.contains("yesterday"))
    }

    @Test("bad record counts", arguments: [
        ("-5", "negative"), ("1.5", "not a whole number"), ("12.0", "not a whole number"),
        ("1e3", "not a whole number"), ("1,000", "not a whole number"), ("1_000", "not a whole number"),
        ("twelve", "not a whole number"), ("0x10", "not a whole number"), ("-", "not a whole number"),
        ("--5", "not a whole number"), ("9223372036854775808", "too large"),
        ("99999999999999999999999", "too large"), ("１２", "not a whole number"),
    ])
    func badCount(text: String, why: String) throws {
        let message = try #require(Self.problem(["records": text]))
        #expect(message.hasPrefix("t.csv:7: records: \(why)"), "\(text): \(message)")
    }

    @Test("good record counts")
    func goodCount() throws {
        #expect(try Self.transfer(["records": "0"]).records == 0)
        #expect(try Self.transfer(["records": " 42 "]).records == 42)
        #expect(try Self.transfer(["records": "007"]).records == 7)
        #expect(try Self.transfer(["records": "+3"]).records == 3)
        #expect(try Self.transfer(["records": "9223372036854775807"]).records == Int64.max)
    }

    @Test("categories: English names in any case or spelling, Chinese terms")
    func categories() throws {
        let cases: [(String, Category)] = [
            ("property", .property), ("PROPERTY", .property), ("Communication Record", .communicationRecord),
            ("communication-content", .communicationContent), ("财产信息", .property), ("住宿", .accommodation),
            ("行踪轨迹", .whereabouts), ("征信", .credit), ("通信记录", .communicationRecord), ("通信内容", .communicationContent),
            ("健康生理", .health), ("交易", .transaction), ("其他", .other), ("其它", .other), (" 财产 ", .property),
        ]
        for (text, category) in cases { #expect(try Self.transfer(["category": text]).category == category, "\(text)") }
        for category in Category.allCases {
            #expect(Category(parsing: category.rawValue) == category)
            #expect(Category(parsing: category.chineseTerm) == category)
        }
    }

    @Test("unknown categories", arguments: ["secret", "properties", "财产信", "prop erty", "credit card"])
    func unknownCategory(text: String) throws {
        let message = try #require(Self.problem(["category": text]))
        #expect(message.hasPrefix("t.csv:7: category: unknown category (expected one of whereabouts, "))
    }

    @Test("modes: known ones in any case, others rejected")
    func modes() throws {
        for mode in TransferMode.allCases {
            #expect(try Self.transfer(["mode": mode.rawValue.uppercased()]).mode == mode)
        }
        #expect(Self.problem(["mode": "gift"]) == "t.csv:7: mode: unknown mode (expected sale, exchange, provide or collect)")
        #expect(Self.problem(["mode": "swap"]) != nil)
    }

    @Test("amounts: yuan with at most two decimals, stored in fen", arguments: [
        ("1200", 120_000), ("1200.5", 120_050), ("1200.50", 120_050), ("1200.500", 120_050), ("0.05", 5), (".5", 50),
        ("0", 0), ("007.10", 710),
    ] as [(String, Int64)])
    func goodAmount(text: String, fen: Int64) throws {
        #expect(try Self.transfer(["amount": text]).amountFen == fen)
    }

    @Test("bad amounts", arguments: [
        ("-3", "negative"), ("1200.555", "more than two decimal places"), ("abc", "not a decimal number"),
        ("1,200", "not a decimal number"), ("1e3", "not a decimal number"), ("5.", "not a decimal number"),
        ("1.2.3", "not a decimal number"), ("¥12", "not a decimal number"), ("+5", "not a decimal number"),
        ("92233720368547758.08", "too large"), ("99999999999999999999", "too large"),
    ])
    func badAmount(text: String, why: String) throws {
        let message = try #require(Self.problem(["amount": text]))
        #expect(message.hasPrefix("t.csv:7: amount: \(why)"), "\(text): \(message)")
    }

    @Test("a self-transfer is rejected, after trimming")
    func selfTransfer() {
        #expect(Self.problem(["to": "niu "]) == "t.csv:7: to: same party as from (a self-transfer)")
    }

    @Test("the first problem in column order is the one reported")
    func firstProblem() {
        #expect(Self.problem(["time": "bad", "records": "-1"])?.hasPrefix("t.csv:7: time:") == true)
        #expect(Self.problem(["records": "-1", "category": "secret"])?.hasPrefix("t.csv:7: records:") == true)
    }

    @Test("yuan formatting")
    func yuan() {
        #expect(Number.yuan(120_050) == "1200.5")
        #expect(Number.yuan(80_000) == "800")
        #expect(Number.yuan(5) == "0.05")
        #expect(Number.yuan(1_234) == "12.34")
        #expect(Number.yuan(0) == "0")
    }

    // MARK: Parties

    static func party(_ values: [String: String]) throws(InputError) -> PartyRow {
        let row = TableReader.Row(line: 3, values: PartyRow.schema.columns.map { values[$0] })
        return try PartyRow(row, file: "p.csv")
    }

    @Test("a party row: aliases split on ';', trimmed, deduplicated, without the id")
    func partyRow() throws {
        let p = try Self.party(["id": " niu ", "name": "牛建国", "aliases": "13805351234; 老牛;;niu;老牛 ;niu_house",
                                "occupation": "property sales", "insider": "TRUE", "organization": "海阳置业销售中心"])
        #expect(p.key == "niu" && p.name == "牛建国" && p.aliases == ["13805351234", "老牛", "niu_house"])
        #expect(p.insider && p.occupation == "property sales" && p.organization == "海阳置业销售中心")
        #expect(try Self.party(["id": "x"]).name == "x")
    }

    @Test("insider flags")
    func insider() throws {
        for yes in ["true", "Yes", "1", "y", "是"] { #expect(try Self.party(["id": "a", "insider": yes]).insider) }
        for no in ["false", "NO", "0", "n", "否", ""] { #expect(try !Self.party(["id": "a", "insider": no]).insider) }
        #expect(throws: InputError(SourceLocation(file: "p.csv", line: 3), column: "insider", "expected true or false")) {
            try Self.party(["id": "a", "insider": "maybe"])
        }
        #expect(throws: InputError(SourceLocation(file: "p.csv", line: 3), column: "id", "missing (required)")) {
            try Self.party(["name": "nobody"])
        }
    }
}
