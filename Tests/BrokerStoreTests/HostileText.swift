import Foundation
import BrokerTestSupport

/// Names and free text that try to break out of CSV, SQL, JSON, DOT, SVG, HTML or a terminal:
/// `Tests/Fixtures/hostile-names.json`, shared with the command-line tests.
enum HostileText {
    static let names: [String] = {
        let url = Repository.root.appendingPathComponent("Tests/Fixtures/hostile-names.json")
        return try! JSONDecoder().decode([String].self, from: Data(contentsOf: url))
    }()

    /// A CSV field: quoted, quotes doubled.
    static func csv(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// A transfers file where each name passes records to the next; free text is hostile too.
    static func transfersCSV() -> String {
        var out = "id,time,from,to,records,category,mode,channel,evidence,note\n"
        for (i, name) in names.enumerated() {
            let next = names[(i + 1) % names.count]
            let day = 1 + i
            out += [csv("H\(i)"), "2025-03-\(day < 10 ? "0" : "")\(day)", csv(name), csv(next), "\(10 + i)", "property", "sale",
                    csv(names[(i + 2) % names.count]), csv(names[(i + 3) % names.count]), csv(names[(i + 4) % names.count])]
                .joined(separator: ",") + "\n"
        }
        return out
    }
}
