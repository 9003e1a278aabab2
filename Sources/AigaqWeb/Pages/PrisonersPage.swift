import AigaqCore
import Foundation

/// Filters of the list, from the query string; the address is the permanent link.
struct ListQuery {
    var status: PersonStatus?
    var article: String?
    var region: String?
    var year: Int?
    var list: String?
    var sort: Sort = .number
    var page = 1
    static let pageSize = 100

    enum Sort: String, CaseIterable { case number, name, sentence, region }

    init(_ value: (String) -> String?) throws {
        if let v = value("status") {
            guard let st = PersonStatus(rawValue: v) else { throw WebError.badRequest("unknown status \(v)") }
            status = st
        }
        article = value("article")
        region = value("region")
        if let v = value("year") {
            guard let y = Int(v), (1900...2999).contains(y) else { throw WebError.badRequest("year must be a year such as 2024") }
            year = y
        }
        list = value("list")
        if let v = value("sort") {
            guard let so = Sort(rawValue: v) else { throw WebError.badRequest("sort must be one of number, name, sentence, region") }
            sort = so
        }
        if let v = value("page") {
            guard let p = Int(v), p >= 1, p < 1_000_000 else { throw WebError.badRequest("page must be a positive number") }
            page = p
        }
    }

    /// The rows of `index` this query selects, in its order. An article is
    /// "174", "174-1" (article only) or "KZ-CC-2014:174". Each filter is a
    /// list of positions made with the index; the lists are intersected and,
    /// for a sort other than the list's own, kept in that sort's order.
    func select(_ index: ListIndex) -> ListSelection {
        var chosen: [[Int32]] = []
        if let status { chosen.append(index.rowsWithStatus[status] ?? []) }
        if let region { chosen.append(index.rowsInRegion[region.lowercased()] ?? []) }
        if let article {
            let parts = article.split(separator: ":", maxSplits: 1).map(String.init)
            switch parts.count {
            case 2: chosen.append(index.rowsWithCharge[ChargeKey(code: parts[0], article: parts[1])] ?? [])
            case 1: chosen.append(index.rowsWithArticle[parts[0]] ?? [])
            default: chosen.append([])  // ":" names no article
            }
        }
        let order = index.order[sort] ?? []
        guard var matching = chosen.min(by: { $0.count < $1.count }) else { return ListSelection(rows: index.rows, positions: order) }
        for other in chosen { matching = Self.intersection(matching, other) }
        guard sort != .number else { return ListSelection(rows: index.rows, positions: matching) }
        var kept = [Bool](repeating: false, count: index.rows.count)
        for p in matching { kept[Int(p)] = true }
        return ListSelection(rows: index.rows, positions: order.filter { kept[Int($0)] })
    }

    /// Positions in both ascending lists.
    static func intersection(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(min(a.count, b.count))
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] { i += 1 } else if a[i] > b[j] { j += 1 } else { out.append(a[i]); i += 1; j += 1 }
        }
        return out
    }

    var pairs: [(String, String?)] {
        [("list", list), ("year", year.map(String.init)), ("status", status?.rawValue), ("article", article),
         ("region", region), ("sort", sort == .number ? nil : sort.rawValue)]
    }
}

enum PrisonersPage {
    static func render(_ web: Web, _ s: Speaker, _ ctx: PageContext) async throws -> [UInt8] {
        let q = try ListQuery(ctx.value)
        let lists = try await web.site.lists()
        guard let index = try await web.site.index(list: q.list, year: q.year) else {
            return Layout.page(s("prisoners.title"), s, ctx) { h in
                h.element("h1", s("prisoners.title"))
                h.element("p", s("prisoners.none"))
            }
        }
        let rows = q.select(index)
        let pages = max(1, (rows.count + ListQuery.pageSize - 1) / ListQuery.pageSize)
        let page = min(q.page, pages)
        let shown = rows[min(rows.count, (page - 1) * ListQuery.pageSize)..<min(rows.count, page * ListQuery.pageSize)]
        let years = try await web.site.overTime(list: index.list.id).map(\.date.year)

        return Layout.page(s("prisoners.title"), s, ctx, bodyClass: "prisoners") { h in
            h.element("h1", s("prisoners.title"))
            h.element("p", ["class": "lead"], s.format("prisoners.lead", index.list.name, index.asOf.description, String(index.rows.count)))
            filterForm(&h, s, q, index: index, lists: lists, years: Array(Set(years)).sorted())
            h.open("p", ["class": "result-count", "role": "status"])
            h.text(s.format("prisoners.count", String(rows.count)))
            h.raw(" ")
            h.link("/prisoners" + URLEncoding.query(q.pairs + [("page", page > 1 ? String(page) : nil)]), s("prisoners.permalink"), rel: "bookmark")
            h.close("p")
            if rows.isEmpty {
                h.element("p", s("prisoners.empty"))
                return
            }
            h.raw("<table class=\"list\">")
            h.element("caption", ["class": "visually-hidden"], s.format("prisoners.caption", index.list.name, index.asOf.description))
            h.raw("<thead><tr>")
            for key in ["col.number", "col.name", "col.status", "col.charges", "col.region", "col.sentence"] {
                h.element("th", ["scope": "col"], s(key))
            }
            h.raw("</tr></thead>")
            if q.sort == .number {
                // Grouped as the organisation's list groups them.
                var current: String?? = .none
                for row in shown {
                    if current == nil || current! != row.section {
                        if current != nil { h.raw("</tbody>") }
                        current = .some(row.section)
                        h.raw("<tbody><tr class=\"section\">")
                        h.element("th", ["colspan": "6", "scope": "rowgroup"], row.section ?? s("prisoners.no_section"))
                        h.raw("</tr>")
                    }
                    rowHTML(&h, row, s)
                }
                h.raw("</tbody>")
            } else {
                h.raw("<tbody>")
                for row in shown { rowHTML(&h, row, s) }
                h.raw("</tbody>")
            }
            h.raw("</table>")
            if pages > 1 {
                h.open("nav", ["class": "pages", "aria-label": s("pages.label")])
                if page > 1 { h.link("/prisoners" + URLEncoding.query(q.pairs + [("page", String(page - 1))]), s("pages.previous"), rel: "prev") }
                h.element("span", s.format("pages.of", String(page), String(pages)))
                if page < pages { h.link("/prisoners" + URLEncoding.query(q.pairs + [("page", String(page + 1))]), s("pages.next"), rel: "next") }
                h.close("nav")
            }
        }
    }

