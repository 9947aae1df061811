import ArgumentParser
import BrokerCase
import BrokerStore
import Foundation

/// Where the case is: `--db` (a case file, or `postgres://…`; else `BROKERGRAPH_DB`, else
/// `./brokergraph.sqlite`), and for PostgreSQL the case's name and where its key is.
struct CaseLocation: ParsableArguments {
    @Option(name: .customLong("case"), help: "The case's name in a PostgreSQL database (with --db postgres://…).")
    var caseName: String?

    @Option(name: .customLong("key-file"), help: "PostgreSQL cases: the case key file (else BROKERGRAPH_CASE_KEY); never stored in the database.")
    var keyFile: String?

    /// `--db`, else `BROKERGRAPH_DB`, else the default case file.
    static func database(_ db: String?) -> String {
        db ?? ProcessInfo.processInfo.environment["BROKERGRAPH_DB"] ?? CaseStore.defaultPath
    }

    /// Opens the case `db` names: the one place commands choose the store.
    func open(_ db: String?, create: Bool = false) throws -> any CaseDatabase {
        let db = CaseLocation.database(db)
        if PostgresStore.isURL(db) { return try openPostgres(db, create: create) }
        if caseName != nil { throw ValidationError("--case names a case in a PostgreSQL database (--db postgres://…)") }
        return try CaseStore(path: db, create: create)
    }

    func openPostgres(_ db: String, create: Bool = false) throws -> PostgresStore {
        guard let caseName else { throw ValidationError("--db postgres://… needs --case NAME (one database holds many cases)") }
        let store = try PostgresStore(url: db, case: caseName, create: create, keyFile: keyFile)
        if try store.bypassesRowSecurity(), try store.visibleCases() > 1 {
            FileHandle.standardError.write(Data("""
                brokergraph: WARNING: database role \(terminalSafe(store.role)) is a superuser or has BYPASSRLS: row-level \
                security does not apply to it and it can read every case in this database. Run investigations as a role \
                that is granted its cases (`brokergraph case grant`).

                """.utf8))
        }
        return store
    }
}

/// `brokergraph case`: cases on a PostgreSQL server.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Cases on a PostgreSQL server: push a case file up, pull it back, grant, revoke, list, audit.",
        discussion: """
            One database holds many cases, each named (--case NAME). Row-level security lets a database role \
            read only the cases granted to it, and write only those not granted read-only; the role that \
            creates a case (by its first ingest or push) is granted it. Connection settings follow \
            PostgreSQL's conventions: the URL, PG* environment variables, ~/.pgpass, sslmode.
            """,
        subcommands: [CasePush.self, CasePull.self, CaseGrant.self, CaseRevoke.self, CaseList.self, CaseAudit.self])
}

struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: "The PostgreSQL database (postgres://…; else BROKERGRAPH_DB).") var db: String?

    func url() throws -> String {
        let db = CaseLocation.database(db)
        guard PostgresStore.isURL(db) else { throw ValidationError("--db: expected a postgres:// or postgresql:// URL") }
        return db
    }
}

struct CasePush: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push", abstract: "Copy a whole case file into a new case on the server (the key stays with you).")
    @OptionGroup var server: ServerOptions
    @Option(name: .customLong("case"), help: "The new case's name.") var caseName: String
    @Argument(help: "The case file.") var file: String

    func run() throws {
        let url = try server.url()
        let local = try CaseStore(path: file)
        let store = try PostgresStore(url: url, case: caseName, create: true)
        let counts = try store.push(from: local, source: file)
        print("pushed \(terminalSafe(file)) to \(terminalSafe(store.path)): "
              + ["parties", "transfers", "payments", "batch_contents", "identity_decisions", "audit"]
              .map { "\(counts[$0] ?? 0) \($0)" }.joined(separator: ", "))
        let keyFile = CaseKey.path(forDatabase: file)
        print("""
            the case key was not uploaded (it is never stored in the database): investigators who add or look up \
            residents need it as BROKERGRAPH_CASE_KEY or --key-file \
            \(FileManager.default.fileExists(atPath: keyFile) ? terminalSafe(keyFile) : "(this file had none)"); hand it over separately
            """)
    }
}

struct CasePull: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull", abstract: "Copy a whole case from the server into a new case file.")
    @OptionGroup var server: ServerOptions
    @Option(name: .customLong("case"), help: "The case's name.") var caseName: String
    @Argument(help: "The case file to create.") var file: String

    func run() throws {
        let store = try PostgresStore(url: try server.url(), case: caseName)
        try store.pull(to: file)
        print("pulled \(terminalSafe(store.path)) into \(terminalSafe(file))")
        print("the case key is not in the database: set BROKERGRAPH_CASE_KEY, or put the key in \(terminalSafe(CaseKey.path(forDatabase: file))) (mode 0600), to add or look up residents")
    }
}

struct CaseGrant: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant", abstract: "Let a database role read (and, unless --read-only, write) a case.")
    @OptionGroup var server: ServerOptions
    @Argument(help: "The case's name.") var name: String
    @Argument(help: "The database role.") var role: String
    @Flag(help: "Read only: the role can read and run analyses, not ingest or decide.") var readOnly = false

    func run() throws {
        let store = try PostgresStore(url: try server.url(), case: name)
        try store.grant(role: role, readOnly: readOnly)
        print("granted \(terminalSafe(name)) to \(terminalSafe(role))\(readOnly ? " (read-only)" : "")")
    }
}

struct CaseRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Take a case away from a database role.")
    @OptionGroup var server: ServerOptions
    @Argument(help: "The case's name.") var name: String
    @Argument(help: "The database role.") var role: String

    func run() throws {
        let store = try PostgresStore(url: try server.url(), case: name)
        let removed = try store.revoke(role: role)
        print(removed ? "revoked \(terminalSafe(name)) from \(terminalSafe(role))" : "\(terminalSafe(role)) had no grant on \(terminalSafe(name))")
    }
}

struct CaseList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The cases granted to you.")
    @OptionGroup var server: ServerOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let cases = try PostgresStore.list(url: try server.url())
        if json { try printJSON(cases); return }
        printTable(["case", "created by", "created", "access"],
                   cases.map { [terminalSafe($0.name), terminalSafe($0.createdBy), $0.createdAt, $0.readOnly ? "read-only" : "read-write"] })
    }
}

struct CaseAudit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The case's audit log: who ingested, decided, exported, pushed, pulled or granted what, when.")
    @OptionGroup var server: ServerOptions
    @Argument(help: "The case's name.") var name: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let store = try PostgresStore(url: try server.url(), case: name)
        let log = try store.auditLog()
        if json { try printJSON(log); return }
        printTable(["at", "who", "action", "subject", "sha256", "detail"], log.map {
            [$0.at, terminalSafe($0.who), $0.action, terminalSafe($0.subject ?? ""), String(($0.sha256 ?? "").prefix(12)),
             terminalSafe($0.detail ?? "")]
        })
    }
}
