import AigaqCore
import AigaqPublishing
import Foundation

enum HomePage {
    static func render(_ web: Web, _ s: Speaker, _ ctx: PageContext) async throws -> [UInt8] {
        let index = try await web.site.index(list: nil, year: nil)
        let changes = try await web.site.recentChanges(limit: 15)
        let persecuted = try await Statistics.persecutedPersons(store: web.site.store)
        let lastChange = [index?.asOf, changes.first?.event.date].compactMap { $0 }.max { $0.latestKey < $1.latestKey }
        return Layout.page(s("site.name"), s, ctx, bodyClass: "home") { h in
            h.element("h1", s("home.title"))
            h.element("p", ["class": "lead"], s("home.lead"))
            h.open("section", ["class": "counters", "aria-labelledby": "counters-h"])
            h.element("h2", ["id": "counters-h", "class": "visually-hidden"], s("home.counters"))
            h.raw("<dl class=\"counters\">")
            let prisoners = index?.rows.count ?? 0
            counter(&h, s("home.political_prisoners"), String(prisoners), href: "/prisoners")
            if let index {
                for status in index.statuses {
                    counter(&h, s.status(status), String(index.byStatus[status] ?? 0),
                            href: "/prisoners" + URLEncoding.query([("status", status.rawValue)]))
                }
            }
            counter(&h, s("home.persecuted_persons"), String(persecuted), href: nil)
            if let lastChange { counter(&h, s("home.last_change"), lastChange.description, href: nil, time: true) }
            h.raw("</dl>")
            if let index {
                h.element("p", ["class": "note"], s.format("home.according_to", index.list.name, index.asOf.description))
                if let stated = index.statedCounts["total"] {
                    h.element("p", ["class": "note"], s.format("home.stated", String(stated)))
                }
            }
            h.close("section")

            h.open("section", ["aria-labelledby": "changes-h"])
            h.element("h2", ["id": "changes-h"], s("home.recent"))
            if changes.isEmpty {
                h.element("p", s("home.no_changes"))
            } else {
                h.raw("<ol class=\"changes\">")
                for c in changes { change(&h, c, s) }
                h.raw("</ol>")
            }
            h.raw("<p><a href=\"/feed.atom\">")
            h.text(s("home.feed"))
            h.raw("</a></p>")
            h.close("section")
        }
    }

    private static func counter(_ h: inout HTML, _ label: String, _ value: String, href: String?, time: Bool = false) {
        h.raw("<div>")
        h.element("dt", label)
        h.raw("<dd>")
        if let href {
            h.element("a", ["href": href], value)
        } else if time {
            h.element("time", ["datetime": value.replacingOccurrences(of: "~", with: "")], value)
        } else {
            h.text(value)
        }
        h.raw("</dd></div>")
    }

    static func change(_ h: inout HTML, _ c: Change, _ s: Speaker) {
        h.raw("<li>")
        if let d = c.event.date {
            h.element("time", ["datetime": d.description.replacingOccurrences(of: "~", with: "")], d.description)
            h.raw(" ")
        }
        h.element("span", ["class": "event-type"], s.eventType(c.event.type))
        if let id = c.person, let name = c.personName {
            h.raw(": ")
            h.link("/persons/" + URLEncoding.component(id.rawValue), name)
        }
        if let place = c.event.place { h.text(" (" + place + ")") }
        h.raw("</li>")
    }
}
