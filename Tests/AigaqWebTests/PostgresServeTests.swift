import AigaqCore
import AigaqPostgres
import AigaqSQLite
import AigaqStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AigaqWeb

/// What `aigaq serve --db postgres://…` serves: the same application over a
/// PostgreSQL store (a new schema on the tests' throwaway server; CI installs
/// the server, so this fails there rather than skipping) must give the same
/// public pages, API answers and downloads as over SQLite.
@Suite struct PostgresServeTests {
    @Test func theSameDatasetGivesTheSameBytesOnBothBackends() async throws {
        let entities = try Fixture.datasetEntities()
        let sqlite = try await Fixture.store(entities)
        let schema = "web_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let postgres = try PostgresStore(url: try ThrowawayPostgres.forTests() + "&schema=\(schema)&pool_max=4")
        do {
            var it = entities.makeIterator()
            _ = try await postgres.importEntities(actor: "test") { it.next() }
            let person = try #require(entities.lazy.compactMap { e -> Person? in
                if case .person(let p) = e, p.confidentiality == .public, p.role == .persecuted { p } else { nil }
            }.first)
            let paths = ["/", "/prisoners", "/prisoners?page=2", "/prisoners?lang=ru", "/persons/\(person.id.rawValue)",
                         "/statistics", "/data", "/feed.atom", "/search?q=" + URLEncoding.component(person.displayName),
                         "/api/v1/persons?limit=50", "/api/v1/persons/\(person.id.rawValue)", "/api/v1/lists",
                         "/api/v1/stats", "/data/persons.csv", "/data/charges.csv", "/data/aigaq-public.jsonl"]
            let fromSQLite = try await Self.bodies(paths, Fixture.app(sqlite))
            let fromPostgres = try await Self.bodies(paths, Fixture.app(postgres))
            for path in paths {
                #expect(fromPostgres[path]?.status == .ok, "\(path) on PostgreSQL")
                #expect(fromPostgres[path]?.body == fromSQLite[path]?.body, "\(path): PostgreSQL differs from SQLite")
            }
            #expect(fromPostgres["/prisoners"]?.body.contains(person.displayName) == true)
        } catch {
            try? await postgres.dropSchema()
            await postgres.shutdown()
            throw error
        }
        try? await postgres.dropSchema()
        await postgres.shutdown()
    }

    static func bodies(_ paths: [String], _ app: some ApplicationProtocol) async throws -> [String: (status: HTTPResponse.Status, body: String)] {
        try await app.test(.router) { client in
            var out: [String: (status: HTTPResponse.Status, body: String)] = [:]
            for path in paths {
                let r = try await client.get(path)
                out[path] = (r.status, r.text)
            }
            return out
        }
    }
}
