import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import BrokerTestSupport

/// Hostile names through the command line: stored as given, shown as text.
@Suite("Hostile text in outputs") struct HostileOutputTests {
    static let names: [String] = {
        let url = Repository.root.appendingPathComponent("Tests/Fixtures/hostile-names.json")
        return try! JSONDecoder().decode([String].self, from: Data(contentsOf: url))
    }()

    static func csv(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// A case where each hostile name passes records to the next, a day later: one long chain.
    static func hostileCase(in dir: URL) throws -> URL {
        var text = "id,time,from,to,records,category,mode,note\n"
        for (i, name) in names.enumerated() {
            text += [csv("H\(i) " + names[(i + 3) % names.count]), String(format: "2025-03-%02d", i + 1), csv(name),
                     csv(names[(i + 1) % names.count]), "\(10 + i)", "property", "sale", csv(names[(i + 2) % names.count])]
                .joined(separator: ",") + "\n"
        }
        let file = dir.appendingPathComponent("hostile.csv")
        try Data(text.utf8).write(to: file)
        let db = dir.appendingPathComponent("hostile.sqlite")
        let result = try Binary.run(["ingest", "--db", db.path, file.path], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        return db
    }

    @Test("JSON outputs carry every name as a JSON string, exactly")
    func json() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.hostileCase(in: dir)
        let all = Set(Self.names)

        let roles = try Binary.run(["roles", "--json", "--db", db.path], in: dir)
        #expect(roles.status == 0)
        let roleList = try #require(try Binary.json(roles.stdout) as? [[String: Any]])
        #expect(Set(roleList.compactMap { $0["party"] as? String }) == all)
        #expect(Set(roleList.compactMap { $0["name"] as? String }) == all)

        let components = try Binary.run(["components", "--json", "--db", db.path], in: dir)
        let groups = try #require(try Binary.json(components.stdout) as? [String: [[String]]])
        #expect(Set(groups["weak"]?.flatMap { $0 } ?? []) == all)

        let chains = try Binary.run(["chains", "--json", "--db", db.path], in: dir)
        #expect(chains.status == 0, "\(chains.stderr)")
        let list = try #require(try Binary.json(chains.stdout) as? [[String: Any]], "chains --json prints a list")
        let longest = try #require(list.first)
        #expect(longest["parties"] as? [String] == Self.names, "the ring, from its first transfer")
        let rowIDs = Set(Self.names.indices.map { "H\($0) " + Self.names[($0 + 3) % Self.names.count] })
        #expect(Set((longest["transfers"] as? [String]) ?? []).isSubset(of: rowIDs))

        for output in [roles.stdout, components.stdout, chains.stdout] {
            // Control characters inside names are escaped; the text is never interpreted.
            #expect(!output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        }
    }

    @Test("text outputs show names on one line each, control and bidi characters escaped")
    func text() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try Self.hostileCase(in: dir)
        let roles = try Binary.run(["roles", "--db", db.path], in: dir)
        #expect(roles.status == 0)
        #expect(roles.stdout.split(separator: "\n").count == Self.names.count + 1)
        for output in [roles.stdout, try Binary.run(["chains", "--db", db.path], in: dir).stdout,
                       try Binary.run(["components", "--db", db.path], in: dir).stdout] {
            #expect(!output.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x202A...0x202E).contains($0.value) })
            #expect(output.contains("<script>alert('x')</script>"), "shown as text, as given")
        }
    }
}

@Suite("Privacy through the command line") struct CLIPrivacyTests {
    static let personal = ["13800138000", "王芳", "老李", "13912345678", "zhao_"]

    @Test("bad rows: FILE:LINE on stderr, exit 1, no personal value; a failed new case leaves no file")
    func messages() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try FileManager.default.contentsOfDirectory(atPath: Repository.badInput.path)
            .filter { !["expected.tsv", "generate.py"].contains($0) }.sorted()
        var failed = 0
        for name in files {
            let db = dir.appendingPathComponent("new.sqlite")
            let file = Repository.badInput.appendingPathComponent(name).path
            let result = try Binary.run(["ingest", "--db", db.path, file], in: dir)
            for value in Self.personal {
                #expect(!result.stderr.contains(value), "\(name): \(result.stderr)")
            }
            if result.status != 0 {
                failed += 1
                #expect(result.stderr.hasPrefix("brokergraph: \(file):"), "\(name): \(result.stderr)")
                #expect(!FileManager.default.fileExists(atPath: db.path), "\(name): no case file left behind")
            }
            try? FileManager.default.removeItem(at: db)
        }
        #expect(failed >= 25)
    }

