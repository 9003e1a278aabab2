import AigaqCore
import AigaqPublishing
import Foundation
import Hummingbird

/// The JSON API, `/api/v1`: public reads without login, through the same
/// public projection as the pages. Lists are paged by cursor (`after`,
/// `limit`, and `next` in the answer); every answer has an ETag and honours
/// `If-None-Match`; errors have one shape: `{"error": {"status", "code", "message"}}`.
struct APIRoutes {
    let web: Web
    static let prefix = "/api/v1"

    func add(to router: Router<WebContext>) {
        let api = router.group(RouterPath(Self.prefix))
        api.get("/") { request, _ in try await json(request) { Self.encode(APIIndex()) } }
        api.get("/openapi.json") { request, _ in try await json(request) { OpenAPIDocument.json } }
        api.get("/persons") { request, _ in
            try await json(request) {
                Self.encode(try await publicPage(request, type: "person") { raw in
                    var persons: [(id: String, value: Person)] = []
                    for case .person(let p) in raw { if let pub = try await web.site.publicPerson(p.id) { persons.append((p.id.rawValue, pub)) } }
                    return persons
                })
            }
        }
        api.get("/persons/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await json(request) {
                guard let r = try await web.site.personRecord(Person.ID(rawValue: id)) else { throw WebError.notFound("person \(id)") }
                return Self.encode(PersonDocument(person: r.person, cases: r.cases, events: r.events, assessments: r.assessments,
                                                  sources: r.sources.values.sorted { $0.id.rawValue < $1.id.rawValue }))
            }
        }
        api.get("/lists") { request, _ in
            try await json(request) { Self.encode(Page(data: try await web.site.lists(), next: nil)) }
        }
        api.get("/lists/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await json(request) {
                let ctx = PageContext(request: request, language: .en)
                let q = try ListQuery(ctx.value)
                guard let index = try await web.site.index(list: id, year: q.year), index.list.id.rawValue == id else {
                    throw WebError.notFound("list \(id)")
                }
                let rows = q.select(index)
                let (after, limit) = try Self.paging(request)
                let start = after.flatMap(Int.init) ?? 0
                let slice = rows[min(start, rows.count)..<min(rows.count, start + limit)]
                return Self.encode(ListDocument(list: index.list, snapshot: index.snapshotID.rawValue, asOf: index.asOf.description,
                                                total: rows.count, data: slice.map(ListRow.init),
                                                next: start + limit < rows.count ? String(start + limit) : nil))
            }
        }
        api.get("/events") { request, _ in
            try await json(request) {
                Self.encode(try await publicPage(request, type: "event") { raw in
                    let refs = try await web.site.references(raw)
                    return raw.compactMap { e -> (id: String, value: Event)? in
                        guard case .event(let pub)? = PublicProjection.project(e, references: refs) else { return nil }
                        return (pub.id.rawValue, pub)
                    }
                })
            }
        }
        api.get("/sources") { request, _ in
            try await json(request) {
                Self.encode(try await publicPage(request, type: "source") { raw in
                    let refs = try await web.site.references(raw)
                    return raw.compactMap { e -> (id: String, value: Source)? in
                        guard case .source(var s)? = PublicProjection.project(e, references: refs) else { return nil }
                        s.text = nil
                        return (s.id.rawValue, s)
                    }
                })
            }
        }
        api.get("/sources/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await json(request) {
                guard var s = try await web.site.publicSourceInfo(Source.ID(rawValue: id)) else { throw WebError.notFound("source \(id)") }
                s.text = nil
                return Self.encode(s)
            }
        }
        api.get("/search") { request, _ in
            try await json(request) {
                let q = String((PageContext(request: request, language: .en).value("q") ?? "").prefix(SearchPage.maxQueryLength))
                guard !q.trimmingCharacters(in: .whitespaces).isEmpty else { throw WebError.badRequest("give q, the words to search for") }
                let (_, limit) = try Self.paging(request)
                let hits = try await web.site.search(q, limit: limit)
                return Self.encode(Page(data: hits.map { SearchResult(kind: $0.kind.rawValue, id: $0.id, title: $0.title, detail: $0.detail,
                                                                      person: $0.person?.rawValue) }, next: nil))
            }
        }
        api.get("/stats") { request, _ in
            try await json(request) {
                let list = PageContext(request: request, language: .en).value("list")
                guard let index = try await web.site.index(list: list, year: nil) else { throw WebError.notFound("a published list") }
                let byStatus = Dictionary(uniqueKeysWithValues: index.byStatus.map { ($0.key.rawValue, $0.value) })
                let persecuted = try await Statistics.persecutedPersons(store: web.site.store)
                return Self.encode(StatsDocument(asOf: index.asOf.description, list: index.list.id.rawValue, listName: index.list.name,
                                                 snapshot: index.snapshotID.rawValue, politicalPrisoners: index.rows.count,
                                                 byStatus: byStatus, statedCounts: index.statedCounts, persecutedPersons: persecuted))
            }
        }
    }

    /// A page of up to `limit` public records of `type` after the cursor
    /// `after`. What may not be published is skipped, reading on until the
    /// page is full or nothing is left, and the next cursor is the id of the
    /// last record shown: the id of one left out is itself a secret.
    private func publicPage<T: Encodable>(_ request: Request, type: String,
                                          shown: ([Entity]) async throws -> [(id: String, value: T)]) async throws -> Page<T> {
        let (after, limit) = try Self.paging(request)
        var found: [(id: String, value: T)] = []
        var cursor = after
        var more = true
        while more && found.count < limit {
            let raw = try await web.site.store.entities(type: type, after: cursor, limit: limit)
            found += try await shown(raw)
            more = raw.count == limit
            cursor = raw.last?.id
        }
        let page = found.prefix(limit)
        return Page(data: page.map(\.value), next: more || found.count > limit ? page.last?.id : nil)
    }

    /// A cached JSON answer with an ETag.
    private func json(_ request: Request, _ body: @escaping @Sendable () async throws -> [UInt8]) async throws -> Response {
        let key = "api " + request.uri.path + "?" + (request.uri.query ?? "")
        return try await web.cached(request, key: key, contentType: "application/json; charset=utf-8", language: nil, render: body)
    }

    static func paging(_ request: Request) throws -> (after: String?, limit: Int) {
        let after = request.uri.queryParameters["after"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        var limit = 100
        if let l = request.uri.queryParameters["limit"] {
            guard let v = Int(l), (1...500).contains(v) else { throw WebError.badRequest("limit must be between 1 and 500") }
            limit = v
        }
        return (after, limit)
    }

    static func encode(_ value: some Encodable) -> [UInt8] {
        // Encoding our own model types cannot fail; an empty object is the safe fallback.
        (try? Array(AigaqJSON.encoder().encode(value))) ?? Array("{}".utf8)
    }

    static func errorResponse(_ error: WebError) -> Response {
        let body = encode(ErrorDocument(error: .init(status: Int(error.status.code), code: error.code, message: error.message)))
        return Response(status: error.status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

// MARK: - Documents

struct Page<T: Encodable>: Encodable {
    var data: [T]
    var next: String?
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(data, forKey: .data)
        try c.encode(next, forKey: .next)  // null at the end, so clients see the key
    }
    enum CodingKeys: String, CodingKey { case data, next }
}

struct PersonDocument: Encodable {
    var person: Person
    var cases: [Case]
    var events: [Event]
    var assessments: [Assessment]
    var sources: [Source]
}

struct ListRow: Encodable {
    var number: Int?
    var section: String?
    var person: String
    var name: String
    var nameCyrillic: String?
    var status: String
    var charges: [String]
    var region: String?
    var sentenceMonths: Int?
    enum CodingKeys: String, CodingKey {
        case number, section, person, name, nameCyrillic = "name_cyrillic", status, charges, region, sentenceMonths = "sentence_months"
    }
    init(_ r: PrisonerRow) {
        number = r.number; section = r.section; person = r.id.rawValue; name = r.name; nameCyrillic = r.cyrillic
        status = r.status.rawValue; charges = r.charges.map { $0.code + ":" + $0.article + ($0.part.map { "." + $0 } ?? "") }
        region = r.region; sentenceMonths = r.sentenceMonths
    }
}

struct ListDocument: Encodable {
    var list: PersonList
    var snapshot: String
    var asOf: String
    var total: Int
    var data: [ListRow]
    var next: String?
    enum CodingKeys: String, CodingKey { case list, snapshot, asOf = "as_of", total, data, next }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(list, forKey: .list); try c.encode(snapshot, forKey: .snapshot); try c.encode(asOf, forKey: .asOf)
        try c.encode(total, forKey: .total); try c.encode(data, forKey: .data); try c.encode(next, forKey: .next)
    }
}

/// The keys of `aigaq stats --json` (HeadlineStats), counted over public records.
struct StatsDocument: Encodable {
    var asOf: String
    var list: String
    var listName: String
    var snapshot: String
    var politicalPrisoners: Int
    var byStatus: [String: Int]
    var statedCounts: [String: Int]
    var persecutedPersons: Int
    enum CodingKeys: String, CodingKey {
        case asOf = "as_of", list, listName = "list_name", snapshot, politicalPrisoners = "political_prisoners",
             byStatus = "by_status", statedCounts = "stated_counts", persecutedPersons = "persecuted_persons"
    }
}

struct SearchResult: Encodable {
    var kind: String
    var id: String
    var title: String
    var detail: String?
    var person: String?
}

struct ErrorDocument: Encodable {
    struct Body: Encodable { var status: Int; var code: String; var message: String }
    var error: Body
}

struct APIIndex: Encodable {
    var openapi = "/api/v1/openapi.json"
    var persons = "/api/v1/persons"
    var lists = "/api/v1/lists"
    var events = "/api/v1/events"
    var sources = "/api/v1/sources"
    var search = "/api/v1/search?q="
    var stats = "/api/v1/stats"
}
