import AigaqAccounts
import AigaqCore
import AigaqStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AigaqWeb

@Suite("The workspace")
struct WorkspaceTests {
    @Test("an anonymous visitor cannot see the workspace, its API or act in it")
    func anonymous() async throws {
        let f = try await WorkspaceFixture()
        let c = try #require(try await f.candidates().first)
        try await f.app.test(.router) { client in
            for path in ["/workspace", "/workspace/queue", "/workspace/candidates/" + c.id.rawValue, "/workspace/records",
                         "/workspace/persons/p-zhylanbayev-marat", "/workspace/ingest", "/workspace/users", "/workspace/account",
                         "/workspace/sources/" + f.source.rawValue] {
                let r = try await client.get(path)
                #expect(r.status == .seeOther, "\(path)")
                #expect(r.location?.hasPrefix("/login?next=") == true, "\(path)")
                #expect(!r.text.contains(c.payload.name), "\(path)")
                #expect(r.headers[.cacheControl] == "no-store", "\(path)")
            }
            let post = try await client.post("/workspace/candidates/\(c.id.rawValue)/accept", as: nil)
            #expect(post.status == .unauthorized)
            let api = try await client.get("/api/v1/candidates")
            #expect(api.status == .unauthorized)
            #expect(api.text.contains("\"code\":\"unauthorized\""))
            let apiWrite = try await client.execute(uri: "/api/v1/candidates/\(c.id.rawValue)/accept", method: .post)
            #expect(apiWrite.status == .unauthorized)
            #expect(try await f.candidates().count == 3)
        }
    }

