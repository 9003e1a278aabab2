import AigaqCore
import AigaqStore
import Foundation
import Logging
import PostgresNIO

/// Writes entities inside one transaction on one connection, in batches:
/// consecutive records of one table go to the server as one `INSERT ...
/// SELECT FROM unnest(arrays) ON CONFLICT (id) DO UPDATE` statement (one
/// round trip per batch instead of per row), then their link rows likewise.
/// A record whose id exists is replaced and its link rows rebuilt, as in
/// SQLite. Batches follow the input order, so a reference to a record
/// written earlier in the same import is always satisfied.
///
/// Every record's JSON passes through the ``SealingCodec``, with the same
/// rules as SQLite's `RecordWriter`: a record sealed whole keeps neutral
/// query columns and no name or full-text rows, and confidential
/// participants, charges of sealed cases and entries of sealed lists get no
/// link rows (their references are checked when the writer finishes).
final class PostgresWriter {
    let connection: PostgresConnection
    let logger: Logger
    let codec: SealingCodec
    /// What this transaction changed, for its audit entry (same bytes as SQLite's).
    var audit = AuditChain.Recorder()
    private let encoder = AigaqJSON.encoder()
    private var batch: Batch?
    /// References that only sealed parts hold: (table, id), checked at the end.
    private var sealedReferences: [(String, String)] = []
    /// Whether each list met so far is sealed (its snapshots are sealed with it).
    private var sealedLists: [String: Bool] = [:]

    /// Rows per statement; sources (with their whole text) flush by size too.
    static let batchRows = 2_000
    static let batchBytes = 8 << 20

    init(connection: PostgresConnection, logger: Logger, codec: SealingCodec) {
        self.connection = connection
        self.logger = logger
        self.codec = codec
    }

    static let sealedLabel = "(sealed)"

    // MARK: - Records to rows

    func write(_ entity: Entity) async throws {
        try await refuseLosingSealedValues(type: entity.typeName, id: entity.id)
        var sealedList = false
        if case .listSnapshot(let s) = entity { sealedList = try await isSealed(list: s.list.rawValue) }
        let (table, row, links) = try rows(for: entity, sealedList: sealedList)
        if let b = batch, b.table.name != table.name || b.ids.contains(entity.id)
            || b.rows.count >= Self.batchRows || b.bytes >= Self.batchBytes {
            try await flush()
        }
        if batch == nil { batch = Batch(table: table) }
        batch!.add(id: entity.id, row: row, links: links)
        if case .list(let l) = entity {
            sealedLists[l.id.rawValue] = l.confidentiality == .confidential
            if l.confidentiality == .confidential { try await sealSnapshots(of: l.id.rawValue) }
        }
    }

    /// Deletes one record; link rows go with it (ON DELETE CASCADE).
    func delete(_ ref: EntityRef) async throws {
        try await flush()
        guard let table = Table.of(ref.type) else { throw AigaqError.usage("unknown record type \(ref.type)") }
        try await refuseLosingSealedValues(type: ref.type, id: ref.id)
        try await run("DELETE FROM \(table.name) WHERE id = $1", [.text(ref.id)])
        audit.deleted(ref)
    }

    /// Adds a change other than a record row (a data key, re-sealed values) to this transaction's audit entry.
    func note(_ type: String, _ id: String, json: String) { audit.wrote(type, id, json: json) }

    /// A source's original bytes, sealed when the source is confidential.
    func writeBytes(_ bytes: Data, of s: Source) async throws {
        try await flush()
        let (stored, sealed) = try codec.storedBytes(bytes, of: s)
        try await connection.query("""
            INSERT INTO source_bytes(source_id, sealed, bytes) VALUES (\(s.id.rawValue), \(sealed), \(stored))
            ON CONFLICT (source_id) DO UPDATE SET sealed = excluded.sealed, bytes = excluded.bytes
            """, logger: logger)
        audit.wrote("source_bytes", s.id.rawValue, json: SHA256Hasher.hex(Array(stored)))
    }

