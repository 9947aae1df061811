import Foundation

/// Places in the repository and scratch folders for tests.
public enum Repository {
    /// The package root, found from this file's path.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// The bundled sample case.
    public static let sample = root.appendingPathComponent("samples/yantai-ring")
    /// The bad-input corpus and its expected messages.
    public static let badInput = root.appendingPathComponent("Tests/BrokerStoreTests/BadInput")
    /// The shared public datasets, beside the project (absent on some machines: tests skip).
    public static let datasets = root.deletingLastPathComponent().appendingPathComponent("shared/datasets")

    /// Whether a dataset file exists (for `.enabled(if:)`; under CI a missing dataset fails, see
    /// `requireDatasetsUnderCI`).
    public static func hasDataset(_ relativePath: String) -> Bool {
        FileManager.default.fileExists(atPath: datasets.appendingPathComponent(relativePath).path)
    }

    /// True when the environment says this is a CI run (`CI=true`): checks that cannot run must fail.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// A fresh temporary folder, named after the calling test.
    public static func temporaryDirectory(_ name: String = #function) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("brokergraph-tests-\(name.filter(\.isLetter))-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A file's bytes. (Not `Data(contentsOf:)`: it leaks a buffer on an empty file in this
    /// Foundation, which LeakSanitizer reports.)
    public static func contents(of url: URL) throws -> Data {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        return try handle.readToEnd() ?? Data()
    }
}
