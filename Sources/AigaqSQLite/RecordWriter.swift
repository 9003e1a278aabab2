import AigaqCore
import AigaqStore
import Foundation
import GRDB

/// Writes entities into the tables of ``Migrations`` inside one transaction.
/// A record whose id exists is replaced, and its link rows are rebuilt.
final class RecordWriter {
    let db: Database
    private let encoder = AigaqJSON.encoder()
    /// What this transaction changed, for its audit entry.
    var audit = AuditChain.Recorder()
    private var current = (type: "", id: "")

    init(db: Database) { self.db = db }

    /// Appends this transaction's audit entry; call last, inside the transaction.
    func finish(actor: String, action: String) throws {
        try audit.append(to: db, actor: actor, action: action)
    }

    func write(_ entity: Entity) throws {
        current = (entity.typeName, entity.id)
        switch entity {
        case .source(let s): try write(s)
        case .organisation(let o): try write(o)
        case .person(let p): try write(p)
        case .case(let c): try write(c)
        case .event(let e): try write(e)
        case .figure(let f):
            try exec("INSERT INTO figure(id, measure, periodKey, confidentiality, json) VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET measure=excluded.measure, periodKey=excluded.periodKey, confidentiality=excluded.confidentiality, json=excluded.json",
                     [f.id, f.measure, f.periodKey, f.confidentiality.rawValue, try json(f)])
        case .assessment(let a):
            try exec("INSERT INTO assessment(id, personId, listId, json) VALUES (?,?,?,?) ON CONFLICT(id) DO UPDATE SET personId=excluded.personId, listId=excluded.listId, json=excluded.json",
                     [a.id, a.person, a.list, try json(a)])
        case .list(let l):
            try exec("INSERT INTO personList(id, name, json) VALUES (?,?,?) ON CONFLICT(id) DO UPDATE SET name=excluded.name, json=excluded.json",
                     [l.id, l.name, try json(l)])
        case .listSnapshot(let s): try write(s)
        case .decision(let d):
            try exec("INSERT INTO decision(id, verdict, subject, object, active, json) VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET verdict=excluded.verdict, subject=excluded.subject, object=excluded.object, active=excluded.active, json=excluded.json",
                     [d.id, d.verdict.rawValue, d.subject, d.object, d.isActive, try json(d)])
        case .candidate(let c):
            try exec("INSERT INTO candidate(id, sourceId, state, personId, json) VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET sourceId=excluded.sourceId, state=excluded.state, personId=excluded.personId, json=excluded.json",
                     [c.id, c.source, c.state.rawValue, c.person, try json(c)])
        }
    }

    /// Deletes one record; its link and index rows go with it (ON DELETE CASCADE, FTS triggers).
    func delete(_ ref: EntityRef) throws {
        guard let table = RecordWriter.table(for: ref.type) else { throw AigaqError.usage("unknown record type \(ref.type)") }
        try exec("DELETE FROM \(table) WHERE id = ?", [ref.id])
        audit.deleted(ref)
    }

    /// The table that holds records of a `type` tag.
    static func table(for type: String) -> String? {
        switch type {
        case "source": "source"
        case "organisation": "organisation"
        case "person": "person"
        case "case": "legalCase"
        case "event": "event"
        case "figure": "figure"
        case "list": "personList"
        case "list_snapshot": "listSnapshot"
        case "assessment": "assessment"
        case "candidate": "candidate"
        case "decision": "decision"
        default: nil
        }
    }

    private func write(_ s: Source) throws {
        var bare = s
        bare.text = nil
        let search = SearchText.source(s)
        try exec("INSERT INTO source(id, sha256, title, confidentiality, json, text, searchText) VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET sha256=excluded.sha256, title=excluded.title, confidentiality=excluded.confidentiality, json=excluded.json, text=excluded.text, searchText=excluded.searchText",
                 [s.id, s.sha256.lowercased(), s.title, s.confidentiality.rawValue, try json(bare), s.text, search])
    }

    private func write(_ o: Organisation) throws {
        try exec("INSERT INTO organisation(id, name, kind, confidentiality, json) VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind, confidentiality=excluded.confidentiality, json=excluded.json",
                 [o.id, o.name, o.kind.rawValue, o.confidentiality.rawValue, try json(o)])
    }

    private func write(_ p: Person) throws {
        let json = try personJSON(p)
        // A new record needs no clean-up of link rows: insert first, update only on conflict.
        try exec("INSERT INTO person(id, displayName, role, confidentiality, version, json) VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
                 [p.id, p.displayName, p.role.rawValue, p.confidentiality.rawValue, p.version, json])
        if db.changesCount == 0 {
            try exec("UPDATE person SET displayName=?, role=?, confidentiality=?, version=?, json=? WHERE id=?",
                     [p.displayName, p.role.rawValue, p.confidentiality.rawValue, p.version, json, p.id])
            try exec("DELETE FROM personName WHERE personId = ?", [p.id])
            try exec("DELETE FROM personFacet WHERE personId = ?", [p.id])
        }
        for name in p.names {
            try exec("INSERT INTO personName(personId, value, keys) VALUES (?,?,?)",
                     [p.id, name.value, SearchText.nameKeys(name.value)])
        }
        try writeFacets(p)
    }

