import AigaqCore
import Tagged

/// Default answers to the publishing queries, by scanning `exportEntities`.
/// Correct on any store, slow on a large one: `SQLiteStore` answers each with
/// an indexed query instead.
extension KnowledgeStore {
    public func figures(measure: String?) async throws -> [StatedFigure] {
        var found: [StatedFigure] = []
        try await exportEntities { entity in
            if case .figure(let f) = entity, measure == nil || f.measure == measure { found.append(f) }
        }
        return found.sorted { ($0.periodKey, $0.id.rawValue) < ($1.periodKey, $1.id.rawValue) }
    }

    public func persons(ids: [Person.ID]) async throws -> [Person] {
        var found: [Person] = []
        for id in ids { if let p = try await person(id: id) { found.append(p) } }
        return found
    }

    public func cases(involvingAny persons: [Person.ID]) async throws -> [Case] {
        var found: [Case.ID: Case] = [:]
        var order: [Case.ID] = []
        for p in persons {
            for c in try await cases(involving: p) where found[c.id] == nil { found[c.id] = c; order.append(c.id) }
        }
        return order.compactMap { found[$0] }
    }

    public func events(involvingAny persons: [Person.ID], types: [String]?) async throws -> [Event] {
        let wanted = types.map(Set.init)
        var found: [Event.ID: Event] = [:]
        for p in persons { for e in try await events(involving: p) where wanted?.contains(e.type) ?? true { found[e.id] = e } }
        return found.values.sorted(by: EventOrder.byDate)
    }

    public func publicPersonNames(among ids: [Person.ID]) async throws -> [Person.ID: String] {
        var names: [Person.ID: String] = [:]
        for p in try await persons(ids: Array(Set(ids))) where p.confidentiality == .public { names[p.id] = p.displayName }
        return names
    }

    public func events(types: [String]?, from: DateValue?, to: DateValue?) async throws -> [Event] {
        let wanted = types.map(Set.init)
        var found: [Event] = []
        try await exportEntities { entity in
            guard case .event(let e) = entity, wanted?.contains(e.type) ?? true,
                  EventOrder.overlaps(e, from: from, to: to) else { return }
            found.append(e)
        }
        return found.sorted(by: EventOrder.byDate)
    }

    public func events(withAttribute name: String) async throws -> [Event] {
        var found: [Event] = []
        try await exportEntities { entity in
            if case .event(let e) = entity, e.attributes[name] != nil { found.append(e) }
        }
        return found.sorted(by: EventOrder.byDate)
    }

    public func assessments(list: PersonList.ID) async throws -> [Assessment] {
        var found: [Assessment] = []
        try await exportEntities { entity in
            if case .assessment(let a) = entity, a.list == list { found.append(a) }
        }
        return found
    }

    public func aggregates(publicOnly: Bool) async throws -> KnowledgeAggregates {
        try await KnowledgeAggregates.scan(self, publicOnly: publicOnly)
    }
}

extension KnowledgeAggregates {
    /// The aggregates by reading every record: the reference a store's own query must agree with.
    public static func scan(_ store: some KnowledgeStore, publicOnly: Bool) async throws -> KnowledgeAggregates {
        var builder = Builder()
        try await store.exportEntities { entity in
            guard publicOnly else { builder.add(entity); return }
            if let visible = PublicFacts.visible(entity) { builder.add(visible) }
        }
        return builder.build()
    }
}

/// How events are ordered and matched to a period, the same for every store.
public enum EventOrder {
    /// By date (undated first), then id.
    public static func byDate(_ a: Event, _ b: Event) -> Bool {
        (a.date?.sortKey ?? 0, a.id.rawValue) < (b.date?.sortKey ?? 0, b.id.rawValue)
    }

    /// True when the event's dates (from `date` to `endDate`, each as wide as
    /// its precision) overlap `[from, to]`. Undated events overlap only an open period.
    public static func overlaps(_ e: Event, from: DateValue?, to: DateValue?) -> Bool {
        guard let date = e.date else { return from == nil && to == nil }
        let start = date.sortKey, end = (e.endDate ?? date).latestKey
        if let from, end < from.sortKey { return false }
        if let to, start > to.latestKey { return false }
        return true
    }
}

/// The part of the public projection that statistics need, for stores that
/// count by scanning: public records and facts only, and no unreviewed event
/// naming a person as perpetrator. `PublicProjection` (AigaqPublishing) is
/// the full rule; a test checks that both count the same.
enum PublicFacts {
    static func visible(_ entity: Entity) -> Entity? {
        guard entity.confidentiality == .public else { return nil }
        switch entity {
        case .person(var p):
            p.statuses = p.statuses.filter { $0.confidentiality == .public }
            p.region = p.region.filter { $0.confidentiality == .public }
            p.occupations = p.occupations.filter { $0.confidentiality == .public }
            return .person(p)
        case .event(let e):
            if e.participants.contains(where: { $0.role == "perpetrator" && $0.person != nil }) && !e.reviewedForPublication {
                return nil
            }
            return entity
        default:
            return entity
        }
    }
}
