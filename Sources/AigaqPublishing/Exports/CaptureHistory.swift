import AigaqCore
import Foundation
import AigaqStore

/// Who is on which list: one row per resolved person, one 0/1 column per
/// list. The input of multiple-systems estimation.
///
/// A list here is a `PersonList` as of a date: the latest snapshot of each
/// list on or before the date. Several snapshots of one list are not
/// separate lists, because one organisation's method finds the same people
/// again (they are not independent systems); see `docs/estimation.md`.
public struct CaptureHistory: Sendable, Hashable {
    public struct Column: Sendable, Hashable {
        /// The list's id: the CSV column header.
        public var id: String
        public var name: String?
        /// The snapshot the column comes from, and its date.
        public var snapshot: String?
        public var asOf: String?
        public init(id: String, name: String? = nil, snapshot: String? = nil, asOf: String? = nil) {
            self.id = id; self.name = name; self.snapshot = snapshot; self.asOf = asOf
        }
    }

    public struct Row: Sendable, Hashable {
        /// A person id, or nil in a table read from counts.
        public var person: String?
        public var captured: [Bool]
        /// How many persons have this history (1 for a person's row).
        public var count: Int
        public init(person: String?, captured: [Bool], count: Int = 1) {
            self.person = person; self.captured = captured; self.count = count
        }
    }

    public var columns: [Column]
    public var rows: [Row]

    public init(columns: [Column], rows: [Row]) {
        precondition(rows.allSatisfy { $0.captured.count == columns.count })
        self.columns = columns; self.rows = rows
    }

    /// The contingency table of the chosen columns (all when nil), by their ids.
    public func table(columns chosen: [Int]? = nil) -> ContingencyTable {
        let indices = chosen ?? Array(columns.indices)
        var counts = [Int](repeating: 0, count: 1 << indices.count)
        for row in rows {
            var mask = 0
            for (bit, column) in indices.enumerated() where row.captured[column] { mask |= 1 << bit }
            counts[mask] += row.count
        }
        return ContingencyTable(lists: indices.map { columns[$0].id }, counts: counts)
    }

    // MARK: - From the knowledge base

    /// The capture history of the knowledge base as of `asOf` (latest
    /// snapshots when nil). Lists without a snapshot by then, or whose
    /// snapshot names nobody, have no column. With `publicOnly`, only public
    /// lists and public persons count (the public projection decides).
    public static func build(store: some KnowledgeStore, asOf: DateValue?, lists wanted: [String]? = nil,
                             publicOnly: Bool) async throws -> CaptureHistory {
        var lists = try await store.lists()
        if publicOnly { lists = lists.filter { PublicProjection.project(.list($0)) != nil } }
        if let wanted {
            lists = try wanted.map { id in
                guard let list = lists.first(where: { $0.id.rawValue == id }) else {
                    let known = lists.map(\.id.rawValue).sorted().joined(separator: ", ")
                    throw AigaqError.usage("no list \(id); the lists are: \(known.isEmpty ? "none" : known)")
                }
                return list
            }
        } else {
            lists.sort { $0.id.rawValue < $1.id.rawValue }
        }
        var columns: [Column] = []
        var members: [Set<String>] = []
        var publicPersons: [String: Bool] = [:]
        for list in lists {
            guard let snapshot = try await store.snapshot(of: list.id, asOf: asOf) else { continue }
            var persons = Set<String>()
            for entry in snapshot.entries {
                let id = entry.person.rawValue
                if publicOnly {
                    if publicPersons[id] == nil {
                        let person = try await store.person(id: entry.person)
                        publicPersons[id] = person.map { PublicProjection.project(.person($0)) != nil } ?? false
                    }
                    guard publicPersons[id] == true else { continue }
                }
                persons.insert(id)
            }
            guard !persons.isEmpty else { continue }
            columns.append(Column(id: list.id.rawValue, name: list.name, snapshot: snapshot.id.rawValue,
                                  asOf: snapshot.asOf.description))
            members.append(persons)
        }
        let everyone = members.reduce(into: Set<String>()) { $0.formUnion($1) }.sorted()
        let rows = everyone.map { id in Row(person: id, captured: members.map { $0.contains(id) }) }
        return CaptureHistory(columns: columns, rows: rows)
    }

    // MARK: - CSV

