import AigaqCore
import Foundation

/// One person, built to be read and printed: names in both scripts, status,
/// charges, sentence, detention, timeline, assessment and sources.
enum PersonPage {
    static func render(_ r: PersonRecord, _ s: Speaker, _ ctx: PageContext) -> [UInt8] {
        let p = r.person
        // Sources are numbered in the order they are first cited.
        var order: [Source.ID] = []
        func number(_ id: Source.ID) -> Int? {
            guard r.sources[id] != nil else { return nil }
            if let i = order.firstIndex(of: id) { return i + 1 }
            order.append(id)
            return order.count
        }
        func cite(_ h: inout HTML, _ citations: [Citation]) {
            let bySource = Dictionary(grouping: citations, by: \.source)
            let ids = bySource.keys.filter { r.sources[$0] != nil }.sorted { (number($0) ?? 0) < (number($1) ?? 0) }
            guard !ids.isEmpty else { return }
            h.raw("<span class=\"cites\">")
            for id in ids {
                let spans = bySource[id]!.prefix(20).map { "\($0.start)-\($0.end)" }.joined(separator: ",")
                h.raw("<sup>")
                h.element("a", ["href": "/sources/" + URLEncoding.component(id.rawValue) + URLEncoding.query([("spans", spans)]) + "#passage",
                                "title": s.format("cite.title", r.sources[id]!.title ?? id.rawValue)],
                          "[\(number(id)!)]")
                h.raw("</sup>")
            }
            h.raw("</span>")
        }
        let latin = p.displayName
        let cyrillic = p.cyrillicName
        let status = p.statuses.max { ($0.asOf?.sortKey ?? 0) < ($1.asOf?.sortKey ?? 0) }

        return Layout.page(latin, s, ctx, bodyClass: "person") { h in
            h.open("article", ["class": "person", "aria-labelledby": "person-name"])
            h.raw("<header>")
            h.element("h1", ["id": "person-name"], latin)
            if let cyrillic { h.element("p", ["class": "alt-name", "lang": "ru"], cyrillic) }
            h.raw("</header>")

            h.raw("<dl class=\"facts\">")
            if let status {
                fact(&h, s("person.status")) { h in
                    h.element("strong", s.status(status.value))
                    if let d = status.asOf { h.text(" (" + s.format("person.as_of", d.description) + ")") }
                    cite(&h, status.citations)
                    if p.statuses.isConflicting() { h.element("span", ["class": "conflict"], " " + s("person.conflict")) }
                }
            }
            for f in p.birthYear { fact(&h, s("person.birth_year")) { h in h.text(String(f.value)); cite(&h, f.citations) } }
            if let g = p.gender { fact(&h, s("person.gender")) { h in h.text(s("gender." + g)) } }
            for f in p.region { fact(&h, s("person.region")) { h in h.text(f.value); cite(&h, f.citations) } }
            for f in p.city { fact(&h, s("person.city")) { h in h.text(f.value); cite(&h, f.citations) } }
            if !p.occupations.isEmpty {
                fact(&h, s("person.occupations")) { h in
                    for (i, f) in p.occupations.enumerated() {
                        if i > 0 { h.raw(", ") }
                        h.text(s.occupation(f.value)); cite(&h, f.citations)
                    }
                }
            }
            for f in p.detention {
                fact(&h, s("person.detention")) { h in
                    h.text(f.value)
                    if let d = f.asOf { h.text(" (" + s.format("person.as_of", d.description) + ")") }
                    cite(&h, f.citations)
                }
            }
            h.raw("</dl>")

            // Charges and sentences, case by case.
            let mine = r.cases.filter { c in c.charges.contains { $0.person == p.id } || c.sentences.contains { $0.person == p.id } }
            h.open("section", ["aria-labelledby": "charges-h"])
            h.element("h2", ["id": "charges-h"], s("person.charges"))
            if mine.isEmpty { h.element("p", s("person.no_charges")) }
            for c in mine {
                h.raw("<div class=\"case\">")
                var heading = s("case." + c.kind.rawValue)
                if let n = c.number { heading += " № " + n }
                h.element("h3", heading)
                let charges = c.charges.filter { $0.person == p.id }
                if !charges.isEmpty {
                    h.raw("<ul class=\"charges\">")
                    for ch in charges {
                        h.raw("<li>")
                        h.text(s.article(code: ch.code, article: ch.article, part: ch.part))
                        h.element("span", ["class": "code"], " · " + s.codeName(ch.code))
                        if let d = ch.date { h.text(" (" + d.description + ")") }
                        cite(&h, ch.citations)
                        h.raw("</li>")
                    }
                    h.raw("</ul>")
                }
                for sr in c.sentences where sr.person == p.id {
                    h.raw("<p class=\"sentence\">")
                    h.element("strong", s("person.sentence") + ": ")
                    h.text(s.sentence(sr.sentence))
                    if let d = sr.date { h.text(" (" + d.description + ")") }
                    if let inst = sr.instance { h.text(", " + inst) }
                    cite(&h, sr.citations)
                    h.raw("</p>")
                }
                let others = c.participants.filter { $0.person != p.id }.compactMap { part in r.names[part.person].map { (part, $0) } }
                if !others.isEmpty {
                    h.raw("<p class=\"participants\">")
                    h.text(s("person.also_in_case") + " ")
                    for (i, (part, name)) in others.enumerated() {
                        if i > 0 { h.raw(", ") }
                        h.link("/persons/" + URLEncoding.component(part.person.rawValue), name)
                        h.text(" (" + s.role(part.role) + ")")
                    }
                    h.raw("</p>")
                }
                h.raw("</div>")
            }
            h.close("section")

            // Timeline.
            h.open("section", ["aria-labelledby": "timeline-h"])
            h.element("h2", ["id": "timeline-h"], s("person.timeline"))
            if r.events.isEmpty { h.element("p", s("person.no_events")) }
            else {
                h.raw("<ol class=\"timeline\">")
                for e in r.events {
                    h.raw("<li>")
                    if let d = e.date {
                        h.element("time", ["datetime": d.description.replacingOccurrences(of: "~", with: "")], d.description)
                    } else {
                        h.element("span", ["class": "undated"], s("person.undated"))
                    }
                    h.raw(" ")
                    h.element("strong", s.eventType(e.type))
                    if let place = e.place { h.text(", " + place) }
                    if let country = e.country, country != "KZ" { h.text(" (" + country + ")") }
                    if let summary = e.summary { h.raw(" — "); h.text(summary) }
                    for part in e.participants where part.person != p.id {
                        if let id = part.person, let name = r.names[id] {
                            h.raw(" · ")
                            h.link("/persons/" + URLEncoding.component(id.rawValue), name)
                            h.text(" (" + s.role(part.role) + ")")
                        }
                    }
                    cite(&h, e.citations)
                    h.raw("</li>")
                }
                h.raw("</ol>")
            }
            h.close("section")

            // Assessment, criterion by criterion.
            h.open("section", ["aria-labelledby": "assessment-h"])
            h.element("h2", ["id": "assessment-h"], s("person.assessment"))
            if r.assessments.isEmpty { h.element("p", s("person.no_assessment")) }
            // A revised assessment shows only its latest revision (the workspace keeps the chain).
            let superseded = Set(r.assessments.compactMap(\.supersedes))
            for a in r.assessments.filter({ !superseded.contains($0.id) }).sorted(by: { $0.date.sortKey > $1.date.sortKey }) {
                h.raw("<div class=\"assessment\">")
                h.raw("<p>")
                h.element("strong", s.decision(a.decision.rawValue))
                h.text(" — " + s.format("assessment.by", a.assessor, a.date.description))
                cite(&h, a.citations)
                h.raw("</p>")
                h.raw("<table class=\"criteria\">")
                h.element("caption", s("assessment.criteria"))
                h.raw("<thead><tr>")
                for key in ["col.criterion", "col.verdict", "col.reasoning"] { h.element("th", ["scope": "col"], s(key)) }
                h.raw("</tr></thead><tbody>")
                for criterion in s.vocabulary.criteria {
                    let given = a.criteria.first { $0.criterion == criterion.id }
                    let c = s.criterion(criterion.id)
                    h.raw("<tr>")
                    h.open("th", ["scope": "row"])
                    h.text("(" + c.letter + ") ")
                    h.element("abbr", ["title": c.text], c.label)
                    h.close("th")
                    h.element("td", ["class": given.map { "verdict-" + $0.verdict.rawValue } ?? "verdict-none"],
                              given.map { s.verdict($0.verdict) } ?? s("verdict.not_recorded"))
                    h.raw("<td>")
                    if let given {
                        h.text(given.reasoning ?? "")
                        cite(&h, given.citations)
                    }
                    h.raw("</td></tr>")
                }
                h.raw("</tbody></table></div>")
            }
            h.close("section")

            let variants = p.names.filter { $0.value != latin && $0.value != cyrillic }
            if !variants.isEmpty {
                h.open("section", ["aria-labelledby": "names-h"])
                h.element("h2", ["id": "names-h"], s("person.names"))
                h.raw("<ul class=\"names\">")
                for n in variants {
                    h.raw("<li>")
                    h.element("span", ["lang": n.script == .cyrillic ? "ru" : nil], n.value)
                    cite(&h, n.citations)
                    h.raw("</li>")
                }
                h.raw("</ul>")
                h.close("section")
            }

            // Sources, in citation order; every fact above links to its passage.
            h.open("section", ["id": "sources", "aria-labelledby": "sources-h"])
            h.element("h2", ["id": "sources-h"], s("person.sources"))
            // Sources cited only by the whole record come last.
            for id in r.sources.keys.sorted(by: { $0.rawValue < $1.rawValue }) { _ = number(id) }
            h.raw("<ol class=\"sources\">")
            for id in order {
                let src = r.sources[id]!
                h.raw("<li>")
                h.link("/sources/" + URLEncoding.component(id.rawValue), src.title ?? id.rawValue)
                var bits: [String] = []
                if let pub = src.publisher { bits.append(pub) }
                if let d = src.publishedOn { bits.append(d.description) }
                if !bits.isEmpty { h.text(". " + bits.joined(separator: ", ")) }
                if let url = HTML.safeURL(src.url) { h.raw(". "); h.element("a", ["href": url, "rel": "noopener noreferrer external"], url) }
                h.raw("</li>")
            }
            h.raw("</ol>")
            h.close("section")
            h.raw("<p class=\"permalink\">")
            h.text(s("person.permalink") + " ")
            h.link("/persons/" + URLEncoding.component(p.id.rawValue), "/persons/" + p.id.rawValue, rel: "bookmark")
            h.raw(" · ")
            h.link("/api/v1/persons/" + URLEncoding.component(p.id.rawValue), s("person.json"))
            h.raw("</p>")
            h.close("article")
        }
    }

    private static func fact(_ h: inout HTML, _ label: String, _ body: (inout HTML) -> Void) {
        h.raw("<div>")
        h.element("dt", label)
        h.raw("<dd>")
        body(&h)
        h.raw("</dd></div>")
    }
}
