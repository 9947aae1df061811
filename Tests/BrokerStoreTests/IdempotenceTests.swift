import BrokerCase
import BrokerInput
import BrokerStore
import Foundation
import Testing
import BrokerTestSupport

@Suite("Ingesting the same content again") struct IdempotenceTests {
    @Test("a transfers file with row ids, ingested twice, adds nothing the second time", arguments: [false, true])
    func twice(lenient: Bool) throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try CaseStore(path: dir.appendingPathComponent("c.sqlite").path, create: true)
        let transfers = Repository.sample.appendingPathComponent("transfers.csv").path
        let first = try store.ingest(paths: [transfers], lenient: lenient)
        let dump = try store.dump()
        let second = try store.ingest(paths: [transfers], lenient: lenient)
        #expect(first.map(\.alreadyIngested) == [false])
        #expect(second.map(\.alreadyIngested) == [true])
        #expect(second.map(\.accepted) == [0])
        #expect(second.map(\.rejected) == [0])
        #expect(try store.dump() == dump)
    }

    @Test("a different file that repeats a row id still fails in strict mode, naming the row")
    func repeatedID() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try CaseStore(path: dir.appendingPathComponent("c.sqlite").path, create: true)
        _ = try store.ingest(paths: [Repository.sample.appendingPathComponent("transfers.csv").path])
        let other = dir.appendingPathComponent("other.csv")
        try Fixture.write("id,time,from,to,records,category\nNEW1,2025-03-01,a,b,1,property\nT001,2025-03-01,a,b,1,property\n", to: other)
        let dump = try store.dump()
        let error = #expect(throws: InputError.self) { try store.ingest(paths: [other.path]) }
        #expect(error?.description == "\(other.path):3: id: this id is already in the case (row ids must be unique)")
        #expect(try store.dump() == dump)
    }
}
