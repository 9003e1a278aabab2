import AigaqCore
import Foundation

/// The change feed (RFC 4287): the latest public events of public persons.
enum AtomFeed {
    static func render(_ web: Web) async throws -> [UInt8] {
        let changes = try await web.site.recentChanges(limit: 50)
        let s = web.speaker(.en)
        var h = HTML()
        h.raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">")
        h.element("title", s("feed.title"))
        h.element("id", "tag:aigaq,2025:feed")
        h.raw("<link rel=\"self\" href=\"/feed.atom\"/><link rel=\"alternate\" href=\"/\"/>")
        h.element("updated", timestamp(changes.first?.event.date))
        h.raw("<author>")
        h.element("name", s("site.name"))
        h.raw("</author>")
        for c in changes {
            h.raw("<entry>")
            var title = s.eventType(c.event.type)
            if let name = c.personName { title += ": " + name }
            if let d = c.event.date { title += " (" + d.description + ")" }
            h.element("title", title)
            h.element("id", "tag:aigaq,2025:event:" + c.event.id.rawValue)
            h.element("updated", timestamp(c.event.date))
            if let id = c.person {
                h.open("link", ["href": "/persons/" + URLEncoding.component(id.rawValue)])
            }
            h.element("summary", [c.event.summary, c.event.place].compactMap { $0 }.joined(separator: " — "))
            h.raw("</entry>")
        }
        h.raw("</feed>\n")
        return h.bytes
    }

    /// An RFC 3339 time for a date of any precision (its first day).
    static func timestamp(_ d: DateValue?) -> String {
        guard let d else { return "1970-01-01T00:00:00Z" }
        let m = d.month ?? 1, day = d.day ?? 1
        return String(d.year) + "-" + (m < 10 ? "0" : "") + String(m) + "-" + (day < 10 ? "0" : "") + String(day) + "T00:00:00Z"
    }
}
