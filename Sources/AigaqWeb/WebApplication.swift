import AigaqAccounts
import AigaqCore
import AigaqStore
import Foundation
import Hummingbird
import Logging
import Synchronization

/// How `aigaq serve` runs the web application.
public struct WebConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Send `Strict-Transport-Security` on every response (the site is only
    /// reached over TLS, e.g. behind a proxy that does not set X-Forwarded-Proto).
    public var behindTLS: Bool
    /// The largest request body accepted (uploads to the workspace).
    public var maxUploadBytes: Int
    /// Bytes of rendered pages kept in memory.
    public var pageCacheBytes: Int
    /// How long a public page or view may still be served after a write by
    /// another process made it stale, while it is rebuilt (docs/SECURITY.md).
    /// Zero: never; every request after such a write waits for the rebuild.
    public var maxStale: Duration
    /// How often, at most, a request asks the store whether it was written.
    public var revisionPollInterval: Duration

    public init(host: String = "127.0.0.1", port: Int = 8080, behindTLS: Bool = false,
                maxUploadBytes: Int = 20 * 1024 * 1024, pageCacheBytes: Int = 24 * 1024 * 1024,
                maxStale: Duration = .seconds(10), revisionPollInterval: Duration = .seconds(1)) {
        self.host = host; self.port = port; self.behindTLS = behindTLS
        self.maxUploadBytes = maxUploadBytes; self.pageCacheBytes = pageCacheBytes
        self.maxStale = maxStale; self.revisionPollInterval = revisionPollInterval
    }
}

/// What a handler knows of a request beyond its bytes: the peer's address
/// (login throttling counts per address). Who is signed in is asked of the
/// workspace (`Workspace.caller`), per route, so no route can forget it.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address; nil in tests without a network.
    public var remoteAddress: String?
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }
    public var maxUploadSize: Int { 20 * 1024 * 1024 }
}

/// The web application's shared parts: the public site, its words, the page cache.
final class Web: Sendable {
    let site: PublicSite
    let strings: Strings
    let vocabulary: Vocabulary
    let configuration: WebConfiguration
    let cache: PageCache
    let startedAt = Date()
    private let lastRevisionCheck = Mutex<ContinuousClock.Instant?>(nil)

    init(store: any KnowledgeStore, vocabulary: Vocabulary, strings: Strings, configuration: WebConfiguration) {
        self.site = PublicSite(store: store, vocabulary: vocabulary, maxStale: configuration.maxStale)
        self.strings = strings
        self.vocabulary = vocabulary
        self.configuration = configuration
        self.cache = PageCache(budget: configuration.pageCacheBytes, generations: site.generations)
    }

    convenience init(store: any KnowledgeStore, configuration: WebConfiguration) throws {
        self.init(store: store, vocabulary: try Vocabulary.bundled(), strings: try Strings.bundled(), configuration: configuration)
    }

    /// At most once per poll interval, asks the store whether anything was
    /// written (by another process: `aigaq ingest`, a second server). The one
    /// request that asks waits for the answer (one indexed read), so that the
    /// staleness bound counts from the write, not from some later check.
    func noticeExternalWrites() async {
        let now = ContinuousClock.now
        let due = lastRevisionCheck.withLock { last -> Bool in
            if let last, now - last < configuration.revisionPollInterval { return false }
            last = now
            return true
        }
        if due { await site.checkRevision() }
    }

    /// After a write by this process: nothing cached before it is served again.
    func invalidate() {
        site.invalidate()
        cache.clear()
    }

    func speaker(_ language: Language) -> Speaker { Speaker(language: language, strings: strings, vocabulary: vocabulary) }
}

/// Builds the application: routes, middleware and the shared state.
/// `accounts` signs people in to the workspace; by default, an
/// `AccountService` over the store when it keeps accounts.
public func buildApplication(store: any KnowledgeStore, configuration: WebConfiguration,
                             logger: Logger? = nil, accounts: AccountService? = nil) throws -> some ApplicationProtocol {
    let router = try buildRouter(store: store, configuration: configuration, accounts: accounts)
    var log = logger ?? Logger(label: "aigaq.web")
    if logger == nil { log.logLevel = .notice }
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        logger: log
    )
}

/// The router alone (tests drive it without a network).
public func buildRouter(store: any KnowledgeStore, configuration: WebConfiguration,
                        accounts: AccountService? = nil) throws -> Router<WebContext> {
    try buildRouter(web: try Web(store: store, configuration: configuration), accounts: accounts)
}

