import BrokerCase
import BrokerServe
import BrokerTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The real server on an ephemeral loopback port, asked over real sockets.
@Suite("Serve over HTTP") struct ServerTests {
    /// How long a raw request waits for its status line. Generous, for a server slowed down by a
    /// sanitizer on a busy machine; a normal run returns as soon as the line is in.
    static let rawDeadline: Duration = .seconds(120)

    /// Sends raw bytes and returns the status line (URLSession would reject some of these requests
    /// itself), on a thread of its own: a blocking socket must not hold one of the few threads the
    /// in-process server runs on.
    static func raw(_ port: UInt16, _ request: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try blockingRaw(port, request) }) }
        }
    }

    static func blockingRaw(_ port: UInt16, _ request: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        // Each recv waits at most a second, so the loop below keeps to its deadline.
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            sent += n
        }
        // Reads until the status line is complete (its "\r" is in), the server closes the connection or
        // fails it, or the deadline passes: one recv may return only part of the line, or nothing yet.
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        let deadline = ContinuousClock.now + rawDeadline
        while !reply.contains(UInt8(ascii: "\r")) && ContinuousClock.now < deadline {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { reply += buffer.prefix(n); continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { continue }
            break
        }
        let text = String(decoding: reply, as: UTF8.self)
        return String(text.prefix { $0 != "\r" })
    }

    @Test("Binds 127.0.0.1, refuses without the token, serves with it, refuses oversized requests")
    func realRequests() async throws {
        let server = try CaseServer(views: CaseViews(data: CaseBuilder.ring().data), port: 0)
        let port = try await server.start()
        defer { Task { await server.stop() } }
        let token = server.routes.token
        let base = "http://127.0.0.1:\(port)"
        let (_, refused) = try await URLSession.shared.data(from: URL(string: "\(base)/party?v=1")!)
        #expect((refused as? HTTPURLResponse)?.statusCode == 403)
        let (body, ok) = try await URLSession.shared.data(from: URL(string: "\(base)/party?v=1&token=\(token)")!)
        #expect((ok as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("牛建国"))
        #expect((ok as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Security-Policy")?.contains("default-src 'none'") == true)
        let long = try await Self.raw(port, "GET /search?q=\(String(repeating: "a", count: 6_000))&token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(long.hasPrefix("HTTP/1.1 414"), "\(long)")
        let large = try await Self.raw(port, "POST /resident?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\nid=" + String(repeating: "1", count: 99_997))
        #expect(large.hasPrefix("HTTP/1.1 413"), "\(large)")
        let missing = try await Self.raw(port, "GET /no/such/page?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(missing.hasPrefix("HTTP/1.1 404"), "\(missing)")
        let garbage = try await Self.raw(port, "NOT HTTP AT ALL\r\n\r\n")
        #expect(!garbage.hasPrefix("HTTP/1.1 200"))
        // Still serving after the bad requests.
        let (_, again) = try await URLSession.shared.data(from: URL(string: "\(base)/?x=1&token=\(token)")!)
        #expect((again as? HTTPURLResponse)?.statusCode == 200)
    }
}
