import AigaqCore
import AigaqStore
import Foundation
import GRDB

/// Writes entities into the tables of ``Migrations`` inside one transaction.
/// A record whose id exists is replaced, and its link rows are rebuilt.
///
/// Every record's JSON passes through the ``SealingCodec``: confidential
/// parts are stored sealed. What would show them in clear stays out of the
/// other columns: a record sealed whole keeps neutral query columns and no
/// name or full-text rows, and confidential participants, charges of sealed
/// cases and entries of sealed lists get no link rows (their references are
/// checked when the transaction ends instead of by foreign keys).
final class RecordWriter {
    let db: Database
    let codec: SealingCodec
    private let encoder = AigaqJSON.encoder()
    /// What this transaction changed, for its audit entry.
    var audit = AuditChain.Recorder()
    private var current = (type: "", id: "")
    /// Sealed parts of the record being written (its `sealed` column).
    private var sealedParts = 0
    /// References that only sealed parts hold: (table, id), checked at the end.
    private var sealedReferences: [(String, String)] = []
    /// Full-text indexes that held a record now sealed, merged at the end so
    /// that no deleted segment keeps its words.
    private var indexesToPurge: Set<String> = []

    init(db: Database, codec: SealingCodec) { self.db = db; self.codec = codec }

    static let sealedLabel = "(sealed)"

    /// Checks the references of sealed parts, purges indexes and appends this
    /// transaction's audit entry; call last, inside the transaction.
    func finish(actor: String, action: String) throws {
        for (table, id) in sealedReferences where try Int.fetchOne(db, sql: "SELECT 1 FROM \(table) WHERE id = ?", arguments: [id]) == nil {
            throw AigaqError.badInput(file: "import", line: nil,
                reason: "a reference points to a record that does not exist (\(table) \(id), in a sealed part)")
        }
        for index in indexesToPurge.sorted() {
            try db.execute(sql: "INSERT INTO \(index)(\(index)) VALUES('optimize')")
        }
        try audit.append(to: db, actor: actor, action: action)
    }

    /// Adds a change other than a record (a data key) to this transaction's audit entry.
    func note(_ type: String, _ id: String, json: String) { audit.wrote(type, id, json: json) }

    func write(_ entity: Entity) throws {
        current = (entity.typeName, entity.id)
        try refuseLosingSealedValues(type: entity.typeName, id: entity.id)
        switch entity {
        case .source(let s): try write(s)
        case .organisation(let o): try write(o)
        case .person(let p): try write(p)
        case .case(let c): try write(c)
        case .event(let e): try write(e)
        case .figure(let f):
            let json = try stored(f)
            try exec("INSERT INTO figure(id, measure, periodKey, confidentiality, json, sealed) VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET measure=excluded.measure, periodKey=excluded.periodKey, confidentiality=excluded.confidentiality, json=excluded.json, sealed=excluded.sealed",
                     [f.id, f.measure, f.periodKey, f.confidentiality.rawValue, json, sealedParts])
        case .assessment(let a):
            let json = try stored(a)
            try exec("INSERT INTO assessment(id, personId, listId, json, sealed) VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET personId=excluded.personId, listId=excluded.listId, json=excluded.json, sealed=excluded.sealed",
                     [a.id, a.person, a.list, json, sealedParts])
        case .list(let l): try write(l)
        case .listSnapshot(let s): try write(s)
        case .decision(let d):
            try exec("INSERT INTO decision(id, verdict, subject, object, active, json, sealed) VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET verdict=excluded.verdict, subject=excluded.subject, object=excluded.object, active=excluded.active, json=excluded.json, sealed=excluded.sealed",
                     [d.id, d.verdict.rawValue, d.subject, d.object, d.isActive, try stored(d), sealedParts])
        case .candidate(let c):
            let json = try stored(c)
            try exec("INSERT INTO candidate(id, sourceId, state, personId, json, sealed) VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET sourceId=excluded.sourceId, state=excluded.state, personId=excluded.personId, json=excluded.json, sealed=excluded.sealed",
                     [c.id, c.source, c.state.rawValue, c.person, json, sealedParts])
        }
    }

