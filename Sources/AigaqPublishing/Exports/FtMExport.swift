import AigaqCore
import Foundation

/// One entity of the FollowTheMoney model, in the JSON form FtM tools
/// (Aleph, OpenSanctions' yente and nomenklatura) read:
/// `{"id": "...", "schema": "Person", "properties": {"name": ["..."]}}`.
/// Every property value is a list of strings.
public struct FtMEntity: Codable, Hashable, Sendable {
    public var id: String
    public var schema: String
    public var properties: [String: [String]]

    public init(id: String, schema: String, properties: [String: [String]] = [:]) {
        self.id = id; self.schema = schema; self.properties = properties
    }

    /// Adds values, skipping empty ones and repeats.
    mutating func add(_ property: String, _ values: [String?]) {
        for case let value? in values {
            let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !v.isEmpty, !(properties[property]?.contains(v) ?? false) else { continue }
            properties[property, default: []].append(v)
        }
    }

    mutating func add(_ property: String, _ value: String?) { add(property, [value]) }
}

/// The knowledge base as FollowTheMoney entities, for Aleph and the
/// OpenSanctions tools. The mapping (which record becomes which schema, and
/// what is left out) is in `docs/followthemoney.md`; the rules that matter:
/// - ids are stable: `aigaq-<kind>-<our id>` for records, and a hash of what
///   a link joins for link entities, so a re-export gives the same ids;
/// - a link is written only when both of its ends are written, so every
///   reference resolves (and a public export never points at a left-out record);
/// - notes, candidates and decisions are never written.
///
/// Give it records that already went through `PublicProjection` for a public export.
public struct FtMExport: Sendable {
    let vocabulary: Vocabulary?

    public init(vocabulary: Vocabulary? = nil) { self.vocabulary = vocabulary }