    private static func rowHTML(_ h: inout HTML, _ row: PrisonerRow, _ s: Speaker) {
        h.raw("<tr>")
        h.element("td", ["class": "num"], row.number.map(String.init) ?? "")
        h.raw("<td>")
        h.link("/persons/" + URLEncoding.component(row.id.rawValue), row.name)
        if let c = row.cyrillic {
            h.raw(" ")
            h.element("span", ["class": "alt", "lang": "ru"], c)
        }
        h.raw("</td>")
        h.element("td", s.status(row.status))
        h.raw("<td>")
        for (i, c) in row.charges.enumerated() {
            if i > 0 { h.raw(", ") }
            let title = s.articleTitle(code: c.code, article: c.article)
            h.element("abbr", ["title": title.map { s.codeName(c.code) + ": " + $0 } ?? s.codeName(c.code)],
                      c.article + (c.part.map { "." + $0 } ?? ""))
        }
        h.raw("</td>")
        h.element("td", row.region ?? "")
        h.element("td", row.sentenceMonths.map { s.sentence(Sentence(kind: .imprisonment, months: $0)) } ?? "")
        h.raw("</tr>")
    }

    private static func filterForm(_ h: inout HTML, _ s: Speaker, _ q: ListQuery, index: ListIndex, lists: [PersonList], years: [Int]) {
        h.open("form", ["class": "filters", "method": "get", "action": "/prisoners"])
        h.open("fieldset")
        h.element("legend", s("filters.title"))
        if lists.count > 1 {
            select(&h, "list", s("filters.list"), current: q.list,
                   options: [("", s("filters.any"))] + lists.map { ($0.id.rawValue, $0.name) })
        }
        select(&h, "status", s("filters.status"), current: q.status?.rawValue,
               options: [("", s("filters.any"))] + index.statuses.map { ($0.rawValue, s.status($0)) })
        select(&h, "article", s("filters.article"), current: q.article,
               options: [("", s("filters.any"))] + index.articles.map { a in
                   (a.code + ":" + a.article, s.article(code: a.code, article: a.article, part: nil) + " · " + a.code)
               })
        select(&h, "region", s("filters.region"), current: q.region, options: [("", s("filters.any"))] + index.regions.map { ($0, $0) })
        select(&h, "year", s("filters.year"), current: q.year.map(String.init),
               options: [("", s("filters.latest"))] + years.map { (String($0), String($0)) })
        select(&h, "sort", s("filters.sort"), current: q.sort.rawValue,
               options: ListQuery.Sort.allCases.map { ($0.rawValue, s("sort." + $0.rawValue)) })
        h.element("button", ["type": "submit"], s("filters.apply"))
        h.raw(" ")
        h.link("/prisoners", s("filters.reset"))
        h.close("fieldset")
        h.close("form")
    }

    static func select(_ h: inout HTML, _ name: String, _ label: String, current: String?, options: [(String, String)]) {
        let id = "f-" + name
        h.raw("<span class=\"field\">")
        h.element("label", ["for": id], label)
        h.open("select", ["id": id, "name": name])
        for (value, text) in options {
            h.element("option", ["value": value, "selected": value == (current ?? "") ? "selected" : nil], text)
        }
        h.close("select")
        h.raw("</span>")
    }
}
