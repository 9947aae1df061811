import Foundation

/// The PostgreSQL server the tests use: `BROKERGRAPH_TEST_POSTGRES` (a superuser's URL; `scripts/test.sh`
/// starts a throwaway cluster and sets it, see `scripts/postgres.sh`).
public enum TestPostgres {
    /// The server's URL, when one is given.
    public static var url: String? { ProcessInfo.processInfo.environment["BROKERGRAPH_TEST_POSTGRES"] }

    /// Whether PostgreSQL tests run: when a server is given, and always under CI (`CI=true`), where a
    /// missing server must fail the tests instead of skipping them.
    /// Use as `@Test(.enabled(if: TestPostgres.enabled))`, so a skip shows as a skip.
    public static var enabled: Bool { url != nil || Repository.isCI }

    public struct Missing: Error, CustomStringConvertible {
        public var description: String { "BROKERGRAPH_TEST_POSTGRES is not set: run the tests through scripts/test.sh, or eval \"$(scripts/postgres.sh start)\"" }
    }

    /// The server's URL, or `Missing` (under CI without a server).
    public static func requireURL() throws -> String {
        guard let url else { throw Missing() }
        return url
    }

    /// A fresh case name for one test (tests run in parallel, each in its own case).
    public static func caseName(_ name: String = #function) -> String {
        "\(name.filter(\.isLetter).prefix(40))-\(UUID().uuidString.prefix(8))"
    }

    /// The server's URL with another user (loopback connections are trusted by the test cluster).
    public static func url(user: String) throws -> String {
        let url = try requireURL()
        guard let scheme = url.range(of: "://"), let at = url.range(of: "@", range: scheme.upperBound..<url.endIndex) else {
            return url
        }
        return String(url[..<scheme.upperBound]) + user + String(url[at.lowerBound...])
    }

    /// Runs SQL as the server's superuser through `psql`; returns what it printed (unaligned, tuples only).
    @discardableResult
    public static func admin(_ sql: String, as user: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let target = try user.map { try url(user: $0) } ?? requireURL()
        process.arguments = ["psql", target, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw PSQLFailure(message: String(decoding: errors, as: UTF8.self))
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public struct PSQLFailure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// A new login role (no superuser, no BYPASSRLS) for one test.
    public static func role(_ prefix: String = "investigator") throws -> String {
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        try admin("CREATE ROLE \"\(name)\" LOGIN NOSUPERUSER NOBYPASSRLS")
        return name
    }
}
