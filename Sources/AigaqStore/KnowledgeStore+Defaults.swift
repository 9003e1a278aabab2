import AigaqCore

/// Correct but slow defaults (a full export) for stores that do not answer
/// these reads natively; `SQLiteStore` overrides them with indexed queries.
extension KnowledgeStore {
    public func revision() async throws -> Int? { nil }

    public func entities(type: String, after: String?, limit: Int) async throws -> [Entity] {
        var page: [Entity] = []
        try await exportEntities { entity in
            guard entity.typeName == type, after.map({ entity.id > $0 }) ?? true else { return }
            page.append(entity)
        }
        return Array(page.sorted { $0.id < $1.id }.prefix(limit))
    }

    public func latestEvents(limit: Int) async throws -> [Event] {
        var events: [Event] = []
        try await exportEntities { entity in
            if case .event(let e) = entity, e.date != nil { events.append(e) }
        }
        return Array(events.sorted { ($0.date?.sortKey ?? 0) > ($1.date?.sortKey ?? 0) }.prefix(limit))
    }

    public func personNames(ids: [Person.ID]) async throws -> [PersonNames] {
        var out: [PersonNames] = []
        for id in Set(ids) { if let p = try await person(id: id) { out.append(PersonNames(p)) } }
        return out
    }

    public func sourceInfo(id: Source.ID) async throws -> Source? {
        guard var s = try await source(id: id) else { return nil }
        s.text = nil
        return s
    }

    public func search(_ query: String, limit: Int, snippets: Bool) async throws -> [SearchHit] {
        let hits = try await search(query, limit: limit)
        return snippets ? hits : hits.map { var h = $0; h.snippet = nil; return h }
    }

    public func searchEventsAndSources(_ query: String, limit: Int, snippets: Bool) async throws -> [SearchHit] {
        try await search(query, limit: limit, snippets: snippets).filter { $0.kind != .person }
    }
}
