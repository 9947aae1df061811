/// The PostgreSQL schema (`brokergraph`): the same logical tables as the SQLite case file
/// (`Migrations`), each with `case_id` first and in every primary key, unique constraint and foreign
/// key, so the tables can be distributed on Citus by case (docs/distributed.md). Append-only
/// migrations, counted in `brokergraph.schema_migrations`.
enum PGSchema {
    /// A column of a case table: its name (as in the SQLite file) and how its values are typed.
    struct Column {
        enum Kind { case int, text, bytes }
        var name: String
        var kind: Kind
    }

    /// A case table, with the columns a push or pull moves (in the SQLite file's terms).
    struct Table {
        var name: String
        var columns: [Column]
        /// The order rows are moved in (keeps ids and the insertion order of `aliases`); for tables
        /// that get rows at ingest, the increasing key that tells an ingest's new rows.
        var order: String
    }

    private static func table(_ name: String, _ spec: String, order: String = "id") -> Table {
        Table(name: name, columns: spec.split(separator: " ").map { item in
            let parts = item.split(separator: ":")
            let kind: Column.Kind = parts.count > 1 ? (parts[1] == "t" ? .text : .bytes) : .int
            return Column(name: String(parts[0]), kind: kind)
        }, order: order)
    }

    /// Every case table, parents before children (foreign keys).
    static let tables: [Table] = [
        table("meta", "key:t value:t", order: "key"),
        table("ingests", "id kind:t file:t sha256:t ingested_at:t rows accepted rejected lenient mapping_sha256:t sheet:t skipped"),
        table("parties", "id key:t name:t occupation:t organization:t insider declared ingest_id line"),
        table("aliases", "alias:t party_id", order: "party_id, alias"),
        table("transfers", "id row_id:t ingest_id line time:t time_earliest time_latest from_party to_party records category:t mode:t amount_fen batch:t channel:t evidence:t note:t"),
        table("rejected_rows", "id ingest_id line column_name:t reason:t raw:t"),
        table("subjects", "id hash:b"),
        table("batch_contents", "id ingest_id line batch:t subject_id category:t"),
        table("identifiers", "id party_id kind:t value:t partial ingest_id line source:t"),
        table("identity_decisions", "id made_at:t kind:t party_a:t party_b:t reason:t evidence:t suggestion"),
        table("payments", "id ingest_id line time:t time_earliest time_latest payer payee amount_fen reference:t note:t"),
        table("audit", "id at:t who:t action:t subject:t sha256:t detail:t"),
        table("transfer_totals", "ingest_id transfers records amount_fen first last", order: "ingest_id"),
    ]

    /// The policies every case table gets: a role sees the rows of the cases granted to it, and
    /// writes only those granted without `read_only`. Row-level security is forced, so the tables'
    /// owner is held to it too.
    private static func policies(_ table: String, writable: Bool = true) -> String {
        var sql = """
            ALTER TABLE brokergraph.\(table) ENABLE ROW LEVEL SECURITY;
            ALTER TABLE brokergraph.\(table) FORCE ROW LEVEL SECURITY;
            CREATE POLICY granted_read ON brokergraph.\(table) FOR SELECT
                USING (case_id IN (SELECT g.case_id FROM brokergraph.grants g WHERE g.role = current_user));

            """
        if writable {
            for command in ["INSERT", "UPDATE", "DELETE"] {
                let check = "case_id IN (SELECT g.case_id FROM brokergraph.grants g WHERE g.role = current_user AND NOT g.read_only)"
                sql += "CREATE POLICY granted_\(command.lowercased()) ON brokergraph.\(table) FOR \(command) "
                    + (command == "INSERT" ? "WITH CHECK (\(check));\n" : "USING (\(check));\n")
            }
            sql += "GRANT SELECT, INSERT, UPDATE, DELETE ON brokergraph.\(table) TO PUBLIC;\n"
        }
        return sql
    }

    static let caseTables = ["meta", "ingests", "parties", "aliases", "transfers", "rejected_rows", "subjects",
                             "batch_contents", "identifiers", "identity_decisions", "payments", "transfer_totals"]

