import BrokerTestSupport
import Foundation
import Testing

/// End to end: `map suggest`, `map check` and `ingest --map` on a typical seized ledger.
@Suite struct MapCommandTests {
    /// A ledger as seized: a title and a blank row above the header, Chinese column names, dates,
    /// counts and amounts written by hand, a totals row.
    static let ledger = """
        2025年个人信息交易台账,,,,,
        ,,,,,
        时间,卖方,买方,条数,信息类型,金额
        2025/3/1 14:03,牛建国,李晓峰,3千,房产信息,"¥1,500.00"
        2025年3月2日,李晓峰,agent01,1.2万,房产信息,0.15万元
        2025.03.05,李晓峰,agent02,300条,征信信息,600元
        合计,,,15300,,

        """

    @Test("the draft of a typical ledger works unchanged: suggest, check, ingest, summary")
    func suggestThenIngest() throws {
        let s = try Scratch()
        try s.write("ledger.csv", Self.ledger)
        let draft = try s.run(["map", "suggest", "ledger.csv"])
        #expect(draft.status == 0, "\(draft.stderr)")
        try s.write("ledger.yaml", draft.stdout)
        let check = try s.run(["map", "check", "ledger.yaml", "ledger.csv", "--json"])
        #expect(check.status == 0, "\(check.stderr)")
        let report = try #require(try check.json() as? [String: Any])
        #expect(report["header_row"] as? Int == 3 && (report["problems"] as? [String])?.isEmpty == true)
        #expect((report["rows"] as? [[String: String]])?.map { $0["records"] ?? "" } == ["3000", "12000", "300"])
        #expect((report["rows"] as? [[String: String]])?.map { $0["category"] ?? "" } == ["real_estate", "real_estate", "credit"])
        #expect(!FileManager.default.fileExists(atPath: s.path("brokergraph.sqlite")))

        let ingest = try s.run(["ingest", "--db", "c.sqlite", "--map", "ledger.yaml", "ledger.csv"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("3 of 3 rows stored, 1 skipped"))
        let summary = try #require(try s.run(["summary", "--db", "c.sqlite", "--json"]).json() as? [String: Any])
        #expect(summary["transfers"] as? Int == 3 && summary["records"] as? Int == 15_300)
        #expect(summary["amount"] as? Double == 3_600)
        let again = try s.run(["ingest", "--db", "c.sqlite", "--map", "ledger.yaml", "ledger.csv"])
        #expect(again.stdout.contains("already ingested"))
    }

    @Test("map check lists every problem with FILE:ROW: field (header), never the value, and exits 1")
    func checkProblems() throws {
        let s = try Scratch()
        try s.write("ledger.csv", Self.ledger.replacingOccurrences(of: "1.2万", with: "好多").replacingOccurrences(of: "2025.03.05", with: "昨天"))
        try s.write("ledger.yaml", """
            transfers: {time: 时间, from: 卖方, to: 买方, records: 条数, category: {column: 信息类型, map: {房产信息: property, 征信信息: credit}}}
            skip: [{column: 时间, equals: 合计}]
            """)
        let check = try s.run(["map", "check", "ledger.yaml", "ledger.csv"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("ledger.csv:5: records (条数): not a count"))
        #expect(check.stdout.contains("ledger.csv:6: time (时间): not a date or date-time"))
        #expect(!check.stdout.contains("好多") && !check.stdout.contains("昨天"))
        let strict = try s.run(["ingest", "--db", "c.sqlite", "--map", "ledger.yaml", "ledger.csv"])
        #expect(strict.status != 0 && strict.stderr.hasPrefix("brokergraph: ledger.csv:5: records (条数): not a count"))
        #expect(!FileManager.default.fileExists(atPath: s.path("c.sqlite")))
    }

    @Test("a mistake in a mapping is named by file, line and key before any file is read")
    func badMapping() throws {
        let s = try Scratch()
        try s.write("ledger.csv", Self.ledger)
        try s.write("m.yaml", "transfers:\n  time: 时间\n  form: 卖方\n")
        let out = try s.run(["ingest", "--db", "c.sqlite", "--map", "m.yaml", "ledger.csv"])
        #expect(out.status != 0 && out.stderr.hasPrefix("brokergraph: m.yaml:3: transfers.form: unknown key"))
    }

    @Test("a workbook sheet that is not there, and text that is not GB18030, stop before anything is stored")
    func unreadable() throws {
        let s = try Scratch()
        let ledger = Repository.sample.appendingPathComponent("seized/ledger.xlsx").path
        try s.write("m.yaml", "reader: {sheet: 台账2024}\ntransfers: {time: 时间, from: 卖方, to: 买方, records: 条数, category: {value: other}}\n")
        let sheet = try s.run(["ingest", "--db", "c.sqlite", "--map", "m.yaml", ledger])
        #expect(sheet.status != 0 && sheet.stderr.contains("no sheet") && sheet.stderr.contains("交易台账"), "\(sheet.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.path("c.sqlite")))

        var bytes = Array("时间,卖方,买方,条数\n".data(using: .utf8)!)   // UTF-8 header, declared GB18030 below
        bytes += [0x32, 0x30, 0x32, 0x35, 0x2C, 0xFF, 0xFF, 0x2C, 0x62, 0x2C, 0x31, 0x0A]
        try Data(bytes).write(to: s.url.appendingPathComponent("bad.csv"))
        try s.write("g.yaml", "reader: {encoding: gb18030}\ntransfers: {time: 时间, from: 卖方, to: 买方, records: 条数, category: {value: other}}\n")
        let text = try s.run(["ingest", "--db", "c.sqlite", "--map", "g.yaml", "bad.csv"])
        #expect(text.status != 0 && text.stderr.hasPrefix("brokergraph: bad.csv"), "\(text.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.path("c.sqlite")))
    }

    @Test("map suggest on a traded resident list: a batches mapping named after the file, identifiers hashed at ingest")
    func residentList() throws {
        let s = try Scratch()
        try s.write("B-TEST-01.csv", "海景花园业主名单,,,\n业主姓名,联系电话,楼号,房号\n张三,13900000001,3,301\n李四,13900000002,3,302\n张三,13900000001,5,101\n")
        let draft = try s.run(["map", "suggest", "B-TEST-01.csv"])
        #expect(draft.status == 0 && draft.stdout.contains("batches:") && draft.stdout.contains("subject: 联系电话"), "\(draft.stdout)")
        try s.write("list.yaml", draft.stdout)
        let out = try s.run(["ingest", "--db", "c.sqlite", "--map", "list.yaml", "B-TEST-01.csv"])
        #expect(out.status == 0 && out.stdout.contains("batch B-TEST-01: 2 distinct residents"), "\(out.stdout)\(out.stderr)")
    }
}
