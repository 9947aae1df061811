import BrokerTestSupport
import Foundation
import Testing

/// What the command prints about itself.
@Suite struct HelpTests {
    @Test("--version prints the version")
    func version() throws {
        let s = try Scratch()
        let out = try s.run(["--version"])
        #expect(out.status == 0)
        #expect(out.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(out.stdout)")
    }

    /// The discussion is wrapped by ArgumentParser alone: no line ends early inside a paragraph
    /// (a text carrying its own line breaks gets wrapped twice and breaks mid-sentence).
    @Test(arguments: ["ingest", "roles", "chains", "hubs", "rings", "severity", "exposure", "export", "report", "serve"])
    func discussionWrapsOnce(command: String) throws {
        let s = try Scratch()
        let out = try s.run([command, "--help"])
        #expect(out.status == 0)
        let lines = out.stdout.components(separatedBy: "\n")
        let usage = try #require(lines.firstIndex { $0.hasPrefix("USAGE:") })
        // The discussion: after the OVERVIEW paragraph, up to USAGE.
        let overviewEnd = try #require(lines.firstIndex(of: ""))
        for i in (overviewEnd + 1)..<max(overviewEnd + 1, usage - 1) where !lines[i].isEmpty && !lines[i + 1].isEmpty {
            #expect(lines[i].count >= 50, "\(command): short line inside a paragraph: \(lines[i])")
        }
    }
}