/// The router over a given `Web` (tests look into its caches).
func buildRouter(web: Web, accounts: AccountService? = nil) throws -> Router<WebContext> {
    let store = web.site.store
    let router = Router(context: WebContext.self)
    router.addMiddleware { SecurityMiddleware(web: web) }
    PublicRoutes(web: web).add(to: router)
    APIRoutes(web: web).add(to: router)
    StaticRoutes().add(to: router)
    let workspace = try Workspace(web: web, accounts: accounts ?? (store as? any AccountStore).map { AccountService(store: $0) })
    WorkspaceRoutes(workspace: workspace).add(to: router)
    return router
}

// MARK: - Page cache

/// Rendered bodies by URL and language, built once per generation of the
/// public site and served stale while rebuilt (`RevalidatingCache`); at most
/// `budget` bytes, the oldest entries evicted first.
final class PageCache: Sendable {
    struct Entry: Sendable {
        var body: ByteBuffer
        var etag: String
        var contentType: String
    }

    let entries: RevalidatingCache<String, Entry>
    let budget: Int

    init(budget: Int, generations: Generations) {
        self.budget = budget
        // A page bigger than a quarter of the budget is not kept.
        entries = RevalidatingCache(generations: generations, capacity: budget) { key, entry in
            let size = entry.body.readableBytes + key.utf8.count
            return size < budget / 4 ? size : budget + 1
        }
    }

    /// The page at `key`, rendered by `render` when nothing servable is kept.
    func page(_ key: String, contentType: String, render: @escaping @Sendable () async throws -> [UInt8]) async throws -> Entry {
        try await entries.value(key) {
            let bytes = try await render()
            return Entry(body: ByteBuffer(bytes: bytes), etag: PageCache.etag(bytes), contentType: contentType)
        }
    }

    func clear() { entries.removeAll() }

    /// Bytes held now (for tests).
    var bytes: Int { entries.totalCost }

    /// A strong validator from the bytes (FNV-1a, 64 bits).
    static func etag(_ bytes: some Sequence<UInt8>) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return "\"" + String(h, radix: 16) + "\""
    }
}

// MARK: - Responses

extension Web {
    /// A cacheable public response: rendered once per generation, language and
    /// address; `If-None-Match` answered with 304.
    func cached(_ request: Request, key: String, contentType: String, language: Language?,
                render: @escaping @Sendable () async throws -> [UInt8]) async throws -> Response {
        await noticeExternalWrites()
        let entry = try await cache.page(key, contentType: contentType, render: render)
        var headers: HTTPFields = [.contentType: entry.contentType, .eTag: entry.etag, .cacheControl: "no-cache"]
        if let language {
            headers[.contentLanguage] = language.rawValue
            headers[.vary] = "Accept-Language, Cookie"
        }
        if let inm = request.headers[.ifNoneMatch], inm.split(separator: ",").contains(where: {
            let t = $0.trimmingCharacters(in: .whitespaces)
            return t == entry.etag || t == "W/" + entry.etag || t == "*"
        }) {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: entry.body))
    }
}

/// An error a page or the API reports with a status and a message safe to show.
struct WebError: Error {
    var status: HTTPResponse.Status
    var code: String
    var message: String

    static func notFound(_ what: String) -> WebError { WebError(status: .notFound, code: "not_found", message: "\(what) was not found") }
    static func badRequest(_ message: String) -> WebError { WebError(status: .badRequest, code: "bad_request", message: message) }

    init(status: HTTPResponse.Status, code: String, message: String) {
        self.status = status; self.code = code; self.message = message
    }

    /// Known errors keep their message; anything else is a generic 500 (logged in full).
    init(_ error: any Error) {
        switch error {
        case let e as WebError: self = e
        case let e as AccountError: self.init(account: e)
        case let e as AigaqError:
            switch e {
            case .notFound: self.init(status: .notFound, code: "not_found", message: e.message)
            case .usage: self.init(status: .badRequest, code: "bad_request", message: e.message)
            case .badInput: self.init(status: .unprocessableContent, code: "bad_input", message: e.message)
            case .staleEdit: self.init(status: .conflict, code: "stale_edit", message: e.message)
            case .permissionDenied: self.init(status: .forbidden, code: "forbidden", message: e.message)
            default: self.init(status: .internalServerError, code: "internal", message: "something went wrong on the server")
            }
        case let e as HTTPError:
            self.init(status: e.status, code: e.status == .contentTooLarge ? "too_large" : "http_\(e.status.code)",
                      message: e.body ?? e.status.reasonPhrase)
        default:
            self.init(status: .internalServerError, code: "internal", message: "something went wrong on the server")
        }
    }
}