    /// The FtM entities of `records`, in a stable order.
    public func entities(from records: [Entity]) -> [FtMEntity] {
        var sources: [Source] = [], organisations: [Organisation] = [], persons: [Person] = []
        var cases: [Case] = [], events: [Event] = [], lists: [PersonList] = [], snapshots: [ListSnapshot] = []
        for record in records {
            switch record {
            case .source(let s): sources.append(s)
            case .organisation(let o): organisations.append(o)
            case .person(let p): persons.append(p)
            case .case(let c): cases.append(c)
            case .event(let e): events.append(e)
            case .list(let l): lists.append(l)
            case .listSnapshot(let s): snapshots.append(s)
            case .assessment, .candidate, .decision, .figure: break
            }
        }
        let sourceIDs = Set(sources.map(\.id))
        let personsByID = Dictionary(persons.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let organisationsByID = Dictionary(organisations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let caseIDs = Set(cases.map(\.id))
        let listsByID = Dictionary(lists.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        /// Documents behind citations, only those written.
        func proof(_ citations: [Citation]) -> [String] {
            Set(citations.map(\.source)).filter(sourceIDs.contains).map(Self.id(source:)).sorted()
        }

        var out: [FtMEntity] = []
        for s in sources {
            var e = FtMEntity(id: Self.id(source: s.id), schema: "Document")
            e.add("fileName", s.fileName ?? s.id.rawValue)
            e.add("title", s.title)
            e.add("publisher", s.publisher)
            e.add("publishedAt", s.publishedOn?.isoString)
            e.add("sourceUrl", s.url)
            e.add("language", s.language.flatMap(Self.languageCode))
            e.add("mimeType", s.mediaType)
            // FtM's checksum type is SHA-1; ours is SHA-256, so it goes in the notes.
            e.add("notes", "SHA-256 \(s.sha256)")
            out.append(e)
        }

        for o in organisations {
            let schema = o.kind == .court || o.kind == .stateBody ? "PublicBody" : "Organization"
            var e = FtMEntity(id: Self.id(organisation: o.id), schema: schema)
            e.add("name", o.name)
            e.add("alias", o.otherNames)
            e.add("country", o.country?.lowercased())
            e.add("address", o.address)
            e.add("classification", o.kind.rawValue.replacingOccurrences(of: "_", with: " "))
            e.add("topics", Self.topic(organisation: o.kind))
            e.add("proof", proof(o.citations))
            out.append(e)
        }

        for p in persons {
            var e = FtMEntity(id: Self.id(person: p.id), schema: "Person")
            e.add("name", p.displayName)
            e.add("alias", p.names.map(\.value).filter { $0 != p.displayName })
            e.add("gender", p.gender.flatMap(Self.gender))
            e.add("birthDate", p.birthYear.map { String($0.value) })
            if let status = p.statuses.max(by: { ($0.asOf?.sortKey ?? 0) < ($1.asOf?.sortKey ?? 0) })?.value {
                e.add("status", vocabulary?.status(status)?.label.en ?? status.rawValue.replacingOccurrences(of: "_", with: " "))
            }
            e.add("profession", p.occupations.map { vocabulary?.occupation(id: $0.value)?.label.en ?? $0.value })
            e.add("topics", p.occupations.compactMap { Self.topic(occupation: $0.value) })
            var citations = p.citations + p.names.flatMap(\.citations)
            citations += p.birthYear.flatMap(\.citations) + p.statuses.flatMap(\.citations)
            citations += p.occupations.flatMap(\.citations)
            e.add("proof", proof(citations))
            out.append(e)
        }

        var links: [FtMEntity] = []
        for p in persons {
            for m in p.memberships where organisationsByID[m.organisation] != nil {
                var e = FtMEntity(id: Self.linkID("Membership", p.id.rawValue, m.organisation.rawValue, m.role ?? ""),
                                  schema: "Membership")
                e.add("member", Self.id(person: p.id))
                e.add("organization", Self.id(organisation: m.organisation))
                e.add("role", m.role)
                e.add("startDate", m.from?.isoString)
                e.add("endDate", m.until?.isoString)
                e.add("proof", proof(m.citations))
                links.append(e)
            }
            for r in p.relations where personsByID[r.person] != nil {
                let family = Self.familyKinds.contains(r.kind.lowercased())
                let schema = family ? "Family" : "Associate"
                var e = FtMEntity(id: Self.linkID(schema, p.id.rawValue, r.person.rawValue, r.kind), schema: schema)
                e.add("person", Self.id(person: p.id))
                e.add(family ? "relative" : "associate", Self.id(person: r.person))
                e.add("relationship", r.kind)
                e.add("proof", proof(r.citations))
                links.append(e)
            }
            // A detention place that is a known facility becomes a link to it.
            for fact in p.detention where organisationsByID[Organisation.ID(rawValue: fact.value)] != nil {
                var e = FtMEntity(id: Self.linkID("UnknownLink", p.id.rawValue, fact.value, "detained"), schema: "UnknownLink")
                e.add("subject", Self.id(person: p.id))
                e.add("object", Self.id(organisation: Organisation.ID(rawValue: fact.value)))
                e.add("role", "held in")
                e.add("date", fact.asOf?.isoString)
                e.add("proof", proof(fact.citations))
                links.append(e)
            }
        }

        for c in cases {
            let caseID = Self.id(case: c.id)
            let court = c.court.flatMap { organisationsByID[$0] }
            let accusedRoles: Set<String> = ["defendant", "suspect", "accused", "convicted"]
            let accused = c.participants.filter { accusedRoles.contains($0.role) }.map(\.person)
                + c.charges.map(\.person) + c.sentences.map(\.person)
            let accusedNames = unique(accused.compactMap { personsByID[$0]?.displayName })
            var e = FtMEntity(id: caseID, schema: "CourtCase")
            let kind = c.kind.rawValue.replacingOccurrences(of: "_", with: " ")
            e.add("name", c.number.map { "Case \($0)" }
                ?? (accusedNames.isEmpty ? "\(kind.capitalized) case \(c.id.rawValue)"
                    : "\(kind.capitalized) case against \(accusedNames.joined(separator: ", "))"))
            e.add("category", kind)
            e.add("caseNumber", c.number)
            e.add("court", court?.name)
            e.add("country", c.jurisdiction?.lowercased())
            e.add("fileDate", c.charges.compactMap(\.date).min()?.isoString)
            e.add("proof", proof(c.citations + c.charges.flatMap(\.citations) + c.sentences.flatMap(\.citations)))
            out.append(e)

            if let court {
                var party = FtMEntity(id: Self.linkID("CourtCaseParty", c.id.rawValue, court.id.rawValue, "court"),
                                      schema: "CourtCaseParty")
                party.add("party", Self.id(organisation: court.id))
                party.add("case", caseID)
                party.add("role", "court")
                links.append(party)
            }
            var parties = c.participants.filter { personsByID[$0.person] != nil }.map { ($0.person, $0.role) }
            for charged in unique(c.charges.map(\.person)) where personsByID[charged] != nil
                && !parties.contains(where: { $0.0 == charged }) {
                parties.append((charged, "accused"))
            }
            for (person, role) in parties {
                var party = FtMEntity(id: Self.linkID("CourtCaseParty", c.id.rawValue, person.rawValue, role),
                                      schema: "CourtCaseParty")
                party.add("party", Self.id(person: person))
                party.add("case", caseID)
                party.add("role", vocabulary?.caseRole(id: role)?.label.en ?? role)
                let charges = c.charges.filter { $0.person == person }
                party.add("summary", charges.isEmpty ? nil : "Charged under " + charges.map(chargeText).joined(separator: "; "))
                party.add("proof", proof(charges.flatMap(\.citations)))
                links.append(party)
            }

            for (index, record) in c.sentences.enumerated() where personsByID[record.person] != nil {
                let charges = c.charges.filter { $0.person == record.person }.map(chargeText)
                let authority = court?.name  // the jurisdiction is in `country`
                let key = [c.id.rawValue, record.person.rawValue, record.date?.description ?? "", String(index)]
                var s = FtMEntity(id: Self.linkID("Sanction", key), schema: "Sanction")
                s.add("entity", Self.id(person: record.person))
                s.add("authority", authority)
                s.add("program", "Criminal sentence" + (c.number.map { " in case \($0)" } ?? ""))
                s.add("provisions", sentenceText(record.sentence))
                s.add("duration", record.sentence.months.map(String.init))
                s.add("startDate", record.date?.isoString)
                s.add("country", c.jurisdiction?.lowercased())
                s.add("reason", charges.isEmpty ? nil : charges.joined(separator: "; "))
                s.add("summary", record.instance.map { "Instance: \($0)" })
                s.add("proof", proof(record.citations))
                links.append(s)
                for ban in record.sentence.bans {
                    var b = FtMEntity(id: Self.linkID("Sanction", key + ["ban", ban.activity]), schema: "Sanction")
                    b.add("entity", Self.id(person: record.person))
                    b.add("authority", authority)
                    b.add("program", "Additional ban in a criminal sentence")
                    b.add("provisions", "Ban: " + ban.activity.replacingOccurrences(of: "-", with: " "))
                    b.add("duration", ban.months.map(String.init))
                    b.add("date", record.date?.isoString)
                    b.add("country", c.jurisdiction?.lowercased())
                    b.add("reason", charges.isEmpty ? nil : charges.joined(separator: "; "))
                    b.add("proof", proof(record.citations))
                    links.append(b)
                }
            }
        }

        for ev in events {
            var e = FtMEntity(id: Self.id(event: ev.id), schema: "Event")
            e.add("name", vocabulary?.eventType(id: ev.type)?.label.en ?? ev.type.replacingOccurrences(of: "-", with: " ").capitalized)
            e.add("summary", ev.summary)
            e.add("date", ev.date?.isoString)
            e.add("endDate", ev.endDate?.isoString)
            e.add("location", ev.place)
            e.add("country", ev.country?.lowercased())
            for participant in ev.participants {
                if let person = participant.person, personsByID[person] != nil { e.add("involved", Self.id(person: person)) }
                if let org = participant.organisation, organisationsByID[org] != nil { e.add("involved", Self.id(organisation: org)) }
            }
            e.add("proof", proof(ev.citations))
            out.append(e)
            if let caseID = ev.caseID, caseIDs.contains(caseID) {
                var link = FtMEntity(id: Self.linkID("UnknownLink", ev.id.rawValue, caseID.rawValue, "case"), schema: "UnknownLink")
                link.add("subject", Self.id(event: ev.id))
                link.add("object", Self.id(case: caseID))
                link.add("role", "event in the case")
                links.append(link)
            }
        }

        // Being on a list of political prisoners: the list's source documents the person.
        for snapshot in snapshots {
            guard let list = listsByID[snapshot.list] else { continue }
            for entry in snapshot.entries where personsByID[entry.person] != nil {
                let documents = proof(entry.citations.isEmpty ? snapshot.citations : entry.citations)
                for document in documents {
                    var d = FtMEntity(id: Self.linkID("Documentation", snapshot.id.rawValue, entry.person.rawValue, document),
                                      schema: "Documentation")
                    d.add("document", document)
                    d.add("entity", Self.id(person: entry.person))
                    d.add("role", "Listed: \(list.name)")
                    var parts = [entry.number.map { "No. \($0)" }, entry.section,
                                 vocabulary?.status(entry.status)?.label.en ?? entry.status.rawValue.replacingOccurrences(of: "_", with: " ")]
                    parts.append("as of \(snapshot.asOf.isoString)")
                    d.add("summary", parts.compactMap { $0 }.joined(separator: "; "))
                    d.add("date", snapshot.asOf.isoString)
                    links.append(d)
                }
            }
        }

        out.sort { ($0.schema, $0.id) < ($1.schema, $1.id) }
        links.sort { ($0.schema, $0.id) < ($1.schema, $1.id) }
        // Records first, links after: a reader streaming the file meets every end before its link.
        return out + links
    }

    /// JSON Lines, one entity a line, keys sorted (the same records give the same bytes).
    public static func jsonLines(_ entities: [FtMEntity]) throws -> Data {
        let encoder = AigaqJSON.encoder()
        var data = Data()
        for entity in entities {
            data.append(try encoder.encode(entity))
            data.append(0x0A)
        }
        return data
    }

    // MARK: - Ids

    static func id(source: Source.ID) -> String { "aigaq-source-\(source.rawValue)" }
    static func id(person: Person.ID) -> String { "aigaq-person-\(person.rawValue)" }
    static func id(organisation: Organisation.ID) -> String { "aigaq-org-\(organisation.rawValue)" }
    static func id(case c: Case.ID) -> String { "aigaq-case-\(c.rawValue)" }
    static func id(event: Event.ID) -> String { "aigaq-event-\(event.rawValue)" }

    /// A stable id for a link: the schema and a hash of what it joins.
    static func linkID(_ schema: String, _ parts: String...) -> String { linkID(schema, parts) }
    static func linkID(_ schema: String, _ parts: [String]) -> String {
        let digest = SHA256Hasher.hex(Array(([schema] + parts).joined(separator: "\u{1F}").utf8))
        return "aigaq-\(schema.lowercased())-\(digest.prefix(20))"
    }

    // MARK: - Values

    static let familyKinds: Set<String> = [
        "father", "mother", "parent", "son", "daughter", "child", "brother", "sister", "sibling",
        "husband", "wife", "spouse", "partner", "grandfather", "grandmother", "grandson", "granddaughter",
        "uncle", "aunt", "nephew", "niece", "cousin", "father-in-law", "mother-in-law", "son-in-law",
        "daughter-in-law", "brother-in-law", "sister-in-law", "relative",
    ]

    /// FtM's language type takes ISO 639-3 codes.
    static func languageCode(_ code: String) -> String? {
        let map = ["en": "eng", "ru": "rus", "kk": "kaz", "ky": "kir", "uz": "uzb", "de": "deu", "fr": "fra",
                   "lt": "lit", "pl": "pol", "uk": "ukr", "tr": "tur", "zh": "zho"]
        let base = String(code.lowercased().prefix { $0.isLetter })
        return map[base] ?? (base.count == 3 ? base : nil)
    }

    static func gender(_ text: String) -> String? {
        switch text.lowercased() {
        case "male", "m", "man": "male"
        case "female", "f", "woman": "female"
        case "other": "other"
        default: nil
        }
    }

    /// FtM topics for the occupations they have a word for.
    static func topic(occupation: String) -> String? {
        switch occupation {
        case "journalist", "blogger": "role.journo"
        case "activist", "civic-activist", "human-rights-defender", "environmentalist", "trade-unionist": "role.act"
        case "lawyer": "role.lawyer"
        case "politician", "opposition-politician", "deputy": "role.pol"
        case "civil-servant": "role.civil"
        default: nil
        }
    }

    static func topic(organisation kind: Organisation.Kind) -> String? {
        switch kind {
        case .party: "pol.party"
        case .court: "gov.judicial"
        case .stateBody: "gov"
        default: nil
        }
    }

    func chargeText(_ charge: Charge) -> String {
        var text = "\(charge.code) art. \(charge.article)"
        if let part = charge.part { text += " part \(part)" }
        if let title = vocabulary?.article(code: charge.code, number: charge.article)?.title.en { text += " (\(title))" }
        return text
    }

    func sentenceText(_ s: Sentence) -> String {
        var parts = [Self.sentenceKindText(s.kind)]
        if let months = s.months { parts.append("\(months) months") }
        if let regime = s.regime { parts.append("\(regime) regime") }
        if let fine = s.fine { parts.append("fine of \(Self.amount(fine.amount)) \(fine.currency)") }
        return parts.joined(separator: ", ")
    }

    static func sentenceKindText(_ kind: Sentence.Kind) -> String {
        let words = kind.rawValue.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    static func amount(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    private func unique<T: Hashable>(_ items: [T]) -> [T] {
        var seen = Set<T>()
        return items.filter { seen.insert($0).inserted }
    }
}