    /// Without the data key a record read back has lost its sealed parts;
    /// writing it over the stored one, or deleting that, would lose them for good.
    private func refuseLosingSealedValues(type: String, id: String) async throws {
        guard case .locked(let fingerprint) = codec.state, let table = Table.name(of: type) else { return }
        let sealed = try await connection.query(PostgresQuery(unsafeSQL: "SELECT sealed FROM \(table) WHERE id = $1", binds: PostgresStore.binds(id)),
                                                logger: logger).decode(Int.self).first { _ in true } ?? 0
        if sealed > 0 {
            throw AigaqError.permissionDenied("\(type) \(id) holds sealed values; changing it without the key would lose them: "
                + "set AIGAQ_KEY or AIGAQ_KEY_FILE to this database's key (fingerprint \(fingerprint))")
        }
    }

    /// Whether `list` is sealed: as written in this transaction, else as stored.
    private func isSealed(list: String) async throws -> Bool {
        if let known = sealedLists[list] { return known }
        let sealed = try await connection.query("SELECT sealed FROM person_list WHERE id = \(list)", logger: logger)
            .decode(Int.self).first { _ in true } ?? 0
        sealedLists[list] = sealed > 0
        return sealed > 0
    }

    /// Snapshots carry no confidentiality of their own: those of a sealed list are sealed with it.
    private func sealSnapshots(of list: String) async throws {
        try await flush()
        var open: [ListSnapshot] = []
        let decoder = AigaqJSON.decoder()
        for try await json in try await connection.query("SELECT json FROM list_snapshot WHERE list_id = \(list) AND sealed = 0 ORDER BY ord",
                                                         logger: logger).decode(String.self) {
            open.append(try decoder.decode(ListSnapshot.self, from: Data(json.utf8)))
        }
        for snapshot in open { try await write(.listSnapshot(snapshot)) }
    }