    @Test("the queue shows each candidate beside its highlighted passage, with the suggestion and the actions")
    func queue() async throws {
        let f = try await WorkspaceFixture()
        let pending = try await f.candidates()
        #expect(pending.map(\.payload.name).sorted() == ["Arman Zhumabekov", "Dana Serikkyzy", "Timur Bakhytuly"])
        try await f.app.test(.router) { client in
            let reviewer = try await f.session(.reviewer)
            let r = try await client.get("/workspace/queue", as: reviewer)
            #expect(r.status == .ok)
            #expect(r.headers[.cacheControl] == "no-store")
            #expect(r.text.contains("<script src=\"/static/workspace.js\" defer></script>"))
            #expect(r.text.components(separatedBy: "<article class=\"candidate\"").count - 1 == 3)
            for c in pending { #expect(r.text.contains(">" + c.payload.name + "</a></h2>")) }
            #expect(r.text.contains("<mark class=\"mention\">"))
            #expect(r.text.contains("<form method=\"post\" action=\"/workspace/candidates/"))
            #expect(r.text.contains("class=\"accept\""))
            #expect(r.text.contains("data-shortcut=\"a\""))
            let detail = try await client.get("/workspace/candidates/" + pending[0].id.rawValue, as: reviewer)
            #expect(detail.status == .ok)
            #expect(detail.text.contains("id=\"correct\""))
            #expect(detail.text.contains("id=\"merge\""))
            // The source page marks the candidate's spans.
            let source = try await client.get("/workspace/sources/\(f.source.rawValue)?candidate=\(pending[0].id.rawValue)", as: reviewer)
            #expect(source.status == .ok)
            #expect(source.text.contains("<mark class=\"mention\">"))
            // A viewer reads the queue but gets no buttons.
            let viewer = try await f.session(.viewer)
            let read = try await client.get("/workspace/queue", as: viewer)
            #expect(read.status == .ok)
            #expect(!read.text.contains("class=\"accept\""))
            #expect(read.text.contains("can read the queue but not decide"))
        }
    }

    @Test("accepting a candidate puts the person on the public list of its source; undo takes it off again")
    func acceptAppearsOnPublicList() async throws {
        let f = try await WorkspaceFixture()
        let c = try #require(try await f.candidates().first { $0.payload.name == "Timur Bakhytuly" })
        try await f.app.test(.router) { client in
            let reviewer = try await f.session(.reviewer)
            let before = try await client.get("/prisoners?list=list-northern-lakes-watch")
            #expect(!before.text.contains("Timur Bakhytuly"))
            let r = try await client.post("/workspace/candidates/\(c.id.rawValue)/accept", as: reviewer,
                                          [("new", "1"), ("back", "/workspace/queue")])
            #expect(r.status == .seeOther)
            #expect(r.location == "/workspace/queue?done=" + URLEncoding.component(c.id.rawValue))
            let queue = try await client.get(try #require(r.location), as: reviewer)
            #expect(queue.text.contains("Accepted: Timur Bakhytuly is now"))
            #expect(queue.text.contains("/prisoners?list=list-northern-lakes-watch"))
            let stored = try #require(try await f.store.candidate(id: c.id))
            #expect(stored.state == .accepted)
            #expect(stored.decidedBy == "reviewer")
            let list = try await client.get("/prisoners?list=list-northern-lakes-watch&sort=name")
            #expect(list.status == .ok)
            #expect(list.text.contains("Timur Bakhytuly"))
            // The default list is still the dataset's latest one, untouched.
            let main = try await client.get("/prisoners")
            #expect(!main.text.contains("Timur Bakhytuly"))
            let person = try await client.get("/persons/" + (stored.person?.rawValue ?? ""))
            #expect(person.status == .ok)

            let undo = try await client.post("/workspace/candidates/\(c.id.rawValue)/undo", as: reviewer, [("back", "/workspace/queue")])
            #expect(undo.status == .seeOther)
            #expect(try await f.store.candidate(id: c.id)?.state == .pending)
            #expect(!(try await client.get("/prisoners?list=list-northern-lakes-watch").text.contains("Timur Bakhytuly")))
        }
    }

    @Test("reject, merge and not-the-same are recorded with who decided and why")
    func otherDecisions() async throws {
        let f = try await WorkspaceFixture()
        let pending = try await f.candidates()
        let dana = try #require(pending.first { $0.payload.name == "Dana Serikkyzy" })
        let arman = try #require(pending.first { $0.payload.name == "Arman Zhumabekov" })
        try await f.app.test(.router) { client in
            let reviewer = try await f.session(.reviewer)
            let reject = try await client.post("/workspace/candidates/\(dana.id.rawValue)/reject", as: reviewer, [("reason", "a duplicate line")])
            #expect(reject.status == .seeOther)
            let d = try await f.store.decisions(about: [dana.id.rawValue])
            #expect(d.contains { $0.verdict == .reject && $0.actor == "reviewer" && $0.reason == "a duplicate line" })

            let notSame = try await client.post("/workspace/candidates/\(arman.id.rawValue)/not-same", as: reviewer,
                                                [("person", "p-zhylanbayev-marat"), ("reason", "different given name")])
            #expect(notSame.status == .seeOther)
            #expect(try await f.store.decisions(about: [arman.id.rawValue]).contains { $0.verdict == .notSame && $0.object == "p-zhylanbayev-marat" })
            // A merge the reviewer ruled out is refused, with the reason.
            let refused = try await client.post("/workspace/candidates/\(arman.id.rawValue)/merge", as: reviewer, [("person", "p-zhylanbayev-marat")])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("decided not the same"))
            let target = try #require(try await f.store.entities(type: "person", after: "p-a", limit: 1).first?.id)
            let merge = try await client.post("/workspace/candidates/\(arman.id.rawValue)/merge", as: reviewer, [("person", target)])
            #expect(merge.status == .seeOther)
            #expect(try await f.store.candidate(id: arman.id)?.person?.rawValue == target)
            #expect(try await f.store.candidate(id: arman.id)?.state == .merged)
        }
    }

    @Test("correcting fields keeps what was typed when a value is refused, and accepts with the corrections")
    func correctThenAccept() async throws {
        let f = try await WorkspaceFixture()
        let c = try #require(try await f.candidates().first { $0.payload.name == "Dana Serikkyzy" })
        try await f.app.test(.router) { client in
            let reviewer = try await f.session(.reviewer)
            let fields: [(String, String)] = [("name", "Dana Serikqyzy"), ("role", "persecuted"), ("status", "restricted_freedom"),
                                              ("political_prisoner", "yes"), ("code", "KZ-CC-2014"), ("charges", "174(1)\n405"),
                                              ("sentence_kind", "restricted_freedom"), ("sentence_months", "24"),
                                              ("detained_on", "2024-13-40"), ("convicted_on", "2024-05-20"), ("list_number", "2"),
                                              ("list_section", "CONVICTED")]
            let bad = try await client.post("/workspace/candidates/\(c.id.rawValue)/correct", as: reviewer, fields)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("detained on: write a date"))
            #expect(bad.text.contains("value=\"Dana Serikqyzy\""))
            #expect(bad.text.contains("value=\"2024-13-40\""))
            #expect(try await f.store.candidate(id: c.id)?.state == .pending)

            let good = fields.map { $0.0 == "detained_on" ? ($0.0, "2024-02") : $0 }
            let ok = try await client.post("/workspace/candidates/\(c.id.rawValue)/correct", as: reviewer, good)
            #expect(ok.status == .seeOther)
            let stored = try #require(try await f.store.candidate(id: c.id))
            #expect(stored.state == .accepted)
            #expect(stored.payload.name == "Dana Serikqyzy")
            #expect(stored.payload.charges.map(\.article) == ["174", "405"])
            let decision = try #require(try await f.store.decisions(about: [c.id.rawValue]).first { $0.verdict == .accept })
            #expect(decision.reason?.contains("name Dana Serikkyzy → Dana Serikqyzy") == true)
            let person = try await client.get("/persons/" + (stored.person?.rawValue ?? ""))
            #expect(person.text.contains("Dana Serikqyzy"))
        }
    }

