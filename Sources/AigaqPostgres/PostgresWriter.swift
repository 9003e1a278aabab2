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
final class PostgresWriter {
    let connection: PostgresConnection
    let logger: Logger
    /// What this transaction changed, for its audit entry (same bytes as SQLite's).
    var audit = AuditChain.Recorder()
    private let encoder = AigaqJSON.encoder()
    private var batch: Batch?

    /// Rows per statement; sources (with their whole text) flush by size too.
    static let batchRows = 2_000
    static let batchBytes = 8 << 20

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    // MARK: - Records to rows

    func write(_ entity: Entity) async throws {
        let (table, row, links) = try rows(for: entity)
        if let b = batch, b.table.name != table.name || b.ids.contains(entity.id)
            || b.rows.count >= Self.batchRows || b.bytes >= Self.batchBytes {
            try await flush()
        }
        if batch == nil { batch = Batch(table: table) }
        batch!.add(id: entity.id, row: row, links: links)
    }

    /// Deletes one record; link rows go with it (ON DELETE CASCADE).
    func delete(_ ref: EntityRef) async throws {
        try await flush()
        guard let table = Table.of(ref.type) else { throw AigaqError.usage("unknown record type \(ref.type)") }
        try await run("DELETE FROM \(table.name) WHERE id = $1", [.text(ref.id)])
        audit.deleted(ref)
    }

    /// Writes what is pending and appends the transaction's audit entry; call last.
    func finish(actor: String, action: String) async throws {
        try await flush()
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

    private func rows(for entity: Entity) throws -> (Table, [Cell], [LinkRow]) {
        let type = entity.typeName, id = entity.id
        switch entity {
        case .source(let s):
            var bare = s
            bare.text = nil
            return (.source, [.text(id), .text(s.sha256.lowercased()), .text(s.title), .text(s.confidentiality.rawValue),
                              .text(try json(bare, type, id)), .text(s.text), .text(SearchText.source(s))], [])
        case .organisation(let o):
            return (.organisation, [.text(id), .text(o.name), .text(o.kind.rawValue), .text(o.confidentiality.rawValue),
                                    .text(try json(o, type, id))], [])
        case .person(let p):
            let text = try p.handWrittenJSON().map { recorded($0, type, id) } ?? json(p, type, id)
            return (.person, [.text(id), .text(p.displayName), .text(p.role.rawValue), .text(p.confidentiality.rawValue),
                              .int(p.version), .text(text)],
                    p.names.map { LinkRow(0, [.text(id), .text($0.value), .text(SearchText.nameKeys($0.value))]) })
        case .case(let c):
            return (.legalCase, [.text(id), .text(c.kind.rawValue), .text(c.confidentiality.rawValue), .text(try json(c, type, id))],
                    c.participants.map { LinkRow(0, [.text(id), .text($0.person.rawValue), .text($0.role)]) }
                    + c.charges.map { LinkRow(1, [.text(id), .text($0.person.rawValue), .text($0.code), .text($0.article), .text($0.part)]) })
        case .event(let e):
            let text = try e.handWrittenJSON().map { recorded($0, type, id) } ?? json(e, type, id)
            return (.event, [.text(id), .text(e.type), .int(e.date?.sortKey), .text(e.caseID?.rawValue), .text(e.confidentiality.rawValue),
                             .text(SearchText.event(e)), .text(text)],
                    e.participants.map { LinkRow(0, [.text(id), .text($0.person?.rawValue), .text($0.organisation?.rawValue), .text($0.role)]) })
        case .figure(let f):
            return (.figure, [.text(id), .text(f.measure), .int(f.periodKey), .text(f.confidentiality.rawValue),
                              .text(try json(f, type, id))], [])
        case .list(let l):
            return (.list, [.text(id), .text(l.name), .text(try json(l, type, id))], [])
        case .listSnapshot(let s):
            return (.listSnapshot, [.text(id), .text(s.list.rawValue), .int(s.asOf.latestKey), .text(try json(s, type, id))],
                    s.entries.map { LinkRow(0, [.text(id), .text($0.person.rawValue), .text($0.section), .int($0.number), .text($0.status.rawValue)]) })
        case .assessment(let a):
            return (.assessment, [.text(id), .text(a.person.rawValue), .text(a.list?.rawValue), .text(try json(a, type, id))], [])
        case .decision(let d):
            return (.decision, [.text(id), .text(d.verdict.rawValue), .text(d.subject), .text(d.object), .int(d.isActive ? 1 : 0),
                                .text(try json(d, type, id))], [])
        case .candidate(let c):
            return (.candidate, [.text(id), .text(c.source.rawValue), .text(c.state.rawValue), .text(c.person?.rawValue),
                                 .text(try json(c, type, id))], [])
        }
    }

    /// The record's stored JSON form; every record passes here once, so the audit sees it.
    private func json(_ value: some Encodable, _ type: String, _ id: String) throws -> String {
        recorded(String(decoding: try encoder.encode(value), as: UTF8.self), type, id)
    }

    private func recorded(_ text: String, _ type: String, _ id: String) -> String {
        audit.wrote(type, id, json: text)
        return text
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
                                                        .text("json"), .text("text"), .text("search_text")])
    static let organisation = Table(name: "organisation", columns: [.text("id"), .text("name"), .text("kind"),
                                                                    .text("confidentiality"), .text("json")])
    static let person = Table(name: "person", columns: [.text("id"), .text("display_name"), .text("role"), .text("confidentiality"),
                                                        .int("version"), .text("json")],
                              links: [("person_name", [.text("person_id"), .text("value"), .text("keys")])])
    static let legalCase = Table(name: "legal_case", columns: [.text("id"), .text("kind"), .text("confidentiality"), .text("json")],
                                 links: [("case_participant", [.text("case_id"), .text("person_id"), .text("role")]),
                                         ("charge", [.text("case_id"), .text("person_id"), .text("code"), .text("article"), .text("part")])])
    static let event = Table(name: "event", columns: [.text("id"), .text("type"), .int("date_key"), .text("case_id"),
                                                      .text("confidentiality"), .text("search_text"), .text("json")],
                             links: [("event_participant", [.text("event_id"), .text("person_id"), .text("organisation_id"), .text("role")])])
    static let figure = Table(name: "figure", columns: [.text("id"), .text("measure"), .int("period_key"),
                                                        .text("confidentiality"), .text("json")])
    static let list = Table(name: "person_list", columns: [.text("id"), .text("name"), .text("json")])
    static let listSnapshot = Table(name: "list_snapshot", columns: [.text("id"), .text("list_id"), .int("as_of_key"), .text("json")],
                                    links: [("list_entry", [.text("snapshot_id"), .text("person_id"), .text("section"),
                                                            .int("number"), .text("status")])])
    static let assessment = Table(name: "assessment", columns: [.text("id"), .text("person_id"), .text("list_id"), .text("json")])
    static let decision = Table(name: "decision", columns: [.text("id"), .text("verdict"), .text("subject"), .text("object"),
                                                            .int("active"), .text("json")])
    static let candidate = Table(name: "candidate", columns: [.text("id"), .text("source_id"), .text("state"), .text("person_id"),
                                                              .text("json")])

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
