import BrokerCase
import BrokerInput
import BrokerStore
import BrokerTestSupport
import Foundation

/// Helpers shared by the store tests.
enum Fixture {
    /// Invented personal values used in the bad-input corpus: no message may contain them.
    static let personal = ["13800138000", "王芳", "老李", "13912345678", "zhao_"]

    /// A case file holding the sample case (parties and transfers), at `path`.
    static func sampleCase(at path: String) throws {
        let store = try CaseStore(path: path, create: true)
        _ = try store.ingest(paths: [Repository.sample.appendingPathComponent("parties.csv").path,
                                     Repository.sample.appendingPathComponent("transfers.csv").path])
    }

    static func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }
}

extension String {
    /// The personal test values this text contains (none, for a message that leaks nothing).
    var leakedPersonalValues: [String] { Fixture.personal.filter { contains($0) } }
}
