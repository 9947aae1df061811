import Foundation
import Testing

/// Runs the built `brokergraph` binary, as a user would.
enum Binary {
    /// The package root, from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let sample = packageRoot.appendingPathComponent("samples/yantai-ring")

    /// The binary: next to the test bundle (any build folder or configuration), else in the
    /// package's `.build/debug`, else where `swift build --show-bin-path` says.
    static let url: URL? = {
        var candidates: [URL] = []
        if let me = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var dir = URL(fileURLWithPath: me).deletingLastPathComponent()
            // Inside a bundle (macOS layout) the binary sits a few levels up.
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("brokergraph"))
                dir = dir.deletingLastPathComponent()
            }
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/brokergraph"))
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) { return found }
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        shell.arguments = ["swift", "build", "--show-bin-path", "--package-path", packageRoot.path]
        let out = Pipe()
        shell.standardOutput = out
        shell.standardError = FileHandle.nullDevice
        guard (try? shell.run()) != nil else { return nil }
        let path = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        shell.waitUntilExit()
        let url = URL(fileURLWithPath: path).appendingPathComponent("brokergraph")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }()

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Standard output parsed as JSON.
        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    /// Runs the binary with `arguments` in `directory`, feeding `input` on standard input.
    static func run(_ arguments: [String], in directory: URL, input: Data? = nil) throws -> Output {
        let binary = try #require(url, "brokergraph binary not found: run `swift build` first")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // Output goes to files: a pipe could fill up and block the child.
        let id = UUID().uuidString
        let outURL = directory.appendingPathComponent(".out-\(id)"), errURL = directory.appendingPathComponent(".err-\(id)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(input)
            try stdin.fileHandleForWriting.close()
        }
        process.waitUntilExit()
        try out.close(); try err.close()
        return Output(status: process.terminationStatus,
                      stdout: try String(contentsOf: outURL, encoding: .utf8),
                      stderr: try String(contentsOf: errURL, encoding: .utf8))
    }
}

/// A fresh folder for one test.
final class Scratch: Sendable {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    @discardableResult func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
        return path(name)
    }
    func run(_ arguments: [String], input: Data? = nil) throws -> Binary.Output {
        try Binary.run(arguments, in: url, input: input)
    }
}
