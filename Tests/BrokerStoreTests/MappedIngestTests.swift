import BrokerCase
import BrokerInput
@testable import BrokerStore
import BrokerTestSupport
import Foundation
import Testing

/// Ingest through a mapping: same store path, same contract as plain files.
@Suite struct MappedIngestTests {
    static let mapping = """
        skip:
          - {column: 时间, equals: [合计]}
        transfers:
          time: 时间
          from: 卖方
          to: 买方
          records: 条数
          category: {column: 信息类型, map: {房产信息: property}}
          mode: {value: sale}
          amount: 金额
        """
    static let ledger = """
        2025年台账,,,,,
        ,,,,,
        时间,卖方,买方,条数,信息类型,金额
        2025/3/1 14:03,niu,li,3千,房产信息,"¥1,500.00"
        2025年3月2日,li,agent01,1.2万,房产信息,0.15万元
        合计,,,15000,,

        """

    @Test("rows stored with file, row and the mapping's SHA-256; re-ingest adds nothing; another mapping is another ingest")
    func provenanceAndIdempotence() throws {
        let s = try Scratch()
        let mapPath = try s.write("ledger.yaml", Self.mapping)
        let csv = try s.write("ledger.csv", Self.ledger)
        let store = try CaseStore(path: s.path("c.sqlite"), create: true)
        let mapping = try Mapping.load(path: mapPath)
        let first = try store.ingest(paths: [csv], mapping: mapping)
        #expect(first[0].accepted == 2 && first[0].skipped == ["时间 = 合计": 1] && first[0].mapping == mapping.sha256)
        let rows = try store.db.prepare("SELECT t.line, i.file, i.mapping_sha256 FROM transfers t JOIN ingests i ON i.id = t.ingest_id ORDER BY t.id")
        var seen: [String] = []
        while try rows.step() { seen.append("\(rows.int(0)) \(rows.text(1) ?? "") \(rows.text(2) ?? "")") }
        #expect(seen == ["4 \(csv) \(mapping.sha256)", "5 \(csv) \(mapping.sha256)"])
        rows.reset()
        let data = try store.load()
        #expect(Array(data.transfers.label) == ["\(csv):4", "\(csv):5"] && data.transfers.records == [3000, 12_000])
        #expect(Array(data.transfers.amountFen) == [150_000, 150_000])

        let again = try store.ingest(paths: [csv], mapping: mapping)
        #expect(try again[0].alreadyIngested && store.load().transfers.count == 2)
        let other = try Mapping.parse(Array((Self.mapping + "\n  note: {value: second reading}\n").utf8), file: "other.yaml")
        let second = try store.ingest(paths: [csv], mapping: other)
        #expect(try !second[0].alreadyIngested && store.load().transfers.count == 4)
    }

    @Test("a sheet that declares parties between its transfers: a later row names the party a declaration merged into")
    func declarationsBetweenTransfers() throws {
        let s = try Scratch()
        // Row 2 names a seller by phone (a new, undeclared party); row 2 also declares p1 with that
        // phone as an alias (the two merge); rows 3 and after name the phone again: p1.
        let mapping = try Mapping.parse(Array("""
            transfers: {time: 时间, from: 卖方, to: 买方, records: 条数, category: {value: property}}
            parties: {id: 编号, name: 姓名, aliases: 电话}
            """.utf8), file: "m.yaml")
        var lines = ["时间,卖方,买方,条数,编号,姓名,电话", "2025-01-01,13800000001,b0,1,p1,张一,13800000001"]
        for i in 1..<3_000 { lines.append("2025-01-02,13800000001,b\(i),\(i + 1),q\(i),买家\(i),") }
        let csv = try s.write("sheet.csv", lines.joined(separator: "\n") + "\n")
        let store = try CaseStore(path: s.path("c.sqlite"), create: true)
        let report = try store.ingest(paths: [csv], mapping: mapping)[0]
        #expect(report.rejected == 0 && report.accepted == 2 * 3_000)
        let data = try store.load()
        let p1 = try #require(data.parties.firstIndex { $0.key == "p1" })
        #expect(data.transfers.count == 3_000 && data.transfers.from.allSatisfy { $0 == Int32(p1) })
        #expect(!data.parties.contains { $0.key == "13800000001" })
        #expect(data.parties.count == 1 + 2 * 3_000 - 1)
    }

    @Test("strict: the first bad row stops the run with FILE:ROW: field (header): what, the case unchanged")
    func strict() throws {
        let s = try Scratch()
        let mapping = try Mapping.parse(Array(Self.mapping.utf8), file: "m.yaml")
        let good = try s.write("good.csv", Self.ledger)
        let bad = try s.write("bad.csv", Self.ledger.replacingOccurrences(of: "1.2万", with: "很多"))
        let store = try CaseStore(path: s.path("c.sqlite"), create: true)
        _ = try store.ingest(paths: [good], mapping: mapping)
        let before = try store.dump()
        #expect(throws: InputError.self) { try store.ingest(paths: [bad], mapping: mapping) }
        do { _ = try store.ingest(paths: [bad], mapping: mapping) } catch let error as InputError {
            #expect(error.description == "\(bad):5: records (条数): not a count (expected e.g. 3000, 3000条, 3千 or 1.2万)")
        }
        #expect(try store.dump() == before)
        let lenient = try store.ingest(paths: [bad], mapping: mapping, lenient: true)
        #expect(lenient[0].accepted == 1 && lenient[0].rejected == 1)
        #expect(try store.rejectedRows().last?.column == "records (条数)")
    }

    @Test("a traded resident list: batch contents keyed-hashed at ingest, the batch's count = distinct residents")
    func residentList() throws {
        let s = try Scratch()
        let list = try s.write("list.csv", """
            海景花园业主名单,,,
            业主姓名,联系电话,楼号,房号
            张三,13900000001,3,301
            李四,139 0000 0002,3,302
            张三,+86 139-0000-0001,5,101
            王五,13900000003,5,102

            """)
        let mapping = try Mapping.parse(Array("""
            batches:
              batch: {value: B-NIU-01}
              subject: 联系电话
              category: {value: property}
            """.utf8), file: "list.yaml")
        let store = try CaseStore(path: s.path("c.sqlite"), create: true)
        let report = try store.ingest(paths: [list], mapping: mapping)
        #expect(report[0].accepted == 4 && report[0].residents == ["B-NIU-01": 3])
        let contents = try store.loadBatchContents()
        #expect(contents.members(batch: "B-NIU-01", category: .property)?.distinct.count == 3)
        let key = try store.caseKey()
        #expect(contents.subjects.contains(try #require(key.hash(identifier: "13900000001"))))
        let dump = try store.dump()
        #expect(!dump.contains("13900000001") && !dump.contains("张三"))
    }
}
