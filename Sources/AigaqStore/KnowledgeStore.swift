import AigaqCore
import Tagged
import Foundation

/// A hit of full-text search.
public struct SearchHit: Hashable, Sendable, Codable {
    public enum Kind: String, Codable, Sendable { case person, event, source }
    public var kind: Kind
    public var id: String
    /// A name, an event summary or a source title.
    public var title: String
    /// A short passage around the match, for sources and events.
    public var snippet: String?
    public var rank: Double

    public init(kind: Kind, id: String, title: String, snippet: String? = nil, rank: Double) {
        self.kind = kind; self.id = id; self.title = title; self.snippet = snippet; self.rank = rank
    }
}

/// What an import did.
public struct ImportSummary: Hashable, Sendable, Codable {
    /// Records written, by `type` tag.
    public var written: [String: Int]
    public var total: Int { written.values.reduce(0, +) }
    public init(written: [String: Int] = [:]) { self.written = written }
}

/// Counts of the stored records by type, for `stats` and health checks.
public struct StoreCounts: Hashable, Sendable, Codable {
    public var byType: [String: Int]
    public init(byType: [String: Int]) { self.byType = byType }
}

/// A record named by its `type` tag and id, for deletion.
public struct EntityRef: Hashable, Sendable {
    public var type: String
    public var id: String
    public init(type: String, id: String) { self.type = type; self.id = id }
}

/// The result of checking the audit chain.
public struct AuditVerification: Hashable, Sendable, Codable {
    public var entries: Int
    /// The sequence number of the first entry that is wrong, if any.
    public var firstBroken: Int?
    public var problem: String?
    public var isValid: Bool { firstBroken == nil }
    public init(entries: Int, firstBroken: Int?, problem: String?) {
        self.entries = entries; self.firstBroken = firstBroken; self.problem = problem
    }
}

/// Where a new Source came from and whether it was new.
public enum SourceInsertResult: Hashable, Sendable {
    case inserted(Source.ID)
    /// The same bytes were ingested before: nothing was written.
    case existing(Source.ID)
}

/// What the rest of the program may ask of a database. Implemented by
/// `SQLiteStore` (AigaqSQLite) and `PostgresStore` (AigaqPostgres). No driver
/// types cross this boundary.
public protocol KnowledgeStore: Sendable {
    // MARK: Writes

    /// Writes every entity that `next` yields, in one transaction: all or nothing.
    /// An entity whose id exists replaces it. `next` returns nil at the end;
    /// an error it throws, or a broken reference, rolls the whole import back.
    func importEntities(actor: String, _ next: () throws -> Entity?) async throws -> ImportSummary

    /// Stores a source, its original bytes (sealed when the source is
    /// confidential; nil when there are none) and its candidates in one
    /// transaction. The same bytes (SHA-256) twice are one Source: the second
    /// call writes nothing.
    func ingest(source: Source, original: Data?, candidates: [Candidate], actor: String) async throws -> SourceInsertResult

    /// Deletes and writes records in one transaction (a rebuild of derived records).
    func apply(delete: [EntityRef], write: [Entity], actor: String) async throws

    /// Replaces one hand-edited record (person, organisation, case or event)
    /// if its stored version is still `expectedVersion`, and stores it with
    /// the version raised by one (optimistic concurrency). An edit based on
    /// an older version throws ``AigaqError/staleEdit(entity:expected:found:)``
    /// and writes nothing; a missing record throws `notFound`. Returns the
    /// record as stored.
    func update(_ entity: Entity, expectedVersion: Int, actor: String) async throws -> Entity

    // MARK: Reads

    /// Calls `body` for every stored entity, in ``Entity/typeOrder``.
    func exportEntities(_ body: (Entity) throws -> Void) async throws

    func person(id: Person.ID) async throws -> Person?
    /// Persons whose names match `name` in any script or spelling, best first.
    func persons(named name: String, limit: Int) async throws -> [Person]
    func cases(involving person: Person.ID) async throws -> [Case]
    func events(involving person: Person.ID) async throws -> [Event]
    func source(id: Source.ID) async throws -> Source?
    func source(sha256: String) async throws -> Source?
    func lists() async throws -> [PersonList]
    /// The latest snapshot of `list` dated on or before `asOf` (any date when nil).
    func snapshot(of list: PersonList.ID, asOf: DateValue?) async throws -> ListSnapshot?
    func snapshots(of list: PersonList.ID) async throws -> [ListSnapshot]
    func candidates(state: Candidate.State?, limit: Int) async throws -> [Candidate]
    func candidate(id: Candidate.ID) async throws -> Candidate?
    /// Candidates of one source, in the order they were stored.
    func candidates(source: Source.ID) async throws -> [Candidate]
    /// Candidates accepted as, or merged into, a person.
    func candidates(person: Person.ID) async throws -> [Candidate]
    /// Decisions whose subject or object is one of `subjects` (all when nil).
    func decisions(about subjects: [String]?) async throws -> [Decision]
    func events(ids: [Event.ID]) async throws -> [Event]
    func assessments(of person: Person.ID) async throws -> [Assessment]

