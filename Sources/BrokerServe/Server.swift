import BrokerCase
import FlyingFox
import Foundation

/// The local web view's HTTP server: FlyingFox on 127.0.0.1 only, every request answered by `Routes`
/// on a worker thread (layout and analyses are CPU work, kept off Swift's cooperative threads).
public final class CaseServer: Sendable {
    public let routes: Routes
    private let server: HTTPServer
    /// Seconds a request may take (a large case's first overview takes a while).
    static let timeout: TimeInterval = 300

    /// A server for `views` on 127.0.0.1:`port` (0: any free port); `start()` runs it.
    public init(views: CaseViews, port: UInt16, token: String = Routes.newToken()) throws {
        routes = Routes(views: views, token: token)
        let address = try sockaddr_in.inet(ip4: "127.0.0.1", port: port)
        // No request logging: addresses carry party ids and the token.
        // Bodies above maxBody are streamed, not buffered: the route refuses them (413) and FlyingFox
        // discards the rest as it reads it.
        let config = HTTPServer.Configuration(address: address, timeout: CaseServer.timeout,
                                              sharedRequestReplaySize: Routes.maxBody, logger: .disabled)
        let routes = self.routes
        server = HTTPServer(config: config, handler: ClosureHTTPHandler { request in
            try await CaseServer.handle(request, routes: routes)
        })
    }

    /// Listens until `stop()`.
    public func run() async throws { try await server.run() }

    /// Starts listening in the background and returns the bound port.
    public func start() async throws -> UInt16 {
        Task { try await server.run() }
        try await server.waitUntilListening()
        guard case .ip4(_, let port) = await server.listeningAddress else { throw CocoaError(.featureUnsupported) }
        return port
    }

    public func stop() async { await server.stop() }

    static func handle(_ request: HTTPRequest, routes: Routes) async throws -> HTTPResponse {
        var headers: [String: String] = [:]
        for name in request.headers.keys { headers[name.rawValue] = request.headers[name] }
        var body: [UInt8] = []
        let declared = request.headers[.contentLength].flatMap(Int.init) ?? 0
        // The body is read only when it is small enough; a larger one is refused (413) unread.
        if declared > 0 && declared <= Routes.maxBody { body = Array(try await request.bodyData.prefix(Routes.maxBody + 1)) }
        let raw = ServeRequest(method: request.method.rawValue, path: request.target.path(percentEncoded: false),
                               rawQuery: request.target.query(percentEncoded: true), headers: headers, body: body)
        let answer: ServeResponse = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: routes.respond(raw)) }
        }
        var out = HTTPHeaders()
        for (name, value) in answer.headers { out.addValue(value, for: HTTPHeader(name)) }
        return HTTPResponse(statusCode: HTTPStatusCode(answer.status.rawValue, phrase: answer.status.phrase), headers: out,
                            body: request.method == .HEAD ? Data() : Data(answer.body))
    }
}