    /// Writes what is pending, checks the references of sealed parts and
    /// appends the transaction's audit entry; call last.
    func finish(actor: String, action: String) async throws {
        try await flush()
        try await checkSealedReferences()
        guard audit.count > 0 else { return }
        // Appends are serialised per schema: the lock is held until commit, so the
        // head read here is the latest and no two transactions take the same seq.
        try await run("SELECT pg_advisory_xact_lock(hashtext('aigaq-audit:' || current_schema()))", [])
        var previous: (seq: Int, hash: String)?
        for try await (seq, hash) in try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1"), logger: logger
        ).decode((Int, String).self) {
            previous = (seq, hash)
        }
        guard let e = audit.entry(after: previous, actor: actor, action: action) else { return }
        try await run("""
            INSERT INTO audit_entry(seq, at, actor, action, entities, change_hash, previous_hash, hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, [.int(e.seq), .text(e.at), .text(e.actor), .text(e.action), .text(e.entities),
                  .text(e.changeHash), .text(e.previousHash), .text(e.hash)])
    }

    /// The row and link rows of a record, its JSON sealed: what would show a
    /// sealed value in clear stays out of the other columns.
    private func rows(for entity: Entity, sealedList: Bool) throws -> (Table, [Cell], [LinkRow]) {
        let type = entity.typeName, id = entity.id
        let whole = entity.confidentiality == .confidential
        switch entity {
        case .source(let s):
            var bare = s
            // A sealed source keeps its text inside the sealed record, not in the searchable column.
            if !whole { bare.text = nil }
            let (json, sealed) = try stored(nil, bare, type, id)
            // The bare hash would let anyone holding the document confirm it is here.
            let sha = whole ? codec.sealer.map { $0.blindSHA256(s.sha256) } ?? s.sha256.lowercased() : s.sha256.lowercased()
            return (.source, [.text(id), .text(sha), .text(whole ? nil : s.title), .text(s.confidentiality.rawValue),
                              .text(json), .text(whole ? nil : s.text), .text(whole ? "" : SearchText.source(s)), .int(sealed)], [])
        case .organisation(let o):
            let (json, sealed) = try stored(nil, o, type, id)
            return (.organisation, [.text(id), .text(whole ? Self.sealedLabel : o.name), .text(whole ? "sealed" : o.kind.rawValue),
                                    .text(o.confidentiality.rawValue), .text(json), .int(sealed)], [])
        case .person(let p):
            let (json, sealed) = try stored(p.handWrittenJSON(), p, type, id)
            // A sealed person cannot be found by name: the index would show the name.
            return (.person, [.text(id), .text(whole ? Self.sealedLabel : p.displayName), .text(p.role.rawValue),
                              .text(p.confidentiality.rawValue), .int(p.version), .text(json), .int(sealed)],
                    whole ? [] : p.names.map { LinkRow(0, [.text(id), .text($0.value), .text(SearchText.nameKeys($0.value))]) })
        case .case(let c):
            let (json, sealed) = try stored(nil, c, type, id)
            var links: [LinkRow] = []
            for p in c.participants {
                // Who is a witness is the secret itself: no link row in clear.
                if whole || p.confidentiality == .confidential {
                    sealedReferences.append((Table.person.name, p.person.rawValue))
                } else {
                    links.append(LinkRow(0, [.text(id), .text(p.person.rawValue), .text(p.role)]))
                }
            }
            for ch in c.charges {
                if whole {
                    sealedReferences.append((Table.person.name, ch.person.rawValue))
                } else {
                    links.append(LinkRow(1, [.text(id), .text(ch.person.rawValue), .text(ch.code), .text(ch.article), .text(ch.part)]))
                }
            }
            return (.legalCase, [.text(id), .text(whole ? "sealed" : c.kind.rawValue), .text(c.confidentiality.rawValue), .text(json),
                                 .int(sealed)], links)
        case .event(let e):
            let (json, sealed) = try stored(e.handWrittenJSON(), e, type, id)
            var links: [LinkRow] = []
            for p in e.participants {
                if whole || p.confidentiality == .confidential {
                    if let person = p.person { sealedReferences.append((Table.person.name, person.rawValue)) }
                    if let org = p.organisation { sealedReferences.append((Table.organisation.name, org.rawValue)) }
                } else {
                    links.append(LinkRow(0, [.text(id), .text(p.person?.rawValue), .text(p.organisation?.rawValue), .text(p.role)]))
                }
            }
            if whole {
                if let caseID = e.caseID { sealedReferences.append((Table.legalCase.name, caseID.rawValue)) }
                return (.event, [.text(id), .text("sealed"), .int(nil), .text(nil), .text(e.confidentiality.rawValue), .text(""),
                                 .text(json), .int(sealed)], links)
            }
            return (.event, [.text(id), .text(e.type), .int(e.date?.sortKey), .text(e.caseID?.rawValue), .text(e.confidentiality.rawValue),
                             .text(SearchText.event(e)), .text(json), .int(sealed)], links)
        case .figure(let f):
            let (json, sealed) = try stored(nil, f, type, id)
            return (.figure, [.text(id), .text(f.measure), .int(f.periodKey), .text(f.confidentiality.rawValue), .text(json), .int(sealed)], [])
        case .list(let l):
            let (json, sealed) = try stored(nil, l, type, id)
            return (.list, [.text(id), .text(whole ? Self.sealedLabel : l.name), .text(json), .int(sealed)], [])
        case .listSnapshot(let s):
            let json: String, sealed: Int
            if sealedList {
                guard let sealer = codec.sealer else { throw SealingCodec.cannotSeal(codec.state, what: "list_snapshot \(id)") }
                json = try SealingCodec.sealWhole(json: String(decoding: try encoder.encode(s), as: UTF8.self), type: type, id: id, sealer: sealer)
                sealed = 1
                audit.wrote(type, id, json: json)
                sealedReferences += s.entries.map { (Table.person.name, $0.person.rawValue) }
            } else {
                (json, sealed) = try stored(nil, s, type, id)
            }
            return (.listSnapshot, [.text(id), .text(s.list.rawValue), .int(s.asOf.latestKey), .text(json), .int(sealed)],
                    sealedList ? [] : s.entries.map {
                        LinkRow(0, [.text(id), .text($0.person.rawValue), .text($0.section), .int($0.number), .text($0.status.rawValue)])
                    })
        case .assessment(let a):
            let (json, sealed) = try stored(nil, a, type, id)
            return (.assessment, [.text(id), .text(a.person.rawValue), .text(a.list?.rawValue), .text(json), .int(sealed)], [])
        case .decision(let d):
            let (json, sealed) = try stored(nil, d, type, id)
            return (.decision, [.text(id), .text(d.verdict.rawValue), .text(d.subject), .text(d.object), .int(d.isActive ? 1 : 0),
                                .text(json), .int(sealed)], [])
        case .candidate(let c):
            let (json, sealed) = try stored(nil, c, type, id)
            return (.candidate, [.text(id), .text(c.source.rawValue), .text(c.state.rawValue), .text(c.person?.rawValue),
                                 .text(json), .int(sealed)], [])
        }
    }

    /// The record's stored JSON form (hand-written when given) with its
    /// confidential parts sealed, and how many were. Every record passes here
    /// once, so the audit sees exactly what is stored.
    private func stored(_ handWritten: String?, _ value: some Encodable, _ type: String, _ id: String) throws -> (String, Int) {
        let text = try handWritten ?? String(decoding: encoder.encode(value), as: UTF8.self)
        let (json, sealed) = try codec.seal(json: text, type: type, id: id)
        audit.wrote(type, id, json: json)
        return (json, sealed)
    }

    /// References held only by sealed parts, which have no link rows (and so no foreign keys).
    private func checkSealedReferences() async throws {
        guard !sealedReferences.isEmpty else { return }
        for (table, ids) in Dictionary(grouping: sealedReferences, by: { $0.0 }).mapValues({ Set($0.map { $0.1 }) }).sorted(by: { $0.key < $1.key }) {
            var found: Set<String> = []
            for try await id in try await connection.query(PostgresQuery(unsafeSQL: "SELECT id FROM \(table) WHERE id = ANY($1)",
                                                                         binds: { var b = PostgresBindings(); b.append(Array(ids)); return b }()),
                                                           logger: logger).decode(String.self) {
                found.insert(id)
            }
            if let missing = ids.subtracting(found).sorted().first {
                throw AigaqError.badInput(file: "import", line: nil,
                    reason: "a reference points to a record that does not exist (\(table) \(missing), in a sealed part)")
            }
        }
        sealedReferences = []
    }

    // MARK: - Batches to statements

    /// Sends the pending batch: its records (upserted), then the link rows of
    /// the records that were replaced are deleted, then the batch's link rows inserted.
    func flush() async throws {
        guard let b = batch else { return }
        batch = nil
        let t = b.table
        let columns = t.columns.map(\.name)
        let updates = columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        let sql = """
            INSERT INTO \(t.name) (\(columns.joined(separator: ", ")))
            SELECT * FROM unnest(\(Self.arrayParameters(t.columns)))
            ON CONFLICT (id) DO UPDATE SET \(updates)
            RETURNING id, (xmax = 0)
            """
        var replaced: [String?] = []
        for try await (id, inserted) in try await connection.query(
            PostgresQuery(unsafeSQL: sql, binds: Self.columnBinds(t.columns, b.rows)), logger: logger
        ).decode((String, Bool).self) where !inserted {
            replaced.append(id)
        }
        guard !t.links.isEmpty else { return }
        if !replaced.isEmpty {
            for link in t.links {
                var binds = PostgresBindings()
                binds.append(TextArray(values: replaced))
                try await connection.query(PostgresQuery(unsafeSQL: "DELETE FROM \(link.name) WHERE \(link.columns[0].name) = ANY($1)",
                                                         binds: binds), logger: logger)
            }
        }
        for (index, link) in t.links.enumerated() {
            let rows = b.links.filter { $0.table == index }.map(\.cells)
            guard !rows.isEmpty else { continue }
            let names = link.columns.map(\.name).joined(separator: ", ")
            try await connection.query(PostgresQuery(unsafeSQL: "INSERT INTO \(link.name) (\(names)) SELECT * FROM unnest(\(Self.arrayParameters(link.columns)))",
                                                     binds: Self.columnBinds(link.columns, rows)), logger: logger)
        }
    }

    private static func arrayParameters(_ columns: [Column]) -> String {
        columns.enumerated().map { i, c in "$\(i + 1)::\(c.kind == .int ? "int8[]" : "text[]")" }.joined(separator: ", ")
    }

    private static func columnBinds(_ columns: [Column], _ rows: [[Cell]]) -> PostgresBindings {
        var binds = PostgresBindings(capacity: columns.count)
        for (i, c) in columns.enumerated() {
            switch c.kind {
            case .text: binds.append(TextArray(values: rows.map { if case .text(let v) = $0[i] { v } else { nil } }))
            case .int: binds.append(Int8Array(values: rows.map { if case .int(let v) = $0[i] { v } else { nil } }))
            }
        }
        return binds
    }

    private func run(_ sql: String, _ cells: [Cell]) async throws {
        var binds = PostgresBindings(capacity: cells.count)
        for cell in cells {
            switch cell {
            case .text(let v?): binds.append(v)
            case .int(let v?): binds.append(v)
            case .text(nil), .int(nil): binds.appendNull()
            }
        }
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
    }
}

/// One value of a row.
enum Cell {
    case text(String?)
    case int(Int?)
}

/// A row of one of a table's link tables (by index in ``Table/links``).
struct LinkRow {
    let table: Int
    let cells: [Cell]
    init(_ table: Int, _ cells: [Cell]) { self.table = table; self.cells = cells }
}

/// Records of one table waiting to be sent.
private struct Batch {
    let table: Table
    var ids: Set<String> = []
    var rows: [[Cell]] = []
    var links: [LinkRow] = []
    var bytes = 0

    init(table: Table) { self.table = table }

    mutating func add(id: String, row: [Cell], links: [LinkRow]) {
        ids.insert(id)
        rows.append(row)
        self.links += links
        for case .text(let v?) in row { bytes += v.utf8.count }
    }
}

struct Column {
    enum Kind { case text, int }
    let name: String
    let kind: Kind
    static func text(_ name: String) -> Column { Column(name: name, kind: .text) }
    static func int(_ name: String) -> Column { Column(name: name, kind: .int) }
}

/// A record table, its columns (id first) and its link tables (parent key first).
struct Table {
    let name: String
    let columns: [Column]
    var links: [(name: String, columns: [Column])] = []

    static let source = Table(name: "source", columns: [.text("id"), .text("sha256"), .text("title"), .text("confidentiality"),
                                                        .text("json"), .text("text"), .text("search_text"), .int("sealed")])
    static let organisation = Table(name: "organisation", columns: [.text("id"), .text("name"), .text("kind"),
                                                                    .text("confidentiality"), .text("json"), .int("sealed")])
    static let person = Table(name: "person", columns: [.text("id"), .text("display_name"), .text("role"), .text("confidentiality"),
                                                        .int("version"), .text("json"), .int("sealed")],
                              links: [("person_name", [.text("person_id"), .text("value"), .text("keys")])])
    static let legalCase = Table(name: "legal_case", columns: [.text("id"), .text("kind"), .text("confidentiality"), .text("json"), .int("sealed")],
                                 links: [("case_participant", [.text("case_id"), .text("person_id"), .text("role")]),
                                         ("charge", [.text("case_id"), .text("person_id"), .text("code"), .text("article"), .text("part")])])
    static let event = Table(name: "event", columns: [.text("id"), .text("type"), .int("date_key"), .text("case_id"),
                                                      .text("confidentiality"), .text("search_text"), .text("json"), .int("sealed")],
                             links: [("event_participant", [.text("event_id"), .text("person_id"), .text("organisation_id"), .text("role")])])
    static let figure = Table(name: "figure", columns: [.text("id"), .text("measure"), .int("period_key"),
                                                        .text("confidentiality"), .text("json"), .int("sealed")])
    static let list = Table(name: "person_list", columns: [.text("id"), .text("name"), .text("json"), .int("sealed")])
    static let listSnapshot = Table(name: "list_snapshot", columns: [.text("id"), .text("list_id"), .int("as_of_key"), .text("json"), .int("sealed")],
                                    links: [("list_entry", [.text("snapshot_id"), .text("person_id"), .text("section"),
                                                            .int("number"), .text("status")])])
    static let assessment = Table(name: "assessment", columns: [.text("id"), .text("person_id"), .text("list_id"), .text("json"), .int("sealed")])
    static let decision = Table(name: "decision", columns: [.text("id"), .text("verdict"), .text("subject"), .text("object"),
                                                            .int("active"), .text("json"), .int("sealed")])
    static let candidate = Table(name: "candidate", columns: [.text("id"), .text("source_id"), .text("state"), .text("person_id"),
                                                              .text("json"), .int("sealed")])

    /// The table of a `type` tag.
    static func of(_ type: String) -> Table? {
        switch type {
        case "source": .source
        case "organisation": .organisation
        case "person": .person
        case "case": .legalCase
        case "event": .event
        case "figure": .figure
        case "list": .list
        case "list_snapshot": .listSnapshot
        case "assessment": .assessment
        case "candidate": .candidate
        case "decision": .decision
        default: nil
        }
    }

    /// The name of the table holding `type` records.
    static func name(of type: String) -> String? { of(type)?.name }
}
