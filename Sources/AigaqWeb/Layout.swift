import Foundation
import Hummingbird

/// Where a page is being rendered: its address, query and language.
struct PageContext {
    var path: String
    var query: [(String, String)]
    var language: Language

    init(request: Request, language: Language) {
        path = request.uri.path
        query = Self.parseQuery(request.uri.query).filter { $0.0 != "lang" }.sorted { $0.0 < $1.0 }
        self.language = language
    }

    init(path: String, query: [(String, String)] = [], language: Language) {
        self.path = path; self.query = query; self.language = language
    }

    /// This page in another language (the language switch).
    func inLanguage(_ l: Language) -> String {
        path + URLEncoding.query(query.map { ($0.0, Optional($0.1)) } + [("lang", l.rawValue)])
    }

    /// Form encoding: `+` is a space, then percent-decoding (a literal `+` comes as `%2B`).
    /// At most `limit` pairs (a query string is short; a posted form may have more).
    static func parseQuery(_ raw: String?, limit: Int = 50) -> [(String, String)] {
        guard let raw, !raw.isEmpty else { return [] }
        return raw.split(separator: "&").prefix(limit).map { pair in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(kv[0]), kv.count > 1 ? decode(kv[1]) : "")
        }
    }

    func value(_ name: String) -> String? {
        query.first { $0.0 == name }.map(\.1).flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// The frame every page shares: head, skip link, navigation, search, language switch, footer.
enum Layout {
    static func page(_ title: String, _ s: Speaker, _ ctx: PageContext, bodyClass: String? = nil,
                     head: ((inout HTML) -> Void)? = nil, main: (inout HTML) -> Void) -> [UInt8] {
        var h = HTML()
        h.raw("<!DOCTYPE html>\n")
        h.open("html", ["lang": s.language.rawValue])
        h.raw("<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        h.element("title", title == s("site.name") ? title : title + " · " + s("site.name"))
        h.raw("<link rel=\"stylesheet\" href=\"/static/site.css\">")
        h.open("link", ["rel": "alternate", "type": "application/atom+xml", "href": "/feed.atom", "title": s("feed.title")])
        for l in Language.allCases where l != s.language {
            h.open("link", ["rel": "alternate", "hreflang": l.rawValue, "href": ctx.inLanguage(l)])
        }
        head?(&h)
        h.raw("</head>")
        h.open("body", ["class": bodyClass])
        h.open("a", ["class": "skip", "href": "#main"]); h.text(s("nav.skip")); h.close("a")
        h.raw("<header class=\"site\">")
        h.open("nav", ["aria-label": s("nav.label")])
        h.open("a", ["class": "brand", "href": "/"]); h.text(s("site.name")); h.close("a")
        h.raw("<ul class=\"nav\">")
        for (href, key) in [("/prisoners", "nav.prisoners"), ("/statistics", "nav.statistics"), ("/search", "nav.search"),
                            ("/data", "nav.data")] {
            h.raw("<li>")
            h.element("a", ["href": href, "aria-current": ctx.path == href ? "page" : nil], s(key))
            h.raw("</li>")
        }
        h.raw("</ul></nav>")
        h.open("form", ["class": "search", "role": "search", "action": "/search", "method": "get"])
        h.open("label", ["for": "site-q", "class": "visually-hidden"]); h.text(s("search.label")); h.close("label")
        h.open("input", ["id": "site-q", "name": "q", "type": "search", "placeholder": s("search.placeholder")])
        h.element("button", ["type": "submit"], s("search.button"))
        h.raw("</form>")
        h.open("ul", ["class": "languages", "aria-label": s("nav.language")])
        for l in Language.allCases {
            h.raw("<li>")
            if l == s.language {
                h.element("span", ["lang": l.rawValue, "aria-current": "true"], l.nativeName)
            } else {
                h.element("a", ["href": ctx.inLanguage(l), "hreflang": l.rawValue, "lang": l.rawValue], l.nativeName)
            }
            h.raw("</li>")
        }
        h.raw("</ul></header>")
        h.raw("<main id=\"main\">")
        main(&h)
        h.raw("</main><footer class=\"site\"><p>")
        h.text(s("footer.about"))
        h.raw(" <a href=\"/data\">")
        h.text(s("footer.data"))
        h.raw("</a> · <a href=\"/api/v1/openapi.json\">")
        h.text(s("footer.api"))
        h.raw("</a> · <a href=\"/feed.atom\">")
        h.text(s("footer.feed"))
        h.raw("</a></p></footer></body></html>\n")
        return h.bytes
    }
}

enum ErrorPage {
    static func render(_ error: WebError, speaker s: Speaker, context: PageContext) -> [UInt8] {
        let title = error.status == .notFound ? s("error.not_found") : error.status.code >= 500 ? s("error.server") : s("error.request")
        return Layout.page(title, s, context) { h in
            h.element("h1", title)
            h.element("p", error.message)
            h.raw("<p><a href=\"/\">")
            h.text(s("error.home"))
            h.raw("</a></p>")
        }
    }
}
