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

    public init(host: String = "127.0.0.1", port: Int = 8080, behindTLS: Bool = false,
                maxUploadBytes: Int = 20 * 1024 * 1024, pageCacheBytes: Int = 24 * 1024 * 1024) {
        self.host = host; self.port = port; self.behindTLS = behindTLS
        self.maxUploadBytes = maxUploadBytes; self.pageCacheBytes = pageCacheBytes
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
    private let lastRevisionCheck = Mutex(Date.distantPast)

    init(store: any KnowledgeStore, vocabulary: Vocabulary, strings: Strings, configuration: WebConfiguration) {
        self.site = PublicSite(store: store, vocabulary: vocabulary)
        self.strings = strings
        self.vocabulary = vocabulary
        self.configuration = configuration
        self.cache = PageCache(budget: configuration.pageCacheBytes)
    }

    /// At most once a second, asks the store whether anything was written
    /// (by another process: `aigaq ingest`, a second server). Never blocks a request.
    func noticeExternalWrites() {
        let now = Date()
        let due = lastRevisionCheck.withLock { last -> Bool in
            guard now.timeIntervalSince(last) >= 1 else { return false }
            last = now
            return true
        }
        if due { Task { await site.checkRevision() } }
    }

    /// After a write by this process: caches are stale now.
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
    let web = Web(store: store, vocabulary: try Vocabulary.bundled(), strings: try Strings.bundled(), configuration: configuration)
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

/// Rendered bodies by URL and language, valid for one generation of the public
/// site; at most `budget` bytes, the oldest entries evicted first.
final class PageCache: Sendable {
    struct Entry: Sendable {
        var generation: Int
        var body: ByteBuffer
        var etag: String
        var contentType: String
    }

    private let entries: Mutex<BoundedCache<String, Entry>>
    let budget: Int

    init(budget: Int) {
        self.budget = budget
        entries = Mutex(BoundedCache(capacity: budget))
    }

    func get(_ key: String, generation: Int) -> Entry? {
        entries.withLock { c in
            guard let e = c[key], e.generation == generation else { return nil }
            return e
        }
    }

    func put(_ key: String, _ entry: Entry) {
        let size = entry.body.readableBytes + key.utf8.count
        guard size < budget / 4 else { return }
        entries.withLock { $0.insert(entry, for: key, cost: size) }
    }

    func clear() { entries.withLock { $0.removeAll() } }

    /// Bytes held now (for tests).
    var bytes: Int { entries.withLock { $0.totalCost } }

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
                render: () async throws -> [UInt8]) async throws -> Response {
        noticeExternalWrites()
        let generation = site.generation
        let entry: PageCache.Entry
        if let hit = cache.get(key, generation: generation) {
            entry = hit
        } else {
            let bytes = try await render()
            entry = PageCache.Entry(generation: generation, body: ByteBuffer(bytes: bytes), etag: PageCache.etag(bytes),
                                    contentType: contentType)
            cache.put(key, entry)
        }
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
