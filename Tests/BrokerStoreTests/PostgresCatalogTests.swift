import BrokerStore
import BrokerTestSupport
import Testing

/// The single-server schema against what Citus needs to distribute it by case (docs/distributed.md).
@Suite(.enabled(if: TestPostgres.enabled))
struct PostgresCatalogTests {
    static let global = "('cases', 'grants', 'schema_migrations')"

    init() throws { _ = try PostgresStore.list(url: TestPostgres.requireURL()) }   // the schema, migrated

    /// Names of the case tables (every table of the schema but the global ones) matching `condition`.
    func tables(where condition: String) throws -> [String] {
        try TestPostgres.admin("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'brokergraph' AND c.relkind = 'r' AND c.relname NOT IN \(Self.global) AND (\(condition))
            ORDER BY 1
            """).split(separator: "\n").map(String.init)
    }

    @Test func everyCaseTableStartsWithCaseID() throws {
        #expect(try tables(where: "true").count == 13)   // PGSchema.caseTables and audit
        #expect(try tables(where: """
            NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum = 1 AND a.attname = 'case_id'
                        AND a.attnotnull AND a.atttypid = 'bigint'::regtype)
            """) == [])
    }

    @Test func everyKeyAndForeignKeyIncludesCaseID() throws {
        let missing = try TestPostgres.admin("""
            SELECT c.relname || '.' || con.conname FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'brokergraph' AND c.relname NOT IN \(Self.global) AND con.contype IN ('p', 'u', 'f')
              AND NOT (SELECT attnum FROM pg_attribute WHERE attrelid = c.oid AND attname = 'case_id') = ANY (con.conkey)
            """)
        #expect(missing == "")
        // A foreign key to another case table joins on case_id there too (to `cases` it is the key).
        let unjoined = try TestPostgres.admin("""
            SELECT c.relname || '.' || con.conname FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'brokergraph' AND con.contype = 'f' AND r.relname NOT IN \(Self.global)
              AND NOT (SELECT attnum FROM pg_attribute WHERE attrelid = r.oid AND attname = 'case_id') = ANY (con.confkey)
            """)
        #expect(unjoined == "")
        let indexes = try TestPostgres.admin("""
            SELECT i.indexrelid::regclass::text FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'brokergraph' AND c.relname NOT IN \(Self.global) AND i.indisunique
              AND NOT (SELECT attnum FROM pg_attribute WHERE attrelid = c.oid AND attname = 'case_id') = ANY (i.indkey::int2[])
            """)
        #expect(indexes == "")
    }

    @Test func rowLevelSecurityIsForcedOnCaseTablesAndCases() throws {
        #expect(try tables(where: "NOT (c.relrowsecurity AND c.relforcerowsecurity)") == [])
        #expect(try TestPostgres.admin("""
            SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = 'brokergraph.cases'::regclass
            """) == "t")
    }
}
