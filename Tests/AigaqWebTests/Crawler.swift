import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import AigaqWeb

/// Fetches every address reachable from `start` as a visitor without login
/// would (breadth first, `start` first, at most `limit` answers): links
/// (`href`) of pages and feeds, every choice of a GET form's selects (the
/// list's filters), and the API's `next` cursors. Returns address → answer.
/// `follow` can leave found addresses out (the seeds are always fetched).
func crawl(_ client: some TestClientProtocol, start: [String], limit: Int = 400, headers: HTTPFields = [:],
           follow: (String) -> Bool = { _ in true }) async throws -> [String: TestResponse] {
    var seen: [String: TestResponse] = [:]
    var queued = Set(start)
    var queue = start[...]
    while let next = queue.popFirst(), seen.count < limit {
        guard seen[next] == nil else { continue }
        let r = try await client.get(next, headers)
        seen[next] = r
        for found in Links.found(in: r, at: next) where !queued.contains(found) && follow(found) {
            queued.insert(found)
            queue.append(found)
        }
    }
    return seen
}

/// Same-site addresses an answer leads to.
enum Links {
    static func found(in r: TestResponse, at address: String) -> [String] {
        let type = r.headers[.contentType] ?? ""
        if type.hasPrefix("text/html") || type.contains("xml") {
            let text = r.text
            return hrefs(text) + formChoices(text, at: address)
        }
        if type.hasPrefix("application/json") { return nextPage(r.text, at: address).map { [$0] } ?? [] }
        return []
    }

    static func hrefs(_ text: String) -> [String] {
        text.components(separatedBy: "href=\"").dropFirst().compactMap { part in
            guard let end = part.firstIndex(of: "\"") else { return nil }
            let href = unescape(String(part[..<end]))
            guard href.hasPrefix("/"), !href.hasPrefix("//") else { return nil }
            return href.split(separator: "#", maxSplits: 1).first.map(String.init) ?? href
        }
    }

    /// For each GET form, its address with each option of each select chosen
    /// (the other parameters of the current address kept, the page reset).
    static func formChoices(_ text: String, at address: String) -> [String] {
        var out: [String] = []
        for form in text.components(separatedBy: "<form").dropFirst() {
            let form = form.components(separatedBy: "</form>")[0]
            let tag = form.prefix { $0 != ">" }
            guard tag.contains("method=\"get\""), let action = attribute("action", in: String(tag)), action.hasPrefix("/") else { continue }
            let current = PageContext.parseQuery(address.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init))
            for select in form.components(separatedBy: "<select").dropFirst() {
                let select = select.components(separatedBy: "</select>")[0]
                guard let name = attribute("name", in: String(select.prefix { $0 != ">" })) else { continue }
                let kept = current.filter { $0.0 != name && $0.0 != "page" && $0.0 != "lang" }
                for option in select.components(separatedBy: "<option").dropFirst() {
                    guard let value = attribute("value", in: String(option.prefix { $0 != ">" })), !value.isEmpty else { continue }
                    out.append(action + URLEncoding.query(kept.map { ($0.0, Optional($0.1)) } + [(name, value)]))
                }
            }
        }
        return out
    }

    /// The next page of a paged API answer (`next` is the cursor for `after`).
    static func nextPage(_ text: String, at address: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let next = object["next"] as? String else { return nil }
        let parts = address.split(separator: "?", maxSplits: 1)
        let kept = PageContext.parseQuery(parts.dropFirst().first.map(String.init)).filter { $0.0 != "after" }
        return String(parts[0]) + URLEncoding.query(kept.map { ($0.0, Optional($0.1)) } + [("after", next)])
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        guard let start = tag.range(of: " \(name)=\"") else { return nil }
        let rest = tag[start.upperBound...]
        return rest.firstIndex(of: "\"").map { unescape(String(rest[..<$0])) }
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
