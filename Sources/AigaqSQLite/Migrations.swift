import GRDB

/// The schema, as a list of migrations. A shipped migration is never edited:
/// changes are new migrations appended at the end.
///
/// Each record is stored whole as its JSON form in `json` (lossless, one
/// place to decode), with the columns queries need copied beside it and
/// link tables for the references, so that foreign keys keep the graph whole.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-knowledge-base") { db in
            try db.execute(sql: """
                CREATE TABLE source (
                    id TEXT PRIMARY KEY NOT NULL,
                    sha256 TEXT NOT NULL UNIQUE,
                    title TEXT,
                    confidentiality TEXT NOT NULL,
                    json TEXT NOT NULL,
                    text TEXT,
                    searchText TEXT NOT NULL
                );
                CREATE TABLE organisation (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    confidentiality TEXT NOT NULL,
                    json TEXT NOT NULL
                );
                CREATE TABLE person (
                    id TEXT PRIMARY KEY NOT NULL,
                    displayName TEXT NOT NULL,
                    role TEXT NOT NULL,
                    confidentiality TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    json TEXT NOT NULL
                );
                CREATE TABLE personName (
                    id INTEGER PRIMARY KEY,
                    personId TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    value TEXT NOT NULL,
                    keys TEXT NOT NULL
                );
                CREATE INDEX personName_personId ON personName(personId);
                CREATE TABLE legalCase (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    confidentiality TEXT NOT NULL,
                    json TEXT NOT NULL
                );
                CREATE TABLE caseParticipant (
                    caseId TEXT NOT NULL REFERENCES legalCase(id) ON DELETE CASCADE,
                    personId TEXT NOT NULL REFERENCES person(id),
                    role TEXT NOT NULL
                );
                CREATE INDEX caseParticipant_personId ON caseParticipant(personId);
                CREATE INDEX caseParticipant_caseId ON caseParticipant(caseId);
                CREATE TABLE charge (
                    caseId TEXT NOT NULL REFERENCES legalCase(id) ON DELETE CASCADE,
                    personId TEXT NOT NULL REFERENCES person(id),
                    code TEXT NOT NULL,
                    article TEXT NOT NULL,
                    part TEXT
                );
                CREATE INDEX charge_article ON charge(code, article);
                CREATE INDEX charge_personId ON charge(personId);
                CREATE INDEX charge_caseId ON charge(caseId);
                CREATE TABLE event (
                    id TEXT PRIMARY KEY NOT NULL,
                    type TEXT NOT NULL,
                    dateKey INTEGER,
                    caseId TEXT REFERENCES legalCase(id),
                    confidentiality TEXT NOT NULL,
                    searchText TEXT NOT NULL,
                    json TEXT NOT NULL
                );
                CREATE INDEX event_type_date ON event(type, dateKey);
                CREATE TABLE eventParticipant (
                    eventId TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
                    personId TEXT REFERENCES person(id),
                    organisationId TEXT REFERENCES organisation(id),
                    role TEXT NOT NULL
                );
                CREATE INDEX eventParticipant_personId ON eventParticipant(personId);
                CREATE INDEX eventParticipant_eventId ON eventParticipant(eventId);
                CREATE TABLE personList (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    json TEXT NOT NULL
                );
                CREATE TABLE listSnapshot (
                    id TEXT PRIMARY KEY NOT NULL,
                    listId TEXT NOT NULL REFERENCES personList(id),
                    asOfKey INTEGER NOT NULL,
                    json TEXT NOT NULL
                );
                CREATE INDEX listSnapshot_list_date ON listSnapshot(listId, asOfKey);
                CREATE TABLE listEntry (
                    snapshotId TEXT NOT NULL REFERENCES listSnapshot(id) ON DELETE CASCADE,
                    personId TEXT NOT NULL REFERENCES person(id),
                    section TEXT,
                    number INTEGER,
                    status TEXT NOT NULL
                );
                CREATE INDEX listEntry_snapshotId ON listEntry(snapshotId);
                CREATE INDEX listEntry_personId ON listEntry(personId);
                CREATE TABLE assessment (
                    id TEXT PRIMARY KEY NOT NULL,
                    personId TEXT NOT NULL REFERENCES person(id),
                    listId TEXT REFERENCES personList(id),
                    json TEXT NOT NULL
                );
                CREATE INDEX assessment_personId ON assessment(personId);
                CREATE TABLE candidate (
                    id TEXT PRIMARY KEY NOT NULL,
                    sourceId TEXT NOT NULL REFERENCES source(id),
                    state TEXT NOT NULL,
                    personId TEXT REFERENCES person(id),
                    json TEXT NOT NULL
                );
                CREATE INDEX candidate_state ON candidate(state);
                CREATE INDEX candidate_sourceId ON candidate(sourceId);
                """)
            // Full-text indexes over the content tables, kept in step by triggers.
            // unicode61 folds case in both scripts; ё/е and transliteration are
            // folded by us before indexing (NameFolding), so Latin and Cyrillic meet.
            try db.create(virtualTable: "personNameFts", using: FTS5()) { t in
                t.synchronize(withTable: "personName")
                t.tokenizer = .unicode61(diacritics: .remove)
                // Prefix indexes: names are searched as people type them ("жылан", "zhyl").
                t.prefixes = [2, 3, 4]
                t.column("keys")
            }
            try db.create(virtualTable: "eventFts", using: FTS5()) { t in
                t.synchronize(withTable: "event")
                t.tokenizer = .unicode61(diacritics: .remove)
                t.column("searchText")
            }
            try db.create(virtualTable: "sourceFts", using: FTS5()) { t in
                t.synchronize(withTable: "source")
                t.tokenizer = .unicode61(diacritics: .remove)
                t.column("searchText")
            }
        }
        m.registerMigration("v2-decisions") { db in
            try db.execute(sql: """
                CREATE TABLE decision (
                    id TEXT PRIMARY KEY NOT NULL,
                    verdict TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    object TEXT,
                    active INTEGER NOT NULL,
                    json TEXT NOT NULL
                );
                CREATE INDEX decision_subject ON decision(subject);
                CREATE INDEX decision_object ON decision(object);
                """)
        }
        m.registerMigration("v3-audit-chain") { db in
            // Append-only: one entry per write transaction, each hashing the one before.
            try db.execute(sql: """
                CREATE TABLE auditEntry (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    entities TEXT NOT NULL,
                    changeHash TEXT NOT NULL,
                    previousHash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                """)
        }
        AccountsSchema.register(in: &m)
        m.registerMigration("v4-figures") { db in
            // Figures reports state (refusals, complaints, prisoners): whole JSON
            // plus the columns statistics filter and order on.
            try db.execute(sql: """
                CREATE TABLE figure (
                    id TEXT PRIMARY KEY NOT NULL,
                    measure TEXT NOT NULL,
                    periodKey INTEGER NOT NULL,
                    confidentiality TEXT NOT NULL,
                    json TEXT NOT NULL
                );
                CREATE INDEX figure_measure ON figure(measure, periodKey);
                CREATE INDEX assessment_listId ON assessment(listId);
                """)
        }
        m.registerMigration("v5-statistics") { db in
            // Statistics count persecuted persons by their current status and
            // region and by occupation; reading that from every person's JSON
            // costs seconds at 100,000 persons, so each persecuted person's facets
            // are kept as rows, written with the person. `public` 0: from all
            // facts; 1: as the public projection sees them (public facts of a
            // public person; no such rows for a person who is not public).
            try db.execute(sql: """
                CREATE TABLE personFacet (
                    personId TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    public INTEGER NOT NULL,
                    facet TEXT NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE INDEX personFacet_count ON personFacet(public, facet, value);
                CREATE INDEX personFacet_personId ON personFacet(personId);
                -- Covering indexes: counts by article and by year read these, not the records' JSON.
                CREATE INDEX person_visibility ON person(id, role, confidentiality);
                CREATE INDEX legalCase_visibility ON legalCase(id, confidentiality);
                CREATE INDEX event_statistics ON event(dateKey, type, confidentiality, id);
                -- Events' typed attributes as rows: statistics find the few events with
                -- a tactic without reading every event.
                CREATE TABLE eventAttribute (
                    eventId TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE INDEX eventAttribute_name ON eventAttribute(name, value);
                CREATE INDEX eventAttribute_eventId ON eventAttribute(eventId);
                INSERT INTO eventAttribute(eventId, name, value)
                    SELECT event.id, a.key, a.value FROM event, json_each(event.json, '$.attributes') a;
                """)
            // Persons stored before: their facets from their JSON, by the rule of `Array.current()`.
            let publicFact = "(json_extract(f.value, '$.confidentiality') IS NULL OR json_extract(f.value, '$.confidentiality') = 'public')"
            // Confidential facts are sealed and get no rows (see RecordWriter.writeFacets).
            let openFact = "(json_extract(f.value, '$.confidentiality') IS NULL OR json_extract(f.value, '$.confidentiality') != 'confidential')"
            for (visible, facts, persons) in [(0, openFact, "role = 'persecuted'"),
                                              (1, publicFact, "role = 'persecuted' AND confidentiality = 'public'")] {
                for (facet, field) in [("status", "statuses"), ("region", "region")] {
                    try db.execute(sql: """
                        INSERT INTO personFacet(personId, public, facet, value)
                        SELECT p.id, \(visible), '\(facet)', v FROM (SELECT p.id, (
                            SELECT json_extract(f.value, '$.value') FROM json_each(p.json, '$.\(field)') f WHERE \(facts)
                            ORDER BY \(Migrations.factKey) DESC, f.key ASC LIMIT 1) AS v FROM person p WHERE \(persons)) p
                        WHERE v IS NOT NULL
                        """)
                }
                try db.execute(sql: """
                    INSERT INTO personFacet(personId, public, facet, value)
                    SELECT DISTINCT p.id, \(visible), 'occupation', json_extract(f.value, '$.value')
                    FROM person p, json_each(p.json, '$.occupations') f WHERE \(persons) AND \(facts)
                    """)
            }
        }
        m.registerMigration("v6-sealed-fields") { db in
            // The data key, wrapped by a master key that is never stored here.
            // Only the current one is kept: a rotation replaces it.
            try db.execute(sql: """
                CREATE TABLE sealingKey (
                    version INTEGER PRIMARY KEY NOT NULL,
                    json TEXT NOT NULL
                );
                CREATE TABLE sourceBytes (
                    sourceId TEXT PRIMARY KEY NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                    sealed INTEGER NOT NULL,
                    bytes BLOB NOT NULL
                );
                """)
            // How many sealed parts each record holds: what "sealed values exist" counts,
            // and what a write without the key must not overwrite.
            for table in ["source", "organisation", "person", "legalCase", "event", "personList", "listSnapshot",
                          "assessment", "candidate", "decision", "figure"] {
                try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0")
            }
        }
        return m
    }

    /// A fact's `as_of` as yyyymmdd of its first day (0 when undated), in SQL: `DateValue.sortKey`.
    static let factKey = """
        CASE WHEN json_extract(f.value, '$.as_of') IS NULL THEN 0 ELSE
            CAST(substr(ltrim(json_extract(f.value, '$.as_of'), '~'), 1, 4) AS INTEGER) * 10000
            + COALESCE(NULLIF(CAST(substr(ltrim(json_extract(f.value, '$.as_of'), '~'), 6, 2) AS INTEGER), 0), 1) * 100
            + COALESCE(NULLIF(CAST(substr(ltrim(json_extract(f.value, '$.as_of'), '~'), 9, 2) AS INTEGER), 0), 1) END
        """
}
