import AigaqCore
import Foundation

/// Search over names (either script, any spelling), events and sources.
enum SearchPage {
    static let maxQueryLength = 200

    static func render(_ web: Web, _ s: Speaker, _ ctx: PageContext) async throws -> [UInt8] {
        let q = String((ctx.value("q") ?? "").prefix(maxQueryLength))
        let hits = q.trimmingCharacters(in: .whitespaces).isEmpty ? [] : try await web.site.search(q, limit: 30)
        let title = q.isEmpty ? s("search.title") : s.format("search.title_for", q)
        return Layout.page(title, s, ctx, bodyClass: "search") { h in
            h.element("h1", s("search.title"))
            h.open("form", ["class": "search-big", "role": "search", "action": "/search", "method": "get"])
            h.open("label", ["for": "q"]); h.text(s("search.label")); h.close("label")
            h.open("input", ["id": "q", "name": "q", "type": "search", "value": q, "maxlength": String(maxQueryLength)])
            h.element("button", ["type": "submit"], s("search.button"))
            h.close("form")
            h.element("p", ["class": "note"], s("search.hint"))
            guard !q.isEmpty else { return }
            h.element("p", ["role": "status"], s.format("search.count", String(hits.count)))
            for kind in [PublicSite.Hit.Kind.person, .event, .source] {
                let group = hits.filter { $0.kind == kind }
                guard !group.isEmpty else { continue }
                h.element("h2", s("search.kind." + kind.rawValue))
                h.raw("<ul class=\"hits\">")
                for hit in group {
                    h.raw("<li>")
                    switch kind {
                    case .person:
                        h.link("/persons/" + URLEncoding.component(hit.id), hit.title)
                        if let d = hit.detail { h.raw(" "); h.element("span", ["class": "alt", "lang": "ru"], d) }
                    case .event:
                        if let person = hit.person {
                            h.link("/persons/" + URLEncoding.component(person.rawValue) + "#timeline-h", s.eventType(hit.title))
                        } else {
                            h.text(s.eventType(hit.title))
                        }
                        if let d = hit.detail { h.text(" (" + d + ")") }
                    case .source:
                        h.link("/sources/" + URLEncoding.component(hit.id), hit.title)
                        if let d = hit.detail { h.text(" — " + d) }
                    }
                    h.raw("</li>")
                }
                h.raw("</ul>")
            }
        }
    }
}
