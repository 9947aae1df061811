import Foundation

/// Runs the built `brokergraph` binary, the way a user does.
enum CLI {
    /// The binary next to this test bundle (`swift test` builds it into the same folder).
    static let binary: URL = {
        let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        return here.appendingPathComponent("brokergraph")
    }()

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let sample = root.appendingPathComponent("samples/yantai-ring")
    static let badInput = root.appendingPathComponent("Tests/BrokerStoreTests/BadInput")

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts the binary with `arguments`; output goes to files in `dir` when given, else is dropped.
    static func start(_ arguments: [String], in dir: URL? = nil, name: String = "run", viaEnv: Bool = false) throws -> Process {
        let process = Process()
        // viaEnv: the first argument is another program, found on PATH (e.g. `script`).
        process.executableURL = viaEnv ? URL(fileURLWithPath: "/usr/bin/env") : binary
        process.arguments = arguments
        if let dir {
            process.currentDirectoryURL = dir
            let out = dir.appendingPathComponent("\(name).out"), err = dir.appendingPathComponent("\(name).err")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            FileManager.default.createFile(atPath: err.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs the binary to the end and returns its status and output.
    @discardableResult
    static func run(_ arguments: [String], in dir: URL, viaEnv: Bool = false) throws -> Result {
        let name = "run-\(UUID().uuidString)"
        let process = try start(arguments, in: dir, name: name, viaEnv: viaEnv)
        process.waitUntilExit()
        let out = dir.appendingPathComponent("\(name).out"), err = dir.appendingPathComponent("\(name).err")
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: try contents(of: out), as: UTF8.self),
                      stderr: String(decoding: try contents(of: err), as: UTF8.self))
    }

    /// A file's bytes. (Not `Data(contentsOf:)`: it leaks a buffer on an empty file in this
    /// Foundation, which LeakSanitizer reports.)
    static func contents(of url: URL) throws -> Data {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        return try handle.readToEnd() ?? Data()
    }

    /// A fresh temporary folder.
    static func temporaryDirectory(_ name: String = #function) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("brokergraph-cli-\(name.filter(\.isLetter))-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes a transfers file of `rows` generated rows (ids `P<prefix>-<n>`), streaming to disk.
    static func writeTransfers(rows: Int, to url: URL, prefix: String, seed: UInt64) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var rng = SeededRandom(seed: seed)
        let categories = ["property", "whereabouts", "credit", "communication_record", "health"]
        var buffer = "id,time,from,to,records,category,mode,amount,note\n"
        for i in 0..<rows {
            let from = Int(rng.next() % 5_000), to = (from + 1 + Int(rng.next() % 4_999)) % 5_000
            let day = 1 + Int(rng.next() % 28), month = 1 + Int(rng.next() % 12)
            buffer += "\(prefix)-\(i),2025-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day),"
            buffer += "party-\(from),party-\(to),\(1 + rng.next() % 5_000),\(categories[Int(rng.next() % 5)]),"
            buffer += "sale,\(rng.next() % 100_000).50,\"generated, row \(i)\"\n"
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
    }

    /// Parses JSON output.
    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }
}

/// SplitMix64: a small deterministic random source, so a failing run can be repeated.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