    /// Deletes one record; its link and index rows go with it (ON DELETE CASCADE, FTS triggers).
    func delete(_ ref: EntityRef) throws {
        guard let table = RecordWriter.table(for: ref.type) else { throw AigaqError.usage("unknown record type \(ref.type)") }
        try refuseLosingSealedValues(type: ref.type, id: ref.id)
        try exec("DELETE FROM \(table) WHERE id = ?", [ref.id])
        audit.deleted(ref)
    }

    /// Without the data key a record read back has lost its sealed parts;
    /// writing it over the stored one, or deleting that, would lose them for good.
    private func refuseLosingSealedValues(type: String, id: String) throws {
        guard case .locked(let fingerprint) = codec.state, let table = RecordWriter.table(for: type) else { return }
        if let sealed = try Int.fetchOne(db, sql: "SELECT sealed FROM \(table) WHERE id = ?", arguments: [id]), sealed > 0 {
            throw AigaqError.permissionDenied("\(type) \(id) holds sealed values; changing it without the key would lose them: "
                + "set AIGAQ_KEY or AIGAQ_KEY_FILE to this database's key (fingerprint \(fingerprint))")
        }
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

    /// Every table of records, with its `type` tag.
    static let tables = [("source", "source"), ("organisation", "organisation"), ("person", "person"), ("legalCase", "case"),
                         ("event", "event"), ("figure", "figure"), ("personList", "list"), ("listSnapshot", "list_snapshot"),
                         ("assessment", "assessment"), ("candidate", "candidate"), ("decision", "decision")]

    private func write(_ s: Source) throws {
        let whole = s.confidentiality == .confidential
        var bare = s
        // A sealed source keeps its text inside the sealed record, not in the searchable column.
        if !whole { bare.text = nil }
        let json = try stored(bare)
        let sha: String
        if whole, let sealer = codec.sealer {
            // The bare hash would let anyone holding the document confirm it is here.
            sha = RecordWriter.blindSHA(s.sha256, sealer)
            if try Int.fetchOne(db, sql: "SELECT 1 FROM source WHERE id = ? AND sealed = 0", arguments: [s.id]) != nil {
                indexesToPurge.insert("sourceFts")
            }
        } else {
            sha = s.sha256.lowercased()
        }
        let search = whole ? "" : SearchText.source(s)
        try exec("INSERT INTO source(id, sha256, title, confidentiality, json, text, searchText, sealed) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET sha256=excluded.sha256, title=excluded.title, confidentiality=excluded.confidentiality, json=excluded.json, text=excluded.text, searchText=excluded.searchText, sealed=excluded.sealed",
                 [s.id, sha, whole ? nil : s.title, s.confidentiality.rawValue, json, whole ? nil : s.text, search, sealedParts])
    }

    static func blindSHA(_ sha256: String, _ sealer: Sealer) -> String { "blind:" + sealer.blindIndex(sha256.lowercased()) }

    /// A source's original bytes, sealed when the source is confidential.
    func writeBytes(_ bytes: Data, of s: Source) throws {
        let sealed = s.confidentiality == .confidential
        let stored: Data
        if sealed {
            guard let sealer = codec.sealer else { throw SealingCodec.cannotSeal(codec.state, what: "source \(s.id.rawValue)") }
            stored = try sealer.sealBytes(bytes, context: "source-bytes/\(s.id.rawValue)")
        } else {
            stored = bytes
        }
        try exec("INSERT INTO sourceBytes(sourceId, sealed, bytes) VALUES (?,?,?) ON CONFLICT(sourceId) DO UPDATE SET sealed=excluded.sealed, bytes=excluded.bytes",
                 [s.id, sealed, stored])
        audit.wrote("source_bytes", s.id.rawValue, json: SHA256Hasher.hex(Array(stored)))
    }

    private func write(_ o: Organisation) throws {
        let json = try stored(o)
        let whole = o.confidentiality == .confidential
        try exec("INSERT INTO organisation(id, name, kind, confidentiality, json, sealed) VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind, confidentiality=excluded.confidentiality, json=excluded.json, sealed=excluded.sealed",
                 [o.id, whole ? RecordWriter.sealedLabel : o.name, whole ? "sealed" : o.kind.rawValue, o.confidentiality.rawValue, json, sealedParts])
    }

    private func write(_ p: Person) throws {
        let json = try stored(p.handWrittenJSON(), p)
        let whole = p.confidentiality == .confidential
        let displayName = whole ? RecordWriter.sealedLabel : p.displayName
        // A new record needs no clean-up of link rows: insert first, update only on conflict.
        try exec("INSERT INTO person(id, displayName, role, confidentiality, version, json, sealed) VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
                 [p.id, displayName, p.role.rawValue, p.confidentiality.rawValue, p.version, json, sealedParts])
        if db.changesCount == 0 {
            try exec("UPDATE person SET displayName=?, role=?, confidentiality=?, version=?, json=?, sealed=? WHERE id=?",
                     [displayName, p.role.rawValue, p.confidentiality.rawValue, p.version, json, sealedParts, p.id])
            try exec("DELETE FROM personName WHERE personId = ?", [p.id])
            if whole { indexesToPurge.insert("personNameFts") }
            try exec("DELETE FROM personFacet WHERE personId = ?", [p.id])
        }
        // A sealed person cannot be found by name: the index would show the name.
        guard !whole else { return }
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
            // Confidential facts are sealed inside the record: no row shows them in clear.
            func keep<V>(_ facts: [Fact<V>]) -> [Fact<V>] {
                facts.filter { visible == 0 ? $0.confidentiality != .confidential : $0.confidentiality == .public }
            }
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
        let json = try stored(c)
        let whole = c.confidentiality == .confidential
        try exec("INSERT INTO legalCase(id, kind, confidentiality, json, sealed) VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET kind=excluded.kind, confidentiality=excluded.confidentiality, json=excluded.json, sealed=excluded.sealed",
                 [c.id, whole ? "sealed" : c.kind.rawValue, c.confidentiality.rawValue, json, sealedParts])
        try exec("DELETE FROM caseParticipant WHERE caseId = ?", [c.id])
        try exec("DELETE FROM charge WHERE caseId = ?", [c.id])
        for p in c.participants {
            // Who is a witness is the secret itself: no link row in clear.
            if whole || p.confidentiality == .confidential {
                sealedReferences.append(("person", p.person.rawValue))
                continue
            }
            try exec("INSERT INTO caseParticipant(caseId, personId, role) VALUES (?,?,?)", [c.id, p.person, p.role])
        }
        for ch in c.charges {
            if whole {
                sealedReferences.append(("person", ch.person.rawValue))
                continue
            }
            try exec("INSERT INTO charge(caseId, personId, code, article, part) VALUES (?,?,?,?,?)",
                     [c.id, ch.person, ch.code, ch.article, ch.part])
        }
    }

    private func write(_ e: Event) throws {
        let whole = e.confidentiality == .confidential
        let search = whole ? "" : SearchText.event(e)
        let json = try stored(e.handWrittenJSON(), e)
        let columns: [(any DatabaseValueConvertible)?] = whole
            ? ["sealed", nil, nil, e.confidentiality.rawValue, search, json, sealedParts]
            : [e.type, e.date?.sortKey, e.caseID, e.confidentiality.rawValue, search, json, sealedParts]
        if whole, let caseID = e.caseID { sealedReferences.append(("legalCase", caseID.rawValue)) }
        try exec("INSERT INTO event(id, type, dateKey, caseId, confidentiality, searchText, json, sealed) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
                 StatementArguments([e.id as (any DatabaseValueConvertible)?] + columns))
        if db.changesCount == 0 {
            try exec("UPDATE event SET type=?, dateKey=?, caseId=?, confidentiality=?, searchText=?, json=?, sealed=? WHERE id=?",
                     StatementArguments(columns + [e.id as (any DatabaseValueConvertible)?]))
            try exec("DELETE FROM eventParticipant WHERE eventId = ?", [e.id])
            if whole { indexesToPurge.insert("eventFts") }
            try exec("DELETE FROM eventAttribute WHERE eventId = ?", [e.id])
        }
        // A sealed event's attributes (a tactic, a host country) stay inside it.
        if !whole {
            for (name, value) in e.attributes {
                try exec("INSERT INTO eventAttribute(eventId, name, value) VALUES (?,?,?)", [e.id, name, value])
            }
        }
        for p in e.participants {
            if whole || p.confidentiality == .confidential {
                if let person = p.person { sealedReferences.append(("person", person.rawValue)) }
                if let org = p.organisation { sealedReferences.append(("organisation", org.rawValue)) }
                continue
            }
            try exec("INSERT INTO eventParticipant(eventId, personId, organisationId, role) VALUES (?,?,?,?)",
                     [e.id, p.person, p.organisation, p.role])
        }
    }

    private func write(_ l: PersonList) throws {
        let json = try stored(l)
        let whole = l.confidentiality == .confidential
        try exec("INSERT INTO personList(id, name, json, sealed) VALUES (?,?,?,?) ON CONFLICT(id) DO UPDATE SET name=excluded.name, json=excluded.json, sealed=excluded.sealed",
                 [l.id, whole ? RecordWriter.sealedLabel : l.name, json, sealedParts])
        guard whole else { return }
        // Snapshots carry no confidentiality of their own: those of a sealed list are sealed with it.
        let open = try String.fetchAll(db, sql: "SELECT json FROM listSnapshot WHERE listId = ? AND sealed = 0", arguments: [l.id])
        let saved = current
        for json in open {
            let snapshot = try AigaqJSON.decoder().decode(ListSnapshot.self, from: Data(json.utf8))
            current = ("list_snapshot", snapshot.id.rawValue)
            try write(snapshot)
        }
        current = saved
    }

    private func write(_ s: ListSnapshot) throws {
        let sealedList = try Int.fetchOne(db, sql: "SELECT sealed FROM personList WHERE id = ?", arguments: [s.list]).map { $0 > 0 } ?? false
        let json: String
        if sealedList {
            guard let sealer = codec.sealer else { throw SealingCodec.cannotSeal(codec.state, what: "list_snapshot \(s.id.rawValue)") }
            json = try SealingCodec.sealWhole(json: String(decoding: try encoder.encode(s), as: UTF8.self), type: "list_snapshot",
                                              id: s.id.rawValue, sealer: sealer)
            sealedParts = 1
            audit.wrote(current.type, current.id, json: json)
        } else {
            json = try stored(s)
        }
        try exec("INSERT INTO listSnapshot(id, listId, asOfKey, json, sealed) VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET listId=excluded.listId, asOfKey=excluded.asOfKey, json=excluded.json, sealed=excluded.sealed",
                 [s.id, s.list, s.asOf.latestKey, json, sealedParts])
        try exec("DELETE FROM listEntry WHERE snapshotId = ?", [s.id])
        for entry in s.entries {
            if sealedList {
                sealedReferences.append(("person", entry.person.rawValue))
                continue
            }
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

    /// The record's stored JSON form (hand-written when given, for the records
    /// most of a large import is made of), with its confidential parts sealed.
    /// Every record passes here once, so the audit sees exactly what is stored.
    private func stored(_ handWritten: String?, _ value: some Encodable) throws -> String {
        let text = try handWritten ?? String(decoding: encoder.encode(value), as: UTF8.self)
        let (json, sealed) = try codec.seal(json: text, type: current.type, id: current.id)
        sealedParts = sealed
        audit.wrote(current.type, current.id, json: json)
        return json
    }

    private func stored(_ value: some Encodable) throws -> String { try stored(nil, value) }

    /// A stored record, opened (nil when it is sealed whole and the key is not given).
    static func decode(type: String, id: String, stored: String, codec: SealingCodec, decoder: JSONDecoder = AigaqJSON.decoder()) throws -> Entity? {
        guard let (json, _) = try codec.open(stored: stored, type: type, id: id) else { return nil }
        return try StoredRecord.decode(type: type, json: json, decoder: decoder)
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
