import BrokerCase
import Foundation

/// Answers requests: checks limits and the token, then dispatches to a page. Read-only on the case;
/// the one thing a request can change is this run's list of views added to the report.
public final class Routes: Sendable {
    let views: CaseViews
    public let token: String
    let pins = PinBoard()

    /// Longest request target (path and query) accepted: 414 above.
    public static let maxTarget = 4_096
    /// Largest request body accepted (the resident form, "add to report"): 413 above.
    public static let maxBody = 16_384
    /// The cookie that carries the token after the first visit.
    static let cookie = "brokergraph_token"

    public static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"), ("X-Frame-Options", "DENY"),
        ("Cache-Control", "no-store"), ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]

    public init(views: CaseViews, token: String) { self.views = views; self.token = token }

    /// A new token: 32 random bytes as hex.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Whether `given` is the token, in time independent of where they differ.
    func isToken(_ given: String?) -> Bool {
        guard let given else { return false }
        let a = Array(given.utf8), b = Array(token.utf8)
        var diff = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<b.count { diff |= b[i] ^ (i < a.count ? a[i] : 0) }
        return diff == 0
    }

    /// The token from the `brokergraph_token` cookie.
    static func cookieToken(_ header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let kv = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if kv.count == 2 && kv[0] == cookie { return String(kv[1]) }
        }
        return nil
    }

    /// The answer to `request`, with the security headers. Never throws; errors become statuses.
    public func respond(_ request: ServeRequest) -> ServeResponse {
        var response: ServeResponse
        do {
            response = try answer(request)
        } catch {
            response = .html(Routes.errorPage(error.status, error.message), status: error.status)
        }
        response.headers += Routes.securityHeaders
        return response
    }

    static func errorPage(_ status: Status, _ message: String) -> String {
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(status.rawValue) \(status.phrase)</title></head>"
            + "<body><h1>\(status.rawValue) \(status.phrase)</h1><p>\(Page.e(message))</p></body></html>"
    }

    private func answer(_ request: ServeRequest) throws(RequestError) -> ServeResponse {
        if request.path.utf8.count + request.rawQuery.utf8.count > Routes.maxTarget {
            throw RequestError(.uriTooLong, "the address is longer than \(Routes.maxTarget) bytes")
        }
        let declared = request.header("content-length").flatMap(Int.init) ?? 0
        if declared > Routes.maxBody || request.body.count > Routes.maxBody {
            throw RequestError(.payloadTooLarge, "the request body is larger than \(Routes.maxBody) bytes")
        }
        // A page reached under another host name (DNS rebinding) is refused before anything else.
        if let host = request.header("host"), !Routes.isLoopback(host: host) {
            throw RequestError(.forbidden, "this server answers on the loopback address only")
        }
        let query = Query(request.rawQuery)
        let fromQuery = query["token"]
        guard isToken(fromQuery) || isToken(Routes.cookieToken(request.header("cookie"))) else {
            throw RequestError(.forbidden, "missing or wrong token: open the address `brokergraph serve` printed")
        }
        let setCookie = isToken(fromQuery) ? [("Set-Cookie", "\(Routes.cookie)=\(token); Path=/; HttpOnly; SameSite=Strict")] : []
        // The first visit: keep the token in the cookie and take it out of the address bar and history.
        if request.path == "/" && fromQuery != nil && request.method == "GET" {
            let rest = query.items.filter { $0.0 != "token" }
            return .redirect(rest.isEmpty ? "/" : "/?" + Query.string(rest), headers: setCookie)
        }
        var response = try route(request, query)
        response.headers += setCookie
        return response
    }

    static func isLoopback(host: String) -> Bool {
        let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }.dropFirst()) : String(host.prefix { $0 != ":" })
        return name == "127.0.0.1" || name == "localhost" || name == "::1"
    }

    private func route(_ request: ServeRequest, _ query: Query) throws(RequestError) -> ServeResponse {
        let post = request.method == "POST"
        guard request.method == "GET" || request.method == "HEAD" || post else {
            throw RequestError(.methodNotAllowed, "only GET and POST")
        }
        if post {
            let form = Query(String(decoding: request.body, as: UTF8.self))
            switch request.path {
            case "/resident": return try residentLookup(form)
            case "/report/add": return try pin(form)
            default: throw RequestError(.methodNotAllowed, "this address is read with GET")
            }
        }
        let filter = try ViewFilter(query: query)
        switch request.path {
        case "/": return .html(summary(filter))
        case "/search": return try search(query, filter: filter)
        case "/party": return .html(try party(query, filter: filter))
        case "/chain": return .html(try chain(query, filter: filter))
        case "/rings": return .html(try ringsPage(filter))
        case "/timeline": return .html(try timelinePage(filter))
        case "/screening": return .html(screeningPage(filter))
        case "/resident": return .html(try resident(query, filter: filter))
        case "/rows": return try rows(query, filter: filter)
        case "/picture": return try picture(query, filter: filter)
        case "/report": return try report()
        case "/static/app.js": return ServeResponse(type: "text/javascript; charset=utf-8", body: Array(Assets.script.utf8))
        case "/static/app.css": return ServeResponse(type: "text/css; charset=utf-8", body: Array(Assets.style.utf8))
        default: throw RequestError(.notFound, "no such page")
        }
    }

    /// The vertex named by `v` (a number) or `p` (id, name or alias).
    func vertex(_ query: Query) throws(RequestError) -> Int {
        let data = views.data
        if let v = try query.int("v", in: 0...Int(Int32.max)) {
            guard v < data.parties.count else { throw RequestError(.notFound, "no such party") }
            return v
        }
        if let p = query["p"], let v = data.party(named: p) { return Int(v) }
        throw RequestError(.notFound, "no such party")
    }
}

/// The views this run added to the report, in order (held in memory only; the case is not changed).
final class PinBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    static let limit = 50

    func add(_ address: String) {
        lock.lock(); defer { lock.unlock() }
        if !items.contains(address) && items.count < PinBoard.limit { items.append(address) }
    }

    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
