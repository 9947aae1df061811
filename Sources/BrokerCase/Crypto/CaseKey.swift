import Foundation

/// The per-case secret key under which residents' identifiers are replaced by keyed hashes
/// (HMAC-SHA256) at ingest. Without the key, the database alone does not let anyone recover a
/// phone number by hashing every possible number and comparing.
///
/// The key is 32 random bytes, created with the case in `<db>.key` (hex, readable by its owner
/// only), or given instead through the environment variable `BROKERGRAPH_CASE_KEY` (hex).
public struct CaseKey: Sendable {
    public let bytes: [UInt8]
    /// Where the key came from, for messages: the key file's path or the variable's name.
    public let origin: String

    public static let environmentVariable = "BROKERGRAPH_CASE_KEY"

    public init(bytes: [UInt8], origin: String) { self.bytes = bytes; self.origin = origin }

    /// The key file of a case database.
    public static func path(forDatabase db: String) -> String { db + ".key" }

    /// 32 random bytes from `/dev/urandom`, else from the system's generator.
    public static func random() -> [UInt8] {
        if let handle = FileHandle(forReadingAtPath: "/dev/urandom") {
            defer { try? handle.close() }
            if let data = try? handle.read(upToCount: 32), data.count == 32 { return [UInt8](data) }
        }
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// Creates a new key file (mode 0600; fails if it exists). - Throws: `CaseKeyError`.
    public static func create(at path: String) throws(CaseKeyError) -> CaseKey {
        let key = random()
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CaseKeyError("\(path): cannot create the case key file: \(String(cString: strerror(errno)))") }
        let text = Array((key.hexString + "\n").utf8)
        let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == text.count else { throw CaseKeyError("\(path): cannot write the case key file") }
        return CaseKey(bytes: key, origin: path)
    }

    /// The key from the environment variable if set, else from the key file next to `db`; `nil`
    /// when neither exists. - Throws: `CaseKeyError` for a malformed key or a key file others can read.
    public static func load(forDatabase db: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(CaseKeyError) -> CaseKey? {
        if let hex = environment[environmentVariable] {
            guard let bytes = parseHex(hex.trimmingWhitespace()), bytes.count >= 16 else {
                throw CaseKeyError("\(environmentVariable): expected at least 32 hexadecimal digits (16 bytes; 64 digits recommended)")
            }
            return CaseKey(bytes: bytes, origin: environmentVariable)
        }
        let path = path(forDatabase: db)
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        if info.st_mode & 0o077 != 0 {
            throw CaseKeyError("\(path): the case key file can be read by others; run `chmod 600 \(path)`")
        }
        guard let data = FileManager.default.contents(atPath: path),
              let bytes = parseHex(String(decoding: data, as: UTF8.self).trimmingWhitespace()), bytes.count >= 16 else {
            throw CaseKeyError("\(path): not a case key file (expected 64 hexadecimal digits)")
        }
        return CaseKey(bytes: bytes, origin: path)
    }

    /// The keyed hash standing in for an identifier, which must already be normalised.
    public func hash(normalised identifier: String) -> [UInt8] {
        HMAC.sha256(key: bytes, message: Array(identifier.utf8))
    }

    /// The keyed hash of an identifier as written, or `nil` when nothing is left after normalising.
    public func hash(identifier: String) -> [UInt8]? {
        CaseKey.normalise(identifier).map { hash(normalised: $0) }
    }

    /// A value stored with the case to tell whether a key is the one its residents were hashed
    /// with. It reveals nothing about the key or any identifier.
    public var check: String { HMAC.sha256(key: bytes, message: Array("brokergraph case key check".utf8)).prefix(16).hexString }

    /// Normalises an identifier so that the same resident written two ways hashes the same:
    /// full-width digits and signs become ASCII, spaces, dashes, dots and brackets go, letters are
    /// upper-cased (ID-card `x`), and a Chinese country code (`+86`, `0086`, or `86` before an
    /// 11-digit mobile number) is removed. `nil` when nothing is left.
    public static func normalise(_ identifier: String) -> String? {
        var out = ""
        for scalar in identifier.unicodeScalars {
            var s = scalar
            if (0xFF01...0xFF5E).contains(s.value) { s = Unicode.Scalar(s.value - 0xFEE0)! }   // full-width ASCII
            if s.properties.isWhitespace || "-‐‑‒–—.()（）".unicodeScalars.contains(s) { continue }
            out.unicodeScalars.append(s)
        }
        out = out.uppercased()
        if out.hasPrefix("+86") { out.removeFirst(3) } else if out.hasPrefix("0086") { out.removeFirst(4) }
        else if out.count == 13, out.hasPrefix("861"), out.allSatisfy(\.isASCII), out.allSatisfy(\.isNumber) { out.removeFirst(2) }
        return out.isEmpty ? nil : out
    }

    static func parseHex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0, !digits.isEmpty else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: c - 0x30
            case 0x41...0x46: c - 0x41 + 10
            case 0x61...0x66: c - 0x61 + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let hi = value(digits[i]), let lo = value(digits[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
        }
        return out
    }
}

/// A missing, unreadable or mismatched case key.
public struct CaseKeyError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
