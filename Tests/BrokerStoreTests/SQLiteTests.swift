import Foundation
import Testing
@testable import BrokerStore

/// The statement layer: array binding, statements prepared once, errors that keep SQLite's message
/// and never show a bound value.
@Suite struct SQLiteTests {
    static func database() throws -> (Database, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return (try Database(path: dir.appendingPathComponent("t.sqlite").path, create: true), dir)
    }

    @Test("values bound from an array land in parameters 1, 2, … with their types; nil binds NULL")
    func bindArray() throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.execute("CREATE TABLE t(a, b, c, d, e, f)")
        let insert = try db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)")
        let none: String? = nil
        try insert.run([Int64(7), "名字", [UInt8]([1, 255]), none, true, Int?.some(3)])
        // A second run replaces every binding: nothing is left over from the first.
        try insert.run([Int64(8), "x", [UInt8](), Int64?.none, false, Int?.none])
        let read = try db.prepare("SELECT * FROM t ORDER BY a")
        var rows: [String] = []
        while try read.step() { rows.append((0..<6).map { read.describe($0) }.joined(separator: " | ")) }
        #expect(rows == ["i:7 | t:\"名字\" | b:1,ff | null | i:1 | i:3", "i:8 | t:\"x\" | b: | null | i:0 | null"])
    }

    @Test("a statement that cannot be prepared throws SQLite's message and the SQL")
    func prepareError() throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect {
            _ = try db.prepare("SELECT nope FROM missing_table")
        } throws: { error in
            let message = (error as? StoreError)?.message ?? ""
            return message.contains("no such table: missing_table") && message.contains("SELECT nope")
        }
    }

    @Test("a failing statement's error names the SQL, not the bound values (personal data)")
    func noValuesInErrors() throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.execute("CREATE TABLE t(name TEXT UNIQUE)")
        let insert = try db.prepare("INSERT INTO t VALUES (?)")
        try insert.run(["张三 110101199003077777"])
        #expect {
            try insert.run(["张三 110101199003077777"])
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.isConstraint && error.message.contains("INSERT INTO t") && !error.message.contains("张三")
                && !error.message.contains("110101199003077777")
        }
    }

    @Test("values bound one by one, text without a copy; clearing the bindings leaves none behind")
    func bindTyped() throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        try db.execute("CREATE TABLE t(a, b, c, d, e)")
        let insert = try db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)")
        let bytes = Array("名字".utf8)
        try bytes.withUnsafeBufferPointer { text in
            insert.bind(1, Int64(7))
            insert.bind(2, Int64?.none)
            insert.bind(3, "x")
            insert.bind(4, String?.none)
            insert.bindStatic(5, text)
            try insert.run()
        }
        insert.clearBindings()
        try insert.run()
        let read = try db.prepare("SELECT * FROM t ORDER BY rowid")
        var rows: [String] = []
        while try read.step() { rows.append((0..<5).map { read.describe($0) }.joined(separator: " | ")) }
        #expect(rows == ["i:7 | null | t:\"x\" | null | t:\"名字\"", "null | null | null | null | null"])
    }
}