    @Test("the command line creates case files readable by their owner only, whatever the umask")
    func ownerOnly() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("case.sqlite")
        let old = umask(0o022)
        defer { umask(old) }
        let result = try Binary.run(["ingest", "--db", db.path, Repository.sample.appendingPathComponent("transfers.csv").path], in: dir)
        #expect(result.status == 0)
        for path in [db.path, db.path + ".key"] where FileManager.default.fileExists(atPath: path) {
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(path): \(String(mode ?? 0, radix: 8))")
        }
        #expect(FileManager.default.fileExists(atPath: db.path))
    }
}

/// Hostile names in pictures and the report: Graphviz, SVG and HTML must show them as text.
@Suite("Hostile text in pictures and the report") struct HostilePictureTests {
    /// Element and attribute names of an SVG, and whether it is well-formed XML.
    final class SVGScan: NSObject, XMLParserDelegate {
        var elements: [String] = []
        var attributes: [String] = []
        var ids: [String] = []
        var classes: [String] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append(name.lowercased())
            self.attributes += attributes.keys.map { $0.lowercased() }
            if let id = attributes["id"] { ids.append(id) }
            if let c = attributes["class"] { classes.append(c) }
        }
    }

    static func allStrings(_ value: Any) -> [String] {
        switch value {
        case let s as String: [s]
        case let a as [Any]: a.flatMap(allStrings)
        case let d as [String: Any]: d.keys.map { $0 } + d.values.flatMap(allStrings)
        default: []
        }
    }

    @Test("SVG and DOT: one node per party and one edge per transfer, nothing executable")
    func pictures() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try HostileOutputTests.hostileCase(in: dir)
        let n = HostileOutputTests.names.count
        for view in ["overview", "ring", "timeline"] {
            let svg = dir.appendingPathComponent("\(view).svg"), dot = dir.appendingPathComponent("\(view).dot")
            let drawn = try Binary.run(["render", "--db", db.path, "--view", view, "--out", svg.path], in: dir)
            #expect(drawn.status == 0, "\(drawn.stderr)")
            #expect(try Binary.run(["render", "--db", db.path, "--view", view, "--out", dot.path], in: dir).status == 0)
            let parser = try #require(XMLParser(contentsOf: svg))
            let scan = SVGScan()
            parser.delegate = scan
            #expect(parser.parse(), "\(view).svg is well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
            #expect(Set(scan.elements).isDisjoint(with: ["script", "img", "iframe", "foreignobject", "b", "object", "embed"]))
            #expect(!scan.attributes.contains { $0.hasPrefix("on") }, "no event handler attributes")
            if view == "overview" {
                // A name that broke out of its DOT string would add nodes or edges.
                #expect(scan.ids.filter { $0.first == "p" && Int($0.dropFirst()) != nil }.count == n)
                #expect(scan.classes.filter { $0 == "edge" }.count == n)
                let text = try String(contentsOf: dot, encoding: .utf8)
                let nodeLines = text.split(separator: "\n").filter { line in
                    // `  "p12" [...]`: a node statement (edges read `  "p1" -> "p2" [...]`).
                    guard line.hasPrefix("  \"p"), let close = line.dropFirst(3).firstIndex(of: "\"") else { return false }
                    return Int(line[line.index(line.startIndex, offsetBy: 4)..<close]) != nil
                        && line[close...].hasPrefix("\" [")
                }
                #expect(nodeLines.count == n)
            }
            for path in [svg.path, dot.path] {
                let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
                #expect(mode == 0o600, "\(path)")
            }
        }
    }

    @Test("HTML report: names escaped, no script, no image, no outside request; JSON report keeps them exactly")
    func report() throws {
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try HostileOutputTests.hostileCase(in: dir)
        let out = dir.appendingPathComponent("report")
        let result = try Binary.run(["report", "--db", db.path, "--out", out.path], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8).lowercased()
        for tag in ["<script", "<img", "<iframe", "<object", "<embed", "<b>x</b>"] {
            #expect(!html.contains(tag), "\(tag) in report.html")
        }
        #expect(!html.contains("<img src=x onerror"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http"), "no outside resource")
        let json = try Binary.json(String(decoding: try Repository.contents(of: out.appendingPathComponent("report.json")), as: UTF8.self))
        let strings = Set(Self.allStrings(json))
        #expect(Set(HostileOutputTests.names).isSubset(of: strings), "\(Set(HostileOutputTests.names).subtracting(strings))")
    }
}