    static let migrations: [String] = [
        """
        CREATE TABLE brokergraph.cases(
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name text NOT NULL,
            created_by name NOT NULL DEFAULT current_user,
            created_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (created_by, name));
        CREATE TABLE brokergraph.grants(
            case_id bigint NOT NULL REFERENCES brokergraph.cases(id) ON DELETE CASCADE,
            role name NOT NULL,
            read_only boolean NOT NULL DEFAULT false,
            PRIMARY KEY (case_id, role));
        CREATE TABLE brokergraph.meta(
            case_id bigint NOT NULL REFERENCES brokergraph.cases(id),
            key text NOT NULL,
            value text NOT NULL,
            PRIMARY KEY (case_id, key));
        CREATE TABLE brokergraph.ingests(
            case_id bigint NOT NULL REFERENCES brokergraph.cases(id),
            id bigint NOT NULL,
            kind text NOT NULL,
            file text NOT NULL,
            sha256 text,
            ingested_at text NOT NULL,
            rows bigint NOT NULL DEFAULT 0,
            accepted bigint NOT NULL DEFAULT 0,
            rejected bigint NOT NULL DEFAULT 0,
            lenient bigint NOT NULL DEFAULT 0,
            mapping_sha256 text,
            sheet text,
            skipped bigint NOT NULL DEFAULT 0,
            PRIMARY KEY (case_id, id));
        CREATE UNIQUE INDEX ingests_content ON brokergraph.ingests(case_id, kind, sha256, coalesce(mapping_sha256, ''));
        CREATE TABLE brokergraph.parties(
            case_id bigint NOT NULL REFERENCES brokergraph.cases(id),
            id bigint NOT NULL,
            key text NOT NULL,
            name text NOT NULL,
            occupation text,
            organization text,
            insider bigint NOT NULL DEFAULT 0,
            declared bigint NOT NULL DEFAULT 0,
            ingest_id bigint,
            line bigint,
            PRIMARY KEY (case_id, id),
            UNIQUE (case_id, key),
            FOREIGN KEY (case_id, ingest_id) REFERENCES brokergraph.ingests(case_id, id));
        CREATE TABLE brokergraph.aliases(
            case_id bigint NOT NULL REFERENCES brokergraph.cases(id),
            alias text NOT NULL,
            party_id bigint NOT NULL,
            PRIMARY KEY (case_id, alias),
            FOREIGN KEY (case_id, party_id) REFERENCES brokergraph.parties(case_id, id));
        CREATE TABLE brokergraph.transfers(
            case_id bigint NOT NULL REFERENCES brokergraph.cases(id),
            id bigint NOT NULL,
            row_id text,
            ingest_id bigint NOT NULL,
            line bigint NOT NULL,
            time text NOT NULL,
            time_earliest bigint NOT NULL,
            time_latest bigint NOT NULL,
            from_party bigint NOT NULL,
            to_party bigint NOT NULL,
            records bigint NOT NULL,
            category text NOT NULL,
            mode text NOT NULL,
            amount_fen bigint,
            batch text,
            channel text,
            evidence text,
            note text,
            PRIMARY KEY (case_id, id));
        -- transfers(case_id, ingest_id) -> ingests and (case_id, from_party/to_party) -> parties are
        -- checked set-based by every ingest and push (`PostgresStore.checkReferences`), not by
        -- per-row foreign keys: on the largest table those cost 27 of the 30 s of a 1M-row COPY.
        CREATE UNIQUE INDEX transfers_row_id ON brokergraph.transfers(case_id, row_id) WHERE row_id IS NOT NULL;
        CREATE TABLE brokergraph.rejected_rows(
            case_id bigint NOT NULL REFERENCES brokergraph.cases(id),
            id bigint NOT NULL,
            ingest_id bigint NOT NULL,
            line bigint NOT NULL,
            column_name text,
            reason text NOT NULL,
            raw text,
            PRIMARY KEY (case_id, id),
            FOREIGN KEY (case_id, ingest_id) REFERENCES brokergraph.ingests(case_id, id));
        CREATE TABLE brokergraph.subjects(
            case_id bigint NOT NULL REFERENCES brokergraph.cases(id),
            id bigint NOT NULL,
            hash bytea NOT NULL,
            PRIMARY KEY (case_id, id),
            UNIQUE (case_id, hash));
        CREATE TABLE brokergraph.batch_contents(
            case_id bigint NOT NULL REFERENCES brokergraph.cases(id),
            id bigint NOT NULL,
            ingest_id bigint NOT NULL,
            line bigint NOT NULL,
            batch text NOT NULL,
            subject_id bigint NOT NULL,
            category text,
            PRIMARY KEY (case_id, id),
            FOREIGN KEY (case_id, ingest_id) REFERENCES brokergraph.ingests(case_id, id),
            FOREIGN KEY (case_id, subject_id) REFERENCES brokergraph.subjects(case_id, id));
        CREATE TABLE brokergraph.identifiers(
            case_id bigint NOT NULL REFERENCES brokergraph.cases(id),
            id bigint NOT NULL,
            party_id bigint NOT NULL,
            kind text NOT NULL,
            value text NOT NULL,
            partial bigint NOT NULL DEFAULT 0,
            ingest_id bigint,
            line bigint,
            source text NOT NULL,
            PRIMARY KEY (case_id, id),
            FOREIGN KEY (case_id, party_id) REFERENCES brokergraph.parties(case_id, id),
            FOREIGN KEY (case_id, ingest_id) REFERENCES brokergraph.ingests(case_id, id));
        CREATE TABLE brokergraph.identity_decisions(
            case_id bigint NOT NULL REFERENCES brokergraph.cases(id),
            id bigint NOT NULL,
            made_at text NOT NULL,
            kind text NOT NULL,
            party_a text NOT NULL,
            party_b text,
            reason text NOT NULL,
            evidence text,
            suggestion bigint,
            PRIMARY KEY (case_id, id));
        CREATE TABLE brokergraph.payments(
            case_id bigint NOT NULL REFERENCES brokergraph.cases(id),
            id bigint NOT NULL,
            ingest_id bigint NOT NULL,
            line bigint NOT NULL,
            time text NOT NULL,
            time_earliest bigint NOT NULL,
            time_latest bigint NOT NULL,
            payer bigint NOT NULL,
            payee bigint NOT NULL,
            amount_fen bigint NOT NULL,
            reference text,
            note text,
            PRIMARY KEY (case_id, id),
            FOREIGN KEY (case_id, ingest_id) REFERENCES brokergraph.ingests(case_id, id),
            FOREIGN KEY (case_id, payer) REFERENCES brokergraph.parties(case_id, id),
            FOREIGN KEY (case_id, payee) REFERENCES brokergraph.parties(case_id, id));
        -- Running totals of each ingest's transfers, so `summary` reads one row per ingest.
        CREATE TABLE brokergraph.transfer_totals(
            case_id bigint NOT NULL REFERENCES brokergraph.cases(id),
            ingest_id bigint NOT NULL,
            transfers bigint NOT NULL,
            records bigint NOT NULL,
            amount_fen bigint NOT NULL,
            first bigint,
            last bigint,
            PRIMARY KEY (case_id, ingest_id),
            FOREIGN KEY (case_id, ingest_id) REFERENCES brokergraph.ingests(case_id, id));
        -- The audit log: append-only. `at`/`who` are as the event was recorded (a pushed case keeps its
        -- file's history); `recorded_by`/`recorded_at` are set by the server (trigger) and cannot lie.
        CREATE TABLE brokergraph.audit(
            case_id bigint NOT NULL REFERENCES brokergraph.cases(id),
            id bigint NOT NULL GENERATED ALWAYS AS IDENTITY,
            at text NOT NULL,
            who text NOT NULL,
            action text NOT NULL,
            subject text,
            sha256 text,
            detail text,
            recorded_by name NOT NULL DEFAULT current_user,
            recorded_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (case_id, id));
        CREATE FUNCTION brokergraph.audit_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = '42501';
            END IF;
            NEW.recorded_by := current_user;
            NEW.recorded_at := now();
            RETURN NEW;
        END $$;
        CREATE TRIGGER audit_append_only BEFORE INSERT OR UPDATE OR DELETE ON brokergraph.audit
            FOR EACH ROW EXECUTE FUNCTION brokergraph.audit_stamp();
        CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON brokergraph.audit
            FOR EACH STATEMENT EXECUTE FUNCTION brokergraph.audit_stamp();
        ALTER TABLE brokergraph.audit ENABLE ROW LEVEL SECURITY;
        ALTER TABLE brokergraph.audit FORCE ROW LEVEL SECURITY;
        CREATE POLICY granted_read ON brokergraph.audit FOR SELECT
            USING (case_id IN (SELECT g.case_id FROM brokergraph.grants g WHERE g.role = current_user));
        CREATE POLICY granted_append ON brokergraph.audit FOR INSERT
            WITH CHECK (case_id IN (SELECT g.case_id FROM brokergraph.grants g WHERE g.role = current_user));
        REVOKE ALL ON brokergraph.audit FROM PUBLIC;
        GRANT SELECT, INSERT ON brokergraph.audit TO PUBLIC;

        -- Cases and grants. A role sees only the cases granted to it and its own grants; cases are
        -- created and shared through the functions below (SECURITY DEFINER: they act as the schema's
        -- owner, on behalf of the role that logged in, `session_user`).
        ALTER TABLE brokergraph.cases ENABLE ROW LEVEL SECURITY;
        ALTER TABLE brokergraph.cases FORCE ROW LEVEL SECURITY;
        CREATE POLICY granted_read ON brokergraph.cases FOR SELECT
            USING (id IN (SELECT g.case_id FROM brokergraph.grants g WHERE g.role = current_user));
        CREATE POLICY owner_functions ON brokergraph.cases TO CURRENT_USER USING (true) WITH CHECK (true);
        ALTER TABLE brokergraph.grants ENABLE ROW LEVEL SECURITY;
        CREATE POLICY own_grants ON brokergraph.grants FOR SELECT USING (role = current_user);
        GRANT USAGE ON SCHEMA brokergraph TO PUBLIC;
        GRANT SELECT ON brokergraph.cases, brokergraph.grants, brokergraph.schema_migrations TO PUBLIC;

        CREATE FUNCTION brokergraph.create_case(p_name text) RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE new_id bigint;
        BEGIN
            INSERT INTO brokergraph.cases(name, created_by) VALUES (p_name, session_user) RETURNING id INTO new_id;
            INSERT INTO brokergraph.grants(case_id, role, read_only) VALUES (new_id, session_user, false);
            RETURN new_id;
        END $$;
        CREATE FUNCTION brokergraph.grant_case(p_case bigint, p_role name, p_read_only boolean) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM brokergraph.grants WHERE case_id = p_case AND role = session_user AND NOT read_only) THEN
                RAISE EXCEPTION 'no such case, or it is granted to you read-only' USING ERRCODE = '42501';
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN
                RAISE EXCEPTION 'no such role' USING ERRCODE = '42704';
            END IF;
            INSERT INTO brokergraph.grants(case_id, role, read_only) VALUES (p_case, p_role, p_read_only)
                ON CONFLICT (case_id, role) DO UPDATE SET read_only = excluded.read_only;
        END $$;
        CREATE FUNCTION brokergraph.revoke_case(p_case bigint, p_role name) RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE n bigint;
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM brokergraph.grants WHERE case_id = p_case AND role = session_user AND NOT read_only) THEN
                RAISE EXCEPTION 'no such case, or it is granted to you read-only' USING ERRCODE = '42501';
            END IF;
            DELETE FROM brokergraph.grants WHERE case_id = p_case AND role = p_role;
            GET DIAGNOSTICS n = ROW_COUNT;
            RETURN n;
        END $$;
        CREATE FUNCTION brokergraph.case_grants(p_case bigint) RETURNS TABLE(role name, read_only boolean)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            SELECT g.role, g.read_only FROM brokergraph.grants g
            WHERE g.case_id = p_case
              AND EXISTS (SELECT 1 FROM brokergraph.grants m WHERE m.case_id = p_case AND m.role = session_user)
            ORDER BY g.role
        $$;
        REVOKE ALL ON FUNCTION brokergraph.create_case(text), brokergraph.grant_case(bigint, name, boolean),
            brokergraph.revoke_case(bigint, name), brokergraph.case_grants(bigint) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION brokergraph.create_case(text), brokergraph.grant_case(bigint, name, boolean),
            brokergraph.revoke_case(bigint, name), brokergraph.case_grants(bigint) TO PUBLIC;
        """ + caseTables.map { policies($0) }.joined(),
        // 2. No per-row foreign key from `transfers` to `cases`: its trigger cost 7.1 of the 14 s of
        // the INSERT … SELECT of 1M transfers (EXPLAIN ANALYZE). The row's case is held by the
        // policies (a role under row-level security writes only case ids it has a read-write grant
        // to, and a grant's case exists: `grants` references `cases` ON DELETE CASCADE), and for every
        // role by the set-based check of each ingest and push (`PostgresStore.checkReferences`).
        """
        ALTER TABLE brokergraph.transfers DROP CONSTRAINT transfers_case_id_fkey;
        """,
    ]
}
