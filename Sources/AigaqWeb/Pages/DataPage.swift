import Foundation

/// Open data: what can be downloaded, in which format, under which terms.
enum DataPage {
    static func render(_ s: Speaker, _ ctx: PageContext) -> [UInt8] {
        Layout.page(s("data.title"), s, ctx, bodyClass: "data") { h in
            h.element("h1", s("data.title"))
            h.element("p", ["class": "lead"], s("data.lead"))
            h.raw("<ul class=\"downloads\">")
            for (href, key) in [("/data/aigaq-public.jsonl", "data.jsonl"), ("/data/persons.csv", "data.persons_csv"),
                                ("/data/charges.csv", "data.charges_csv"), ("/feed.atom", "data.feed"),
                                ("/api/v1/openapi.json", "data.api")] {
                h.raw("<li>")
                h.element("a", ["href": href], s(key))
                h.raw(" ")
                h.element("code", href)
                h.raw("</li>")
            }
            h.raw("</ul>")
            h.element("p", s("data.public_only"))
        }
    }
}