    /// A persecuted person's current status and region and their occupations,
    /// as all facts give them (public 0) and, for a public person, as public
    /// facts alone do (public 1).
    private func writeFacets(_ p: Person) throws {
        guard p.role == .persecuted else { return }
        for visible in p.confidentiality == .public ? [0, 1] : [0] {
            func keep<V>(_ facts: [Fact<V>]) -> [Fact<V>] { visible == 0 ? facts : facts.filter { $0.confidentiality == .public } }
            var rows: [(String, String)] = []
            if let s: PersonStatus = keep(p.statuses).current() { rows.append(("status", s.rawValue)) }
            if let r: String = keep(p.region).current() { rows.append(("region", r)) }
            var seen: Set<String> = []
            for o in keep(p.occupations) where seen.insert(o.value).inserted { rows.append(("occupation", o.value)) }
            for (facet, value) in rows {
                try exec("INSERT INTO personFacet(personId, public, facet, value) VALUES (?,?,?,?)", [p.id, visible, facet, value])
            }
        }
    }

    private func write(_ c: Case) throws {
        try exec("INSERT INTO legalCase(id, kind, confidentiality, json) VALUES (?,?,?,?) ON CONFLICT(id) DO UPDATE SET kind=excluded.kind, confidentiality=excluded.confidentiality, json=excluded.json",
                 [c.id, c.kind.rawValue, c.confidentiality.rawValue, try json(c)])
        try exec("DELETE FROM caseParticipant WHERE caseId = ?", [c.id])
        try exec("DELETE FROM charge WHERE caseId = ?", [c.id])
        for p in c.participants {
            try exec("INSERT INTO caseParticipant(caseId, personId, role) VALUES (?,?,?)", [c.id, p.person, p.role])
        }
        for ch in c.charges {
            try exec("INSERT INTO charge(caseId, personId, code, article, part) VALUES (?,?,?,?,?)",
                     [c.id, ch.person, ch.code, ch.article, ch.part])
        }
    }

    private func write(_ e: Event) throws {
        let search = SearchText.event(e)
        let json = try eventJSON(e)
        try exec("INSERT INTO event(id, type, dateKey, caseId, confidentiality, searchText, json) VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
                 [e.id, e.type, e.date?.sortKey, e.caseID, e.confidentiality.rawValue, search, json])
        if db.changesCount == 0 {
            try exec("UPDATE event SET type=?, dateKey=?, caseId=?, confidentiality=?, searchText=?, json=? WHERE id=?",
                     [e.type, e.date?.sortKey, e.caseID, e.confidentiality.rawValue, search, json, e.id])
            try exec("DELETE FROM eventParticipant WHERE eventId = ?", [e.id])
            try exec("DELETE FROM eventAttribute WHERE eventId = ?", [e.id])
        }
        for (name, value) in e.attributes {
            try exec("INSERT INTO eventAttribute(eventId, name, value) VALUES (?,?,?)", [e.id, name, value])
        }
        for p in e.participants {
            try exec("INSERT INTO eventParticipant(eventId, personId, organisationId, role) VALUES (?,?,?,?)",
                     [e.id, p.person, p.organisation, p.role])
        }
    }

    private func write(_ s: ListSnapshot) throws {
        try exec("INSERT INTO listSnapshot(id, listId, asOfKey, json) VALUES (?,?,?,?) ON CONFLICT(id) DO UPDATE SET listId=excluded.listId, asOfKey=excluded.asOfKey, json=excluded.json",
                 [s.id, s.list, s.asOf.latestKey, try json(s)])
        try exec("DELETE FROM listEntry WHERE snapshotId = ?", [s.id])
        for entry in s.entries {
            try exec("INSERT INTO listEntry(snapshotId, personId, section, number, status) VALUES (?,?,?,?,?)",
                     [s.id, entry.person, entry.section, entry.number, entry.status.rawValue])
        }
    }

    /// Runs a cached statement: the same few statements run for every record.
    private func exec(_ sql: String, _ arguments: StatementArguments) throws {
        let statement = try db.cachedStatement(sql: sql)
        // Our statements are fixed and always match their arguments: skip GRDB's check.
        statement.setUncheckedArguments(arguments)
        try statement.execute()
    }

    /// Events are most of a large import: their form is written by hand (same bytes).
    private func eventJSON(_ e: Event) throws -> String {
        guard let text = e.handWrittenJSON() else { return try json(e) }
        audit.wrote(current.type, current.id, json: text)
        return text
    }

    private func personJSON(_ p: Person) throws -> String {
        guard let text = p.handWrittenJSON() else { return try json(p) }
        audit.wrote(current.type, current.id, json: text)
        return text
    }

    /// The record's stored JSON form; every record passes here once, so the audit sees it.
    private func json(_ value: some Encodable) throws -> String {
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        audit.wrote(current.type, current.id, json: text)
        return text
    }
}

/// FTS5 patterns built from user input. Every word is quoted, so nothing the
/// user types can be read as an FTS5 operator or column filter.
enum SearchPattern {
    static let fts5 = SearchText.QuerySyntax(
        term: { word, prefix in "\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (prefix ? "*" : "") },
        or: " OR ", and: " AND ")

    static func names(_ query: String, prefix: Bool) -> String? { SearchText.names(query, prefix: prefix, fts5) }
    static func words(_ query: String) -> String? { SearchText.words(query, fts5) }
}
