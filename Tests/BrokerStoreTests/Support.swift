import BrokerCase
import BrokerStore
import Foundation

/// Paths and helpers shared by the store tests.
enum Fixture {
    /// The repository's root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let badInput = root.appendingPathComponent("Tests/BrokerStoreTests/BadInput")
    static let sample = root.appendingPathComponent("samples/yantai-ring")

    /// Invented personal values used in the bad-input corpus: no message may contain them.
    static let personal = ["13800138000", "王芳", "老李", "13912345678", "zhao_"]

    /// A fresh temporary folder, removed by the caller with `cleanUp`.
    static func temporaryDirectory(_ name: String = #function) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("brokergraph-tests-\(name.filter(\.isLetter))-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A case file holding the sample case (parties and transfers), at `path`.
    static func sampleCase(at path: String) throws {
        let store = try CaseStore(path: path, create: true)
        _ = try store.ingest(paths: [sample.appendingPathComponent("parties.csv").path,
                                     sample.appendingPathComponent("transfers.csv").path])
    }

    static func write(_ text: String, to url: URL) {
        try! Data(text.utf8).write(to: url)
    }
}

extension String {
    /// The personal test values this text contains (none, for a message that leaks nothing).
    var leakedPersonalValues: [String] { Fixture.personal.filter { contains($0) } }
}
