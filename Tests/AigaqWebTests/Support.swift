import AigaqCore
import AigaqSQLite
import AigaqStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import AigaqWeb

/// The bundled open dataset (data/kz), read from the repository.
enum Fixture {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func datasetEntities() throws -> [Entity] {
        let text = try String(contentsOf: repository.appendingPathComponent("data/kz/aigaq.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try AigaqJSON.decoder().decode(Entity.self, from: Data($0.utf8)) }
    }

    /// An in-memory store holding `entities`.
    static func store(_ entities: [Entity]) async throws -> SQLiteStore {
        let store = try SQLiteStore()
        var i = 0
        _ = try await store.importEntities(actor: "test") {
            defer { i += 1 }
            return i < entities.count ? entities[i] : nil
        }
        return store
    }

    static func demoStore() async throws -> SQLiteStore { try await store(try datasetEntities()) }

    static func router(_ store: any KnowledgeStore, configuration: WebConfiguration = WebConfiguration(port: 18099)) throws -> Router<WebContext> {
        try buildRouter(store: store, configuration: configuration)
    }

    static func app(_ store: any KnowledgeStore, configuration: WebConfiguration = WebConfiguration(port: 18099)) throws -> some ApplicationProtocol {
        Application(router: try router(store, configuration: configuration))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

extension TestClientProtocol {
    /// GET with optional headers; returns the response.
    func get(_ uri: String, _ headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }
}
