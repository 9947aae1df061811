import Foundation

/// A request as the routes see it, independent of the HTTP package (tests build them directly).
public struct ServeRequest: Sendable {
    public var method: String
    /// The path, percent-decoded (`/party`).
    public var path: String
    /// The raw query after `?`, percent-encoded.
    public var rawQuery: String
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String = "GET", path: String, rawQuery: String = "", headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method; self.path = path; self.rawQuery = rawQuery; self.body = body
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    /// A header by name, case-insensitive.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Query (or form) parameters: `a=1&b=x%20y`, `+` as space; the first value of a name wins.
public struct Query: Sendable {
    public private(set) var items: [(String, String)] = []

    public init(_ raw: String) {
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            items.append((decode(parts[0]), parts.count > 1 ? decode(parts[1]) : ""))
        }
    }

    public subscript(_ name: String) -> String? { items.first { $0.0 == name }?.1 }

    /// An integer parameter, or nil when absent; a malformed one is a 400.
    func int(_ name: String, in range: ClosedRange<Int>) throws(RequestError) -> Int? {
        guard let text = self[name], !text.isEmpty else { return nil }
        guard let n = Int(text), range.contains(n) else { throw RequestError(.badRequest, "\(name): expected a number in \(range)") }
        return n
    }

    /// Percent-encodes a value for a query string (only unreserved characters left as they are).
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// `a=1&b=2` from pairs, each value percent-encoded.
    static func string(_ items: [(String, String)]) -> String {
        items.map { "\($0.0)=\(encode($0.1))" }.joined(separator: "&")
    }
}

/// HTTP statuses the server answers with.
public enum Status: Int, Sendable {
    case ok = 200, seeOther = 303, badRequest = 400, forbidden = 403, notFound = 404, methodNotAllowed = 405
    case payloadTooLarge = 413, uriTooLong = 414, internalError = 500, unavailable = 503

    public var phrase: String {
        switch self {
        case .ok: "OK"
        case .seeOther: "See Other"
        case .badRequest: "Bad Request"
        case .forbidden: "Forbidden"
        case .notFound: "Not Found"
        case .methodNotAllowed: "Method Not Allowed"
        case .payloadTooLarge: "Content Too Large"
        case .uriTooLong: "URI Too Long"
        case .internalError: "Internal Server Error"
        case .unavailable: "Service Unavailable"
        }
    }
}

/// A response: status, headers, body. Security headers are added by the server for every response.
public struct ServeResponse: Sendable {
    public var status: Status
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(_ status: Status = .ok, type: String, body: [UInt8], headers: [(String, String)] = []) {
        self.status = status
        self.headers = [("Content-Type", type)] + headers
        self.body = body
    }

    public static func html(_ text: String, status: Status = .ok) -> ServeResponse {
        ServeResponse(status, type: "text/html; charset=utf-8", body: Array(text.utf8))
    }

    public static func redirect(_ location: String, headers: [(String, String)] = []) -> ServeResponse {
        ServeResponse(.seeOther, type: "text/plain; charset=utf-8", body: Array("see \(location)\n".utf8),
                      headers: [("Location", location)] + headers)
    }

    public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

/// A request the server refuses, with a status and a short message that never echoes case data.
public struct RequestError: Error, Sendable {
    public var status: Status
    public var message: String
    public init(_ status: Status, _ message: String) { self.status = status; self.message = message }
}
