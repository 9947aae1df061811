import Foundation
import Testing
@testable import BrokerStore

@Suite struct MigrationsTests {
    @Test("a case file of an older schema is upgraded when opened, data kept")
    func upgrade() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("old.sqlite").path
        let csv = dir.appendingPathComponent("t.csv")
        try Data("id,time,from,to,records,category\nT1,2025-01-01,a,b,1,other\n".utf8).write(to: csv)
        do {
            let store = try CaseStore(path: path, create: true)
            _ = try store.ingest(paths: [csv.path])
            // Put the file back to schema 2: the row-id index as it was before migration 3.
            try store.db.execute("""
                DROP INDEX transfers_row_id; CREATE UNIQUE INDEX transfers_row_id ON transfers(row_id);
                UPDATE meta SET value = '2' WHERE key = 'schema_version';
                """)
        }
        let store = try CaseStore(path: path)
        #expect(try store.setting("schema_version") == String(Migrations.all.count))
        let index = try store.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'transfers_row_id'")
        #expect(try index.step())
        #expect(index.text(0)?.hasSuffix("WHERE row_id IS NOT NULL") == true)
        index.reset()
        #expect(try store.load().transfers.label == ["T1"])
    }
}
