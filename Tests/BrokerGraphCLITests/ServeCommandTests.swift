import BrokerTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `brokergraph serve` as a user starts it: the address it prints opens the case, and only with its token.
@Suite struct ServeCommandTests {
    @Test("serve prints a loopback address with a 64-hex-digit token; the case answers with it and refuses without")
    func serves() async throws {
        let s = try Scratch()
        let db = s.path("case.sqlite")
        let sample = Repository.sample
        let ingest = try s.run(["ingest", "--db", db, sample.appendingPathComponent("parties.csv").path,
                                sample.appendingPathComponent("transfers.csv").path])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let process = try Binary.start(["serve", "--db", db, "--port", "0"], in: s.url, name: "serve")
        defer { process.terminate(); process.waitUntilExit() }
        var line: String?
        for _ in 0..<600 where line == nil {
            let out = String(decoding: try Repository.contents(of: s.url.appendingPathComponent("serve.out")), as: UTF8.self)
            line = out.split(separator: "\n").first { $0.hasPrefix("open http://127.0.0.1:") }.map(String.init)
            if line == nil { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        let address = try #require(line?.dropFirst("open ".count)).description
        #expect(address.range(of: #"^http://127\.0\.0\.1:\d+/\?token=[0-9a-f]{64}$"#, options: .regularExpression) != nil, "\(address)")
        let base = String(address.prefix { $0 != "?" })
        let token = String(address.split(separator: "=").last ?? "")
        let (_, refused) = try await URLSession.shared.data(from: URL(string: base + "screening")!)
        #expect((refused as? HTTPURLResponse)?.statusCode == 403)
        let (body, ok) = try await URLSession.shared.data(from: URL(string: base + "screening?token=" + token)!)
        #expect((ok as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("牛建国"))
    }
}
