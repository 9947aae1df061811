import Foundation

/// Runs the built `brokergraph` binary, as a user does.
///
/// The binary is looked for in one place: beside the test bundle, where `swift build` puts every
/// product of the package. When it is not there, every test that needs it fails with
/// `Binary.Missing` (never skips): run `swift build --product brokergraph` first.
public enum Binary {
    /// The binary is not where `swift build` puts it.
    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public var description: String {
            "brokergraph binary not found at \(path): run `swift build --product brokergraph` before the tests"
        }
    }

    /// The binary's location, or `Missing`.
    public static func url() throws -> URL {
        let folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let url = folder.appendingPathComponent("brokergraph")
        guard FileManager.default.isExecutableFile(atPath: url.path) else { throw Missing(path: url.path) }
        return url
    }

    /// Parses JSON text (a run's output).
    public static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    /// What a finished run printed, and its exit status.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Standard output parsed as JSON.
        public func json() throws -> Any {
            try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
        }
    }

    /// Starts the binary with `arguments` in `folder`. Output goes to `NAME.out` and `NAME.err` in
    /// `folder` (files, not pipes: a full pipe would block the child), or nowhere without a folder.
    /// With `viaEnv`, the first argument is another program found on `PATH` (such as `script`).
    public static func start(_ arguments: [String], in folder: URL? = nil, name: String = "run",
                             input: Data? = nil, viaEnv: Bool = false) throws -> Process {
        let process = Process()
        process.executableURL = viaEnv ? URL(fileURLWithPath: "/usr/bin/env") : try url()
        process.arguments = arguments
        if let folder {
            process.currentDirectoryURL = folder
            let out = folder.appendingPathComponent("\(name).out"), err = folder.appendingPathComponent("\(name).err")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(input)
            try stdin.fileHandleForWriting.close()
        }
        return process
    }

    /// Runs the binary to the end in `folder` and returns what it printed.
    @discardableResult
    public static func run(_ arguments: [String], in folder: URL, input: Data? = nil,
                           viaEnv: Bool = false) throws -> Output {
        let name = ".run-\(UUID().uuidString)"
        let process = try start(arguments, in: folder, name: name, input: input, viaEnv: viaEnv)
        process.waitUntilExit()
        let out = folder.appendingPathComponent("\(name).out"), err = folder.appendingPathComponent("\(name).err")
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: try Repository.contents(of: out), as: UTF8.self),
                      stderr: String(decoding: try Repository.contents(of: err), as: UTF8.self))
    }
}

/// A fresh folder for one test, removed when the test lets go of it.
public final class Scratch: Sendable {
    public let url: URL
    public init(_ name: String = #function) throws {
        url = Repository.temporaryDirectory(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    @discardableResult public func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
        return path(name)
    }
    public func run(_ arguments: [String], input: Data? = nil) throws -> Binary.Output {
        try Binary.run(arguments, in: url, input: input)
    }
}
