import AigaqCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AigaqWeb

@Suite("JSON API")
struct APITests {
    func json(_ r: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any])
    }

    @Test("persons are paged by cursor until the end")
    func personsPaging() async throws {
        let app = try Fixture.app(try await Fixture.demoStore())
        try await app.test(.router) { client in
            var after: String?
            var ids: [String] = []
            var pages = 0
            repeat {
                let r = try await client.get("/api/v1/persons?limit=50" + (after.map { "&after=" + $0 } ?? ""))
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "application/json; charset=utf-8")
                let body = try json(r)
                let data = try #require(body["data"] as? [[String: Any]])
                ids += data.compactMap { $0["id"] as? String }
                after = body["next"] as? String
                pages += 1
            } while after != nil && pages < 20
            #expect(pages >= 5)
            #expect(ids.count == Set(ids).count)
            #expect(ids == ids.sorted())
            #expect(ids.contains("p-zhylanbayev-marat"))
        }
    }

    @Test("one person, lists, events, sources, search and stats")
    func endpoints() async throws {
        let app = try Fixture.app(try await Fixture.demoStore())
        try await app.test(.router) { client in
            let person = try json(try await client.get("/api/v1/persons/p-zhylanbayev-marat"))
            #expect((person["person"] as? [String: Any])?["id"] as? String == "p-zhylanbayev-marat")
            #expect((person["cases"] as? [Any])?.isEmpty == false)
            #expect((person["sources"] as? [Any])?.isEmpty == false)

            let lists = try json(try await client.get("/api/v1/lists"))
            let first = try #require((lists["data"] as? [[String: Any]])?.first?["id"] as? String)
            let list = try json(try await client.get("/api/v1/lists/\(first)?status=pretrial_detention"))
            #expect((list["total"] as? Int ?? 0) > 0)
            #expect(((list["data"] as? [[String: Any]]) ?? []).allSatisfy { $0["status"] as? String == "pretrial_detention" })

            let events = try json(try await client.get("/api/v1/events?limit=10"))
            #expect((events["data"] as? [Any])?.count == 10)
            #expect(events["next"] is String)

            let sources = try json(try await client.get("/api/v1/sources"))
            #expect((sources["data"] as? [Any])?.count == 5)
            #expect(sources["next"] is NSNull)

            let search = try json(try await client.get("/api/v1/search?q=%D0%96%D1%8B%D0%BB%D0%B0%D0%BD%D0%B1%D0%B0%D0%B5%D0%B2"))
            #expect(((search["data"] as? [[String: Any]]) ?? []).contains { $0["id"] as? String == "p-zhylanbayev-marat" })

            let stats = try json(try await client.get("/api/v1/stats"))
            #expect((stats["political_prisoners"] as? Int ?? 0) >= 40)
            #expect(stats["by_status"] is [String: Any])
            #expect(stats["persecuted_persons"] is Int)
        }
    }

    @Test("errors have one JSON shape")
    func errors() async throws {
        let app = try Fixture.app(try await Fixture.demoStore())
        try await app.test(.router) { client in
            for (uri, status, code) in [("/api/v1/persons/p-nobody", 404, "not_found"), ("/api/v1/search", 400, "bad_request"),
                                        ("/api/v1/persons?limit=0", 400, "bad_request"), ("/api/v1/nothing", 404, "http_404")] {
                let r = try await client.get(uri)
                #expect(Int(r.status.code) == status, "\(uri)")
                #expect(r.headers[.contentType] == "application/json; charset=utf-8", "\(uri)")
                let error = try #require(try json(r)["error"] as? [String: Any], "\(uri)")
                #expect(error["status"] as? Int == status)
                #expect(error["code"] as? String == code, "\(uri)")
                #expect(error["message"] is String)
            }
        }
    }

    @Test("the OpenAPI document describes exactly the API's routes")
    func openAPIMatchesRoutes() async throws {
        let router = try Fixture.router(try await Fixture.demoStore())
        let routes = Set(router.routes.map { $0.path.description }.filter { $0.hasPrefix("/api/v1") }
            .map { $0.hasSuffix("/") && $0.count > 1 ? String($0.dropLast()) : $0 })
        let apiRoutes = router.routes.filter { $0.path.description.hasPrefix("/api/v1") }.map { ($0.path.description, $0.method) }
        let app = Application(router: router)
        try await app.test(.router) { client in
            let r = try await client.get("/api/v1/openapi.json")
            #expect(r.status == .ok)
            let doc = try json(r)
            #expect((doc["openapi"] as? String)?.hasPrefix("3.") == true)
            let paths = Set((doc["paths"] as? [String: Any] ?? [:]).keys)
            #expect(paths == routes, "documented but not routed: \(paths.subtracting(routes)); routed but not documented: \(routes.subtracting(paths))")
            // Every route's method is documented for its path, and every public operation answers.
            let documented = doc["paths"] as? [String: [String: Any]] ?? [:]
            for (path, method) in apiRoutes {
                let key = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
                #expect(documented[key]?[method.rawValue.lowercased()] != nil, "\(method) \(path)")
            }
            for path in paths where !path.hasPrefix("/api/v1/candidates") {
                let uri = path.replacingOccurrences(of: "{id}", with: "x") + (path.hasSuffix("search") ? "?q=a" : "")
                let answer = try await client.get(uri)
                #expect([200, 404].contains(Int(answer.status.code)), "\(uri)")
            }
        }
    }
}