    /// `person,<list>,<list>,...` then one row of 0/1 per person (RFC 4180, CRLF).
    /// A table read from counts is written as `<list>,...,count`.
    public func csv() -> String {
        let byPerson = rows.allSatisfy { $0.person != nil && $0.count == 1 }
        var lines: [[String]] = [byPerson ? ["person"] + columns.map(\.id) : columns.map(\.id) + ["count"]]
        for row in rows {
            let flags = row.captured.map { $0 ? "1" : "0" }
            lines.append(byPerson ? [row.person!] + flags : flags + [String(row.count)])
        }
        return CSVExport.render(lines)
    }

    /// Reads a capture history in either form `csv()` writes, or as bare 0/1
    /// columns (one person a row). Problems name the file and line.
    public static func parse(_ text: String, file: String) throws -> CaptureHistory {
        var records = try CSVReader.records(text, file: file)
        guard !records.isEmpty else { throw AigaqError.badInput(file: file, line: nil, reason: "the file is empty") }
        let header = records.removeFirst().fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let lowered = header.map { $0.lowercased() }
        let countColumn = lowered.firstIndex { ["count", "freq", "frequency"].contains($0) }
        let personColumn = countColumn == nil ? lowered.firstIndex { ["person", "id", "person_id"].contains($0) } : nil
        let listColumns = header.indices.filter { $0 != countColumn && $0 != personColumn }
        guard !listColumns.isEmpty else {
            throw AigaqError.badInput(file: file, line: 1, reason: "the header names no list column")
        }
        if let empty = listColumns.first(where: { header[$0].isEmpty }) {
            throw AigaqError.badInput(file: file, line: 1, reason: "column \(empty + 1) has no name")
        }
        if Set(listColumns.map { header[$0] }).count != listColumns.count {
            throw AigaqError.badInput(file: file, line: 1, reason: "two list columns have the same name")
        }
        var rows: [Row] = []
        var seen = Set<String>()
        for record in records {
            let fields = record.fields
            if fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard fields.count == header.count else {
                throw AigaqError.badInput(file: file, line: record.line,
                                          reason: "\(fields.count) fields where the header has \(header.count)")
            }
            var captured: [Bool] = []
            for c in listColumns {
                switch fields[c].trimmingCharacters(in: .whitespaces) {
                case "1": captured.append(true)
                case "0": captured.append(false)
                default:
                    throw AigaqError.badInput(file: file, line: record.line,
                                              reason: "column \(header[c]) holds \"\(fields[c])\"; a list column holds 0 or 1")
                }
            }
            var count = 1
            if let countColumn {
                let text = fields[countColumn].trimmingCharacters(in: .whitespaces)
                guard let value = Int(text), value >= 0 else {
                    throw AigaqError.badInput(file: file, line: record.line,
                                              reason: "count \"\(text)\" is not a whole number of persons")
                }
                count = value
            }
            var person: String?
            if let personColumn {
                let id = fields[personColumn].trimmingCharacters(in: .whitespaces)
                guard !id.isEmpty else { throw AigaqError.badInput(file: file, line: record.line, reason: "no person id") }
                guard seen.insert(id).inserted else {
                    throw AigaqError.badInput(file: file, line: record.line,
                                              reason: "person \(id) has two rows; one person is one row")
                }
                person = id
            }
            rows.append(Row(person: person, captured: captured, count: count))
        }
        return CaptureHistory(columns: listColumns.map { Column(id: header[$0]) }, rows: rows)
    }
}

/// A small RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks.
enum CSVReader {
    struct Record { var fields: [String]; var line: Int }

    static func records(_ text: String, file: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var atFieldStart = true
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        func endRecord() {
            fields.append(field)
            records.append(Record(fields: fields, line: recordLine))
            fields = []; field = ""; atFieldStart = true
        }
        while let c = pending {
            pending = iterator.next()
            if quoted {
                if c == "\"" {
                    if pending == "\"" { field.unicodeScalars.append("\""); pending = iterator.next() } else { quoted = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where atFieldStart: quoted = true; atFieldStart = false
            case ",": fields.append(field); field = ""; atFieldStart = true
            case "\r" where pending == "\n": continue
            case "\n", "\r":
                endRecord(); line += 1; recordLine = line
            default: field.unicodeScalars.append(c); atFieldStart = false
            }
        }
        if quoted { throw AigaqError.badInput(file: file, line: recordLine, reason: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
