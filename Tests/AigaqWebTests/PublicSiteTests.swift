import AigaqCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AigaqWeb

@Suite("Public site over the bundled dataset")
struct PublicSiteTests {
    @Test("home shows the headline counters and recent changes")
    func home() async throws {
        let app = try Fixture.app(try await Fixture.demoStore())
        try await app.test(.router) { client in
            let r = try await client.get("/")
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "text/html; charset=utf-8")
            #expect(r.text.contains("<html lang=\"en\">"))
            #expect(r.text.contains("Political prisoners now"))
            #expect(r.text.contains("Recent changes"))
            #expect(r.text.contains("href=\"/persons/"))
        }
    }

    @Test("the list is grouped by section, numbered, filtered and sorted by query parameters")
    func prisoners() async throws {
        let app = try Fixture.app(try await Fixture.demoStore())
        try await app.test(.router) { client in
            let all = try await client.get("/prisoners")
            #expect(all.status == .ok)
            #expect(all.text.contains("scope=\"rowgroup\""))
            #expect(all.text.contains("Marat Zhylanbayev"))
            let rows = all.text.components(separatedBy: "<td class=\"num\">").count - 1
            #expect(rows >= 40)

            let pretrial = try await client.get("/prisoners?status=pretrial_detention")
            #expect(pretrial.status == .ok)
            let pretrialRows = pretrial.text.components(separatedBy: "<td class=\"num\">").count - 1
            #expect(pretrialRows > 0 && pretrialRows < rows)
            #expect(!pretrial.text.contains("<td>Convicted and imprisoned</td>"))

            let byName = try await client.get("/prisoners?sort=name")
            #expect(byName.status == .ok)
            #expect(!byName.text.contains("scope=\"rowgroup\""))

            let article = try await client.get("/prisoners?article=KZ-CC-2014:174")
            #expect(article.status == .ok)
            #expect(article.text.contains("<abbr"))

            let bad = try await client.get("/prisoners?status=nonsense")
            #expect(bad.status == .badRequest)
        }
    }

    @Test("a person page has both scripts, status, charges with article titles, timeline, assessment and sources")
    func person() async throws {
        let app = try Fixture.app(try await Fixture.demoStore())
        try await app.test(.router) { client in
            let r = try await client.get("/persons/p-zhylanbayev-marat")
            #expect(r.status == .ok)
            let t = r.text
            #expect(t.contains("<h1 id=\"person-name\">Marat Zhylanbayev</h1>"))
            // The bundled dataset has Latin names only; both scripts are checked with the marker fixture.
            #expect(t.contains("Convicted and imprisoned"))
            #expect(t.contains("Article "))
            #expect(t.contains("Timeline"))
            #expect(t.contains("(a) "))  // PACE criteria, criterion by criterion
            #expect(t.contains("href=\"/sources/src-"))
            #expect(t.contains("spans="))

            let missing = try await client.get("/persons/p-nobody")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("Not found"))
        }
    }

    @Test("a citation opens its source page with the span")
    func source() async throws {
        let app = try Fixture.app(try await Fixture.demoStore())
        try await app.test(.router) { client in
            let r = try await client.get("/sources/src-3a842dfc2a0e74e1?spans=441-641")
            #expect(r.status == .ok)
            #expect(r.text.contains("3a842dfc2a0e74e1173b2fc77bc40bde937ae53f5ec17ab56013fe2f02f4ad31"))
            #expect(r.text.contains("id=\"passage\""))
            #expect(r.text.contains("441"))
        }
    }

    @Test("statistics, search, open data and the feed answer")
    func otherPages() async throws {
        let app = try Fixture.app(try await Fixture.demoStore())
        try await app.test(.router) { client in
            let stats = try await client.get("/statistics")
            #expect(stats.status == .ok)
            #expect(stats.text.contains("<svg"))
            // The publishing charts, each with its data table: the list over
            // time and by article, and the figures the reports state.
            for id in ["political-prisoners-over-time", "persons-by-article", "torture-funnel", "refused-assemblies-by-year"] {
                #expect(stats.text.contains("<figure class=\"chart\" id=\"\(id)\""), "chart \(id)")
                #expect(stats.text.contains("<table class=\"chart-data\" id=\"\(id)-data\""), "table of \(id)")
            }
            let ru = try await client.get("/statistics?lang=ru")
            #expect(ru.text.contains("Жалобы на пытки и что с ними стало"))
            #expect(ru.text.contains("Источник:"))
            // The charts' own words too: series, notes, article labels and the source line.
            #expect(ru.text.contains("Указано источниками") && !ru.text.contains("Stated by sources"))
            #expect(ru.text.contains("Ст. 405 УК") && !ru.text.contains("Criminal Code"))
            #expect(ru.text.contains("База знаний Aigaq") && !ru.text.contains("Aigaq knowledge base"))
            let kk = try await client.get("/statistics?lang=kk")
            #expect(kk.text.contains("Дереккөздер көрсеткен") && !kk.text.contains("Stated by sources"))

            for q in ["Zhylanbayev", "Жыланбаев", "ZHYLANBAYEV", "zhylanbaev"] {
                let s = try await client.get("/search?q=" + URLEncoding.component(q))
                #expect(s.status == .ok)
                #expect(s.text.contains("/persons/p-zhylanbayev-marat"), "search for \(q)")
            }
            let empty = try await client.get("/search")
            #expect(empty.status == .ok)

            let data = try await client.get("/data")
            #expect(data.text.contains("/data/aigaq-public.jsonl"))
            let jsonl = try await client.get("/data/aigaq-public.jsonl")
            #expect(jsonl.status == .ok)
            let lines = jsonl.text.split(separator: "\n")
            #expect(lines.count > 500)
            for line in lines { _ = try AigaqJSON.decoder().decode(Entity.self, from: Data(line.utf8)) }
            let csv = try await client.get("/data/persons.csv")
            #expect(csv.text.hasPrefix("id,name,name_cyrillic"))
            #expect(csv.text.components(separatedBy: "\r\n").filter { $0.hasPrefix("id,") }.count == 1)
            let charges = try await client.get("/data/charges.csv")
            #expect(charges.text.hasPrefix("case_id,person_id"))

            let feed = try await client.get("/feed.atom")
            #expect(feed.status == .ok)
            #expect(feed.headers[.contentType] == "application/atom+xml; charset=utf-8")
            #expect(feed.text.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"))
            #expect(feed.text.contains("<entry>"))

            let css = try await client.get("/static/site.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.text.contains("figure.chart .chart-body"), "the charts' styles come with the site's")
        }
    }

    @Test("language: the switch, the cookie and Accept-Language; labels from the vocabulary")
    func languages() async throws {
        let app = try Fixture.app(try await Fixture.demoStore())
        try await app.test(.router) { client in
            let ru = try await client.get("/prisoners", [.acceptLanguage: "ru-RU,ru;q=0.9,en;q=0.5"])
            #expect(ru.text.contains("<html lang=\"ru\">"))
            #expect(ru.text.contains("Политзаключённые"))
            #expect(ru.text.contains("Осуждён"))  // status label from statuses.yaml
            #expect(ru.headers[.contentLanguage] == "ru")

            let kk = try await client.get("/?lang=kk", [.acceptLanguage: "ru"])
            #expect(kk.text.contains("<html lang=\"kk\">"))
            #expect(kk.text.contains("Саяси тұтқындар"))
            let cookie = try #require(kk.headers[.setCookie])
            #expect(cookie.contains("lang=kk"))
            #expect(cookie.contains("HttpOnly"))

            let remembered = try await client.get("/statistics", [.cookie: "lang=kk", .acceptLanguage: "en"])
            #expect(remembered.text.contains("<html lang=\"kk\">"))

            let fallback = try await client.get("/", [.acceptLanguage: "de-DE,fr;q=0.8"])
            #expect(fallback.text.contains("<html lang=\"en\">"))
            // The switch links to the same page in the other languages, keeping the filters.
            let filtered = try await client.get("/prisoners?status=pretrial_detention")
            #expect(filtered.text.contains("href=\"/prisoners?status=pretrial_detention&amp;lang=ru\""))
        }
    }

    @Test("ETags: the same page twice has one ETag, and If-None-Match gives 304")
    func etags() async throws {
        let app = try Fixture.app(try await Fixture.demoStore())
        try await app.test(.router) { client in
            for path in ["/", "/prisoners", "/persons/p-zhylanbayev-marat", "/api/v1/persons", "/feed.atom"] {
                let first = try await client.get(path)
                let etag = try #require(first.headers[.eTag], "ETag on \(path)")
                let second = try await client.get(path)
                #expect(second.headers[.eTag] == etag)
                let notModified = try await client.get(path, [.ifNoneMatch: etag])
                #expect(notModified.status == .notModified, "\(path)")
                #expect(notModified.body.readableBytes == 0)
                let changed = try await client.get(path, [.ifNoneMatch: "\"other\""])
                #expect(changed.status == .ok)
            }
        }
    }

    @Test("security headers on every response, errors included; HSTS only behind TLS")
    func securityHeaders() async throws {
        let app = try Fixture.app(try await Fixture.demoStore())
        try await app.test(.router) { client in
            for path in ["/", "/persons/p-zhylanbayev-marat", "/persons/none", "/api/v1/persons", "/api/v1/nothing", "/static/site.css"] {
                let r = try await client.get(path)
                let csp = try #require(r.headers[.contentSecurityPolicy], "\(path)")
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(csp.contains("script-src 'self'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(r.headers[Header.xFrameOptions] == "DENY")
                #expect(r.headers[.xContentTypeOptions] == "nosniff")
                #expect(r.headers[Header.referrerPolicy] == "same-origin")
                #expect(r.headers[.strictTransportSecurity] == nil)
            }
            let tls = try await client.get("/", [Header.xForwardedProto: "https"])
            #expect(tls.headers[.strictTransportSecurity]?.hasPrefix("max-age=") == true)
        }
        let behind = try Fixture.app(try await Fixture.demoStore(), configuration: WebConfiguration(port: 18099, behindTLS: true))
        try await behind.test(.router) { client in
            let r = try await client.get("/")
            #expect(r.headers[.strictTransportSecurity] != nil)
        }
    }

    @Test("no inline script or style in any page")
    func noInlineScriptOrStyle() async throws {
        let app = try Fixture.app(try await Fixture.demoStore())
        try await app.test(.router) { client in
            for path in ["/", "/prisoners", "/persons/p-zhylanbayev-marat", "/statistics", "/search?q=a", "/data"] {
                let t = try await client.get(path).text
                #expect(!t.contains("<script"), "\(path)")
                #expect(!t.contains("<style"), "\(path)")
                #expect(!t.contains(" style=\""), "\(path)")
                #expect(!t.contains(" onclick="), "\(path)")
            }
        }
    }

    @Test("uploads larger than the limit are refused with 413")
    func uploadLimit() async throws {
        let app = try Fixture.app(try await Fixture.demoStore(), configuration: WebConfiguration(port: 18099, maxUploadBytes: 1000))
        try await app.test(.router) { client in
            let r = try await client.execute(uri: "/search", method: .post, headers: [.contentLength: "5000"],
                                             body: ByteBuffer(repeating: 65, count: 5000))
            #expect(r.status == .contentTooLarge)
        }
    }

    @Test("every interface language has every key")
    func stringTables() throws {
        let strings = try Strings.bundled()
        let en = Set(strings.tables[.en]!.keys)
        for l in Language.allCases { #expect(Set(strings.tables[l]!.keys) == en, "\(l)") }
        #expect(en.count > 100)
    }
}

@Suite("Accessible markup")
struct AccessibilityTests {
    @Test("every page: one h1, a language, a skip link, labelled fields, a main landmark")
    func landmarks() async throws {
        let app = try Fixture.app(try await Fixture.demoStore())
        try await app.test(.router) { client in
            let pages = try await crawl(client, start: ["/", "/prisoners", "/statistics", "/search?q=Marat", "/data"], limit: 80)
            var checked = 0
            for (address, r) in pages where r.headers[.contentType]?.hasPrefix("text/html") == true && r.status == .ok {
                let t = r.text
                checked += 1
                #expect(t.components(separatedBy: "<h1").count == 2, "\(address): one h1")
                #expect(t.contains("<html lang=\""), "\(address)")
                #expect(t.contains("<main id=\"main\">") && t.contains("href=\"#main\""), "\(address)")
                for part in t.components(separatedBy: "<input ").dropFirst() {
                    let tag = String(part.prefix { $0 != ">" })
                    if tag.contains("type=\"hidden\"") || tag.contains("type=\"submit\"") { continue }
                    let id = try #require(tag.components(separatedBy: "id=\"").dropFirst().first?.split(separator: "\"").first, "\(address): input without id")
                    #expect(t.contains("<label for=\"\(id)\""), "\(address): input \(id) has no label")
                }
                for part in t.components(separatedBy: "<select ").dropFirst() {
                    let id = part.components(separatedBy: "id=\"").dropFirst().first?.split(separator: "\"").first ?? ""
                    #expect(t.contains("<label for=\"\(id)\""), "\(address): select \(id) has no label")
                }
            }
            #expect(checked >= 20)
        }
    }
}

@Suite struct SentenceWordsTests {
    @Test func aBanReadsInThePageLanguage() throws {
        let sentence = Sentence(kind: .restrictedFreedom, months: 36, bans: [.init(activity: "social-networks", months: 24),
                                                                             .init(activity: "something-new", months: nil)])
        let vocabulary = try Vocabulary.bundled()
        let strings = try Strings.bundled()
        let en = Speaker(language: .en, strings: strings, vocabulary: vocabulary).sentence(sentence)
        let ru = Speaker(language: .ru, strings: strings, vocabulary: vocabulary).sentence(sentence)
        #expect(en.contains("ban on social networks"))
        #expect(ru.contains("социальные сети") && !ru.contains("social"))
        // A kind the vocabulary does not know is shown as stored, not dropped.
        #expect(en.contains("something-new") && ru.contains("something-new"))
    }
}
