import Crypto

/// SHA-256 (FIPS 180-4), incremental, through swift-crypto (BoringSSL's assembly on x86-64 and
/// arm64). Used for the content hash of ingested files and, through `HMAC`, for the keyed hashes
/// that stand in for residents' identifiers.
package struct SHA256 {
    private var hasher = Crypto.SHA256()

    package init() {}

    /// Feeds bytes. - Complexity: O(n).
    package mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(buffer: UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update(buffer: $0) } }
    }

    /// Feeds raw bytes. - Complexity: O(n).
    package mutating func update(buffer: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: buffer)
    }

    /// The 32-byte digest of everything fed so far (more may be fed afterwards).
    /// - Complexity: O(1).
    package func finalize() -> [UInt8] { Array(hasher.finalize()) }

    /// The digest of `bytes`. - Complexity: O(n).
    package static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var h = SHA256()
        h.update(bytes)
        return h.finalize()
    }
}

/// HMAC-SHA256 (RFC 2104), through swift-crypto.
package enum HMAC {
    /// The 32-byte authentication code of `message` under `key`. - Complexity: O(key + message).
    package static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(Crypto.HMAC<Crypto.SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal.
    package var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