    /// Full-text search over names (both scripts, any spelling), events and
    /// source text. User input is made safe; an empty query returns nothing.
    func search(_ query: String, limit: Int) async throws -> [SearchHit]

    func counts() async throws -> StoreCounts
    /// Checks the audit chain of every write.
    func verifyAudit() async throws -> AuditVerification
    /// Audit entries after `seq`, oldest first, at most `limit`.
    func auditEntries(after seq: Int, limit: Int) async throws -> [AuditEntry]
    /// Persons of a role (all roles when nil), of any confidentiality.
    func personCount(role: PersonRole?) async throws -> Int

    // MARK: Reads for publishing (defaults in KnowledgeStore+Defaults.swift)

    /// A number that changes whenever anything is written (the audit chain's
    /// last entry for SQLite), so that caches know when to rebuild; nil when
    /// the store cannot tell cheaply.
    func revision() async throws -> Int?
    /// Records of one `type` tag (person, event, source, ...) with ids after
    /// `after`, in id order: a page of a listing.
    func entities(type: String, after: String?, limit: Int) async throws -> [Entity]
    /// The events with the latest dates, newest first.
    func latestEvents(limit: Int) async throws -> [Event]

    // MARK: Publishing (lists, statistics, reports)
    // Each has a default in KnowledgeStore+Scanning.swift that scans
    // `exportEntities`, so a backend works before it adds a fast query.

    /// Stated figures of one measure (all when nil), by period end, then id.
    func figures(measure: String?) async throws -> [StatedFigure]
    /// Persons by id, in the order asked; unknown ids are left out.
    func persons(ids: [Person.ID]) async throws -> [Person]
    /// Cases in which any of `persons` takes part or is charged.
    func cases(involvingAny persons: [Person.ID]) async throws -> [Case]
    /// Events in which any of `persons` takes part, of the given types (any when nil), by date.
    func events(involvingAny persons: [Person.ID], types: [String]?) async throws -> [Event]
    /// The display names of the public persons among `ids`: who may be named,
    /// without reading whole records.
    func publicPersonNames(among ids: [Person.ID]) async throws -> [Person.ID: String]
    /// Events of the given types (any type when nil) whose dates overlap
    /// `[from, to]` (either bound may be open), by date. Undated events are
    /// included only when both bounds are nil.
    func events(types: [String]?, from: DateValue?, to: DateValue?) async throws -> [Event]
    /// Events that carry the attribute `name` (`tactic`), by date.
    func events(withAttribute name: String) async throws -> [Event]
    /// Assessments made against one list's criteria.
    func assessments(list: PersonList.ID) async throws -> [Assessment]
    /// Counts over the whole knowledge base for statistics; with `publicOnly`,
    /// only what the public projection keeps (see ``KnowledgeAggregates``).
    func aggregates(publicOnly: Bool) async throws -> KnowledgeAggregates

    // MARK: Light reads for the web (defaults in KnowledgeStore+Defaults.swift)

    /// The names of persons without their facts: what a search hit or a
    /// line of a list shows. Unknown ids are left out; in any order.
    func personNames(ids: [Person.ID]) async throws -> [PersonNames]
    /// A source without its text (which can be a whole report).
    func sourceInfo(id: Source.ID) async throws -> Source?
    /// ``search(_:limit:)``; passages around the matches only when `snippets`
    /// (they cost a read of each hit's whole text).
    func search(_ query: String, limit: Int, snippets: Bool) async throws -> [SearchHit]
    /// ``search(_:limit:snippets:)`` over events and sources only (the web
    /// finds names in its own index of public persons).
    func searchEventsAndSources(_ query: String, limit: Int, snippets: Bool) async throws -> [SearchHit]

    // MARK: Sources' bytes

    /// The original bytes of a source as ingested (opened when sealed), or nil when none are kept.
    func sourceBytes(id: Source.ID) async throws -> Data?
    /// Re-hashes every source's stored bytes against its recorded SHA-256.
    func verifySources() async throws -> SourceVerification

    // MARK: Sealed fields (see SealingCodec)