    @Test("roles: a viewer cannot write, a reviewer cannot edit records or manage users, an editor cannot manage users")
    func roles() async throws {
        let f = try await WorkspaceFixture()
        let c = try #require(try await f.candidates().first)
        try await f.app.test(.router) { client in
            let viewer = try await f.session(.viewer)
            let reviewer = try await f.session(.reviewer)
            let editor = try await f.session(.editor)
            #expect(try await client.post("/workspace/candidates/\(c.id.rawValue)/accept", as: viewer).status == .forbidden)
            #expect(try await client.post("/workspace/persons/p-zhylanbayev-marat/facts", as: viewer,
                                          [("version", "1"), ("field", "city"), ("value", "x"), ("cite_note", "n")]).status == .forbidden)
            #expect(try await client.get("/workspace/ingest", as: viewer).status == .forbidden)
            #expect(try await client.get("/workspace/users", as: viewer).status == .forbidden)
            #expect(try await client.post("/workspace/persons/p-zhylanbayev-marat/facts", as: reviewer,
                                          [("version", "1"), ("field", "city"), ("value", "x"), ("cite_note", "n")]).status == .forbidden)
            #expect(try await client.get("/workspace/users", as: reviewer).status == .forbidden)
            #expect(try await client.post("/workspace/users", as: reviewer, [("username", "intruder"), ("role", "admin")]).status == .forbidden)
            #expect(try await client.post("/workspace/users/admin/role", as: editor, [("role", "viewer")]).status == .forbidden)
            #expect(try await client.get("/workspace/ingest", as: editor).status == .ok)
            #expect(try await f.accounts.store.user(username: "intruder") == nil)
            #expect(try await f.candidates().count == 3)
            // The menu offers what the role allows.
            let menu = try await client.get("/workspace/queue", as: reviewer).text
            #expect(!menu.contains("href=\"/workspace/users\"") && !menu.contains("href=\"/workspace/ingest\""))
            #expect(try await client.get("/workspace/queue", as: f.session(.admin)).text.contains("href=\"/workspace/users\""))
        }
    }

    @Test("a viewer is refused every write route, with a valid CSRF token, and nothing is written")
    func viewerWritesNothing() async throws {
        let f = try await WorkspaceFixture()
        let c = try #require(try await f.candidates().first)
        let person = Person.ID(rawValue: "p-zhylanbayev-marat")
        let kase = try #require(try await f.store.cases(involving: person).first).id.rawValue
        let event = try #require(try await f.store.events(involving: person).first).id.rawValue
        let assessment = try #require(try await f.store.assessments(of: person).first).id.rawValue
        let routes = ReviewAction.allCases.map { "/workspace/candidates/\(c.id.rawValue)/\($0.rawValue)" }
            + ["/workspace/candidates/\(c.id.rawValue)/correct"]
            + ["facts", "remove", "record", "events", "assessments"].map { "/workspace/persons/\(person.rawValue)/\($0)" }
            + ["charges", "sentences", "details", "remove"].map { "/workspace/cases/\(kase)/\($0)" }
            + ["/workspace/events/\(event)", "/workspace/assessments/\(assessment)", "/workspace/ingest", "/workspace/users"]
            + ["role", "disable", "enable", "revoke-sessions", "tokens"].map { "/workspace/users/admin/\($0)" }
        try await f.app.test(.router) { client in
            let viewer = try await f.session(.viewer)
            let audit = try await f.store.auditEntries(after: 0, limit: 1_000_000).count
            for path in routes {
                let r = try await client.post(path, as: viewer, [("version", "1"), ("field", "city"), ("value", "x"), ("cite_note", "n"),
                                                                  ("new", "1"), ("person", person.rawValue), ("name", "x"),
                                                                  ("username", "intruder"), ("role", "admin"), ("days", "30")])
                #expect(r.status == .forbidden, "\(path)")
            }
            #expect(try await f.store.auditEntries(after: 0, limit: 1_000_000).count == audit)
        }
        #expect(try await f.candidates().count == 3)
        #expect(try await f.accounts.store.user(username: "intruder") == nil)
        #expect(try await f.accounts.store.user(username: "admin")?.role == .admin)
    }

    @Test("a form without the session's CSRF token is refused and changes nothing")
    func csrf() async throws {
        let f = try await WorkspaceFixture()
        let c = try #require(try await f.candidates().first)
        try await f.app.test(.router) { client in
            let reviewer = try await f.session(.reviewer)
            let other = try await f.session(.editor)
            for token in ["", "forged", other.csrf] {
                let r = try await client.post("/workspace/candidates/\(c.id.rawValue)/accept", as: reviewer, csrf: token)
                #expect(r.status == .forbidden, "\(token)")
                #expect(r.text.contains("security token"))
            }
            let admin = try await f.session(.admin)
            #expect(try await client.post("/workspace/users", as: admin, [("username", "x1"), ("role", "admin")], csrf: "").status == .forbidden)
            #expect(try await f.candidates().count == 3)
        }
    }

    @Test("API writes: a bearer token needs no CSRF, a cookie does; roles apply to both")
    func apiWrites() async throws {
        let f = try await WorkspaceFixture()
        let pending = try await f.candidates()
        let viewerToken = try await f.accounts.createToken(for: "viewer", role: .viewer, days: 1, by: .localOperator("test")).token
        let reviewerToken = try await f.accounts.createToken(for: "reviewer", role: .reviewer, days: 1, by: .localOperator("test")).token
        try await f.app.test(.router) { client in
            let list = try await client.execute(uri: "/api/v1/candidates", method: .get, headers: [.authorization: "Bearer " + viewerToken])
            #expect(list.status == .ok)
            #expect(list.headers[.cacheControl] == "no-store")
            let doc = try JSONSerialization.jsonObject(with: Data(buffer: list.body)) as? [String: Any]
            #expect((doc?["data"] as? [Any])?.count == 3)
            let uri = "/api/v1/candidates/\(pending[0].id.rawValue)/accept"
            #expect(try await client.execute(uri: uri, method: .post, headers: [.authorization: "Bearer " + viewerToken]).status == .forbidden)
            #expect(try await client.execute(uri: uri, method: .post, headers: [.authorization: "Bearer nonsense"]).status == .unauthorized)
            let ok = try await client.execute(uri: uri, method: .post, headers: [.authorization: "Bearer " + reviewerToken, .contentType: "application/json"],
                                              body: ByteBuffer(string: "{\"new_person\": true, \"reason\": \"checked\"}"))
            #expect(ok.status == .ok)
            #expect(ok.text.contains("\"state\":\"accepted\""))
            // A session cookie must send its token in X-CSRF-Token.
            let reviewer = try await f.session(.reviewer)
            let uri2 = "/api/v1/candidates/\(pending[1].id.rawValue)/reject"
            #expect(try await client.execute(uri: uri2, method: .post, headers: reviewer.cookie).status == .forbidden)
            var headers = reviewer.cookie
            headers[WorkspaceAPI.csrfHeader] = reviewer.csrf
            #expect(try await client.execute(uri: uri2, method: .post, headers: headers).status == .ok)
            #expect(try await f.store.candidate(id: pending[1].id)?.state == .rejected)
        }
    }

    @Test("workspace pages speak English, Russian and Kazakh")
    func languages() async throws {
        let f = try await WorkspaceFixture()
        try await f.app.test(.router) { client in
            let admin = try await f.session(.admin)
            for (lang, heading) in [("en", "Review queue"), ("ru", "Очередь проверки"), ("kk", "Тексеру кезегі")] {
                var headers = admin.cookie
                headers[.acceptLanguage] = lang
                for path in ["/workspace/queue", "/workspace/records", "/workspace/ingest", "/workspace/users", "/workspace/account",
                             "/workspace/persons/p-zhylanbayev-marat"] {
                    let r = try await client.execute(uri: path, method: .get, headers: headers)
                    #expect(r.status == .ok, "\(lang) \(path)")
                    #expect(r.text.contains("<html lang=\"\(lang)\">"), "\(lang) \(path)")
                    #expect(!r.text.contains(">ws."), "an untranslated key on \(lang) \(path)")
                }
                #expect(try await client.execute(uri: "/workspace/queue", method: .get, headers: headers).text.contains(heading))
                let login = try await client.execute(uri: "/login", method: .get, headers: [.acceptLanguage: lang])
                #expect(login.text.contains("<html lang=\"\(lang)\">") && !login.text.contains(">ws."))
            }
        }
    }
}
