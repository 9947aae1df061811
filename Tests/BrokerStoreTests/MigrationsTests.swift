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
            // Put the file back to schema 1: without the tables and columns of migrations 2 to 6.
            try store.db.execute("""
                DROP TABLE batch_contents; DROP TABLE subjects; DROP TABLE identifiers; DROP TABLE identity_decisions;
                DROP TABLE payments; DROP TABLE audit; DROP TABLE transfer_totals; DROP INDEX ingests_content;
                ALTER TABLE ingests DROP COLUMN mapping_sha256; ALTER TABLE ingests DROP COLUMN sheet;
                ALTER TABLE ingests DROP COLUMN skipped; CREATE UNIQUE INDEX ingests_content ON ingests(kind, sha256);
                UPDATE meta SET value = '1' WHERE key = 'schema_version';
                """)
        }
        let store = try CaseStore(path: path)
        #expect(try store.setting("schema_version") == String(Migrations.all.count))
        let tables = try store.db.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('subjects', 'batch_contents', 'identifiers', 'identity_decisions', 'payments')")
        #expect(try tables.step() && tables.int(0) == 5)
        tables.reset()
        #expect(try Array(store.load().transfers.label) == ["T1"])
        // Its ingest predates the running totals: the summary scans the transfers.
        #expect(try store.summary().transfers == 1 && store.summary().records == 1)
    }

    @Test("a case file from before the identity tables: names read as sightings, so a phone named two ways is one party")
    func identityBackfill() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("old.sqlite").path
        let csv = dir.appendingPathComponent("t.csv")
        try Data("id,time,from,to,records,category\nT1,2025-01-01,a,+86 138 0535 1234,1,other\nT2,2025-01-02,138-0535-1234,b,1,other\n".utf8).write(to: csv)
        do {
            let store = try CaseStore(path: path, create: true)
            _ = try store.ingest(paths: [csv.path])
            try store.db.execute("""
                DROP TABLE identifiers; DROP TABLE identity_decisions;
                DROP TABLE payments; DROP TABLE audit; DROP TABLE transfer_totals; DROP INDEX ingests_content;
                ALTER TABLE ingests DROP COLUMN mapping_sha256; ALTER TABLE ingests DROP COLUMN sheet;
                ALTER TABLE ingests DROP COLUMN skipped; CREATE UNIQUE INDEX ingests_content ON ingests(kind, sha256);
                UPDATE meta SET value = '2' WHERE key = 'schema_version';
                """)
        }
        let store = try CaseStore(path: path)
        #expect(try store.sightings().filter { $0.source == "name" && $0.identifier.kind == .mobile }.count == 2)
        #expect(try store.load().parties.count == 3)
        #expect(try store.resolveIdentities().resolution.groups.count == 1)
    }
}