    func sealingStatus() async throws -> SealingStatus
    /// Makes the database's data key, wrapped under the master key the store
    /// was opened with, and seals every confidential value already stored in clear.
    func initialiseSealing(actor: String) async throws -> SealingReport
    /// Seals everything again under a new data key, wrapped under `newMasterKey`
    /// (or the current master key when nil), in one transaction.
    func rotateSealing(newMasterKey: MasterKey?, actor: String) async throws -> SealingReport
    /// How many sealed values of one record this store cannot show (no key): 0 with the key.
    func hiddenSealedValues(type: String, id: String) async throws -> Int
}

/// A person's names, role and confidentiality, without facts or citations.
public struct PersonNames: Hashable, Sendable {
    public var id: Person.ID
    public var names: [PersonName]
    public var role: PersonRole
    public var confidentiality: Confidentiality

    public init(id: Person.ID, names: [PersonName], role: PersonRole, confidentiality: Confidentiality) {
        self.id = id; self.names = names; self.role = role; self.confidentiality = confidentiality
    }

    public init(_ p: Person) {
        self.init(id: p.id, names: p.names.map { PersonName($0.value, kind: $0.kind, script: $0.script) },
                  role: p.role, confidentiality: p.confidentiality)
    }

    /// A person with these names and nothing else (for `PublicProjection`, names and labels).
    public var person: Person { Person(id: id, names: names, role: role, confidentiality: confidentiality) }
}

extension KnowledgeStore {
    /// A source without its original bytes (a record from elsewhere).
    public func ingest(source: Source, candidates: [Candidate], actor: String) async throws -> SourceInsertResult {
        try await ingest(source: source, original: nil, candidates: candidates, actor: actor)
    }
}

/// The result of re-hashing sources' stored bytes.
public struct SourceVerification: Hashable, Sendable, Codable {
    /// Sources whose bytes were re-hashed and matched.
    public var checked: Int
    /// Sources stored without bytes (imported records, the open dataset): not a failure.
    public var withoutBytes: Int
    /// Sealed sources that cannot be re-hashed without the key.
    public var sealedUnchecked: Int
    /// One line per source whose bytes do not hash to its SHA-256.
    public var problems: [String]
    public var isValid: Bool { problems.isEmpty }

    public init(checked: Int = 0, withoutBytes: Int = 0, sealedUnchecked: Int = 0, problems: [String] = []) {
        self.checked = checked; self.withoutBytes = withoutBytes; self.sealedUnchecked = sealedUnchecked; self.problems = problems
    }
}

/// How a database seals its confidential values, for `aigaq key status`.
public struct SealingStatus: Hashable, Sendable, Codable {
    public enum Key: String, Hashable, Sendable, Codable {
        /// No data key yet: confidential values are refused.
        case none
        /// A data key, but no master key given: sealed values are hidden.
        case locked
        /// The data key is open.
        case open
    }
    public var key: Key
    public var dataKeyVersion: Int?
    /// Of the master key that wraps the data key.
    public var masterFingerprint: String?
    /// Records sealed whole or in part, and the sealed values they hold.
    public var sealedRecords: Int
    public var sealedValues: Int
    /// Records that hold confidential values in clear (written before the
    /// database had a data key): `aigaq key init` seals them.
    public var clearConfidentialRecords: Int

    public init(key: Key, dataKeyVersion: Int?, masterFingerprint: String?, sealedRecords: Int, sealedValues: Int,
                clearConfidentialRecords: Int) {
        self.key = key; self.dataKeyVersion = dataKeyVersion; self.masterFingerprint = masterFingerprint
        self.sealedRecords = sealedRecords; self.sealedValues = sealedValues; self.clearConfidentialRecords = clearConfidentialRecords
    }
}

/// What `initialiseSealing` or `rotateSealing` did.
public struct SealingReport: Hashable, Sendable, Codable {
    public var dataKeyVersion: Int
    public var masterFingerprint: String
    /// Records written again, sealed under the new data key.
    public var recordsSealed: Int
    public var sourceBytesSealed: Int
    /// Accounts' TOTP secrets sealed (again) under the new data key (`AccountSecrets`).
    public var accountSecretsSealed: Int
    public init(dataKeyVersion: Int, masterFingerprint: String, recordsSealed: Int, sourceBytesSealed: Int, accountSecretsSealed: Int = 0) {
        self.dataKeyVersion = dataKeyVersion; self.masterFingerprint = masterFingerprint
        self.recordsSealed = recordsSealed; self.sourceBytesSealed = sourceBytesSealed; self.accountSecretsSealed = accountSecretsSealed
    }
}
