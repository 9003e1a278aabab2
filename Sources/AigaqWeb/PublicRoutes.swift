import AigaqCore
import AigaqPublishing
import Foundation
import Hummingbird

/// The public site: no login, every page built from `PublicSite` (the public projection).
struct PublicRoutes {
    let web: Web

    func add(to router: Router<WebContext>) {
        router.get("/") { request, _ in try await page(request) { s, ctx in try await HomePage.render(web, s, ctx) } }
        router.get("/prisoners") { request, _ in try await page(request) { s, ctx in try await PrisonersPage.render(web, s, ctx) } }
        router.get("/persons/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await page(request) { s, ctx in
                guard let record = try await web.site.personRecord(Person.ID(rawValue: id)) else { throw WebError.notFound(s("person.one")) }
                return PersonPage.render(record, s, ctx)
            }
        }
        router.get("/sources/:id") { request, context in
            let id = try context.parameters.require("id")
            return try await page(request) { s, ctx in
                guard let source = try await web.site.publicSource(Source.ID(rawValue: id)) else { throw WebError.notFound(s("source.one")) }
                return SourcePage.render(source, s, ctx)
            }
        }
        router.get("/statistics") { request, _ in try await page(request) { s, ctx in try await StatisticsPage.render(web, s, ctx) } }
        router.get("/search") { request, _ in try await page(request) { s, ctx in try await SearchPage.render(web, s, ctx) } }
        router.get("/data") { request, _ in try await page(request) { s, ctx in DataPage.render(s, ctx) } }
        router.get("/feed.atom") { request, _ in
            try await web.cached(request, key: "feed", contentType: "application/atom+xml; charset=utf-8", language: nil) {
                try await AtomFeed.render(web)
            }
        }
        router.get("/data/aigaq-public.jsonl") { _, _ in OpenData.jsonl(web) }
        router.get("/data/persons.csv") { _, _ in OpenData.personsCSV(web) }
        router.get("/data/charges.csv") { _, _ in OpenData.chargesCSV(web) }
        router.get("/health") { _, _ in Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok\n"))) }
    }

    static func language(_ request: Request) -> Language {
        Language.negotiate(query: request.uri.queryParameters["lang"].map(String.init),
                           cookie: request.cookies["lang"]?.value,
                           acceptLanguage: request.headers[.acceptLanguage])
    }

    /// A public HTML page in the visitor's language, from the cache when it can be.
    private func page(_ request: Request, render: @escaping @Sendable (Speaker, PageContext) async throws -> [UInt8]) async throws -> Response {
        let language = Self.language(request)
        let ctx = PageContext(request: request, language: language)
        let key = language.rawValue + " " + ctx.path + URLEncoding.query(ctx.query.map { ($0.0, Optional($0.1)) })
        var response = try await web.cached(request, key: key, contentType: "text/html; charset=utf-8", language: language) {
            try await render(web.speaker(language), ctx)
        }
        // A choice made with the language switch is remembered.
        if let chosen = request.uri.queryParameters["lang"].flatMap({ Language(rawValue: String($0)) }) {
            response.setCookie(Cookie(name: "lang", value: chosen.rawValue, maxAge: 31_536_000, path: "/", httpOnly: true, sameSite: .lax))
        }
        return response
    }
}
