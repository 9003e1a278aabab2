/// The PostgreSQL schema, as a list of migrations applied in order and
/// recorded in `schema_migration`. A shipped migration is never edited:
/// changes are new migrations appended at the end.
///
/// The layout mirrors the SQLite store's (see AigaqSQLite/Migrations.swift):
/// each record whole as JSON in `json`, the columns queries need beside it,
/// and link tables for references, so that foreign keys keep the graph whole.
/// Differences, and why:
/// - `ord`: an identity column that keeps insertion order (SQLite's rowid),
///   which exports and lists follow.
/// - Full-text search uses generated `tsvector` columns with the `simple`
///   configuration (no stemming, no stop words: names and report text in
///   several languages) and GIN indexes. The indexed text is folded and
///   transliterated by `SearchText` before it arrives, as for SQLite.
/// - GIN indexes keep new entries in a pending list that every search scans
///   until it is merged; a small list (256 kB, not 4 MB) keeps searches fast
///   between merges, and large imports merge theirs when they end.
/// - Foreign keys are `DEFERRABLE`: a rebuild (`apply`) defers them to commit,
///   as SQLite's `defer_foreign_keys` does.
enum PostgresMigrations {
    static let all: [(id: String, sql: String)] = [
        ("v1-knowledge-base", """
        CREATE TABLE source (
            ord bigint GENERATED ALWAYS AS IDENTITY,
            id text PRIMARY KEY,
            sha256 text NOT NULL UNIQUE,
            title text,
            confidentiality text NOT NULL,
            json text NOT NULL,
            text text,
            search_text text NOT NULL,
            search tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED
        );
        CREATE INDEX source_search ON source USING gin (search) WITH (gin_pending_list_limit = 256);
        CREATE TABLE organisation (
            ord bigint GENERATED ALWAYS AS IDENTITY,
            id text PRIMARY KEY,
            name text NOT NULL,
            kind text NOT NULL,
            confidentiality text NOT NULL,
            json text NOT NULL
        );
        CREATE TABLE person (
            ord bigint GENERATED ALWAYS AS IDENTITY,
            id text PRIMARY KEY,
            display_name text NOT NULL,
            role text NOT NULL,
            confidentiality text NOT NULL,
            version bigint NOT NULL,
            json text NOT NULL
        );
        CREATE INDEX person_role ON person (role);
        CREATE TABLE person_name (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            person_id text NOT NULL REFERENCES person (id) ON DELETE CASCADE DEFERRABLE,
            value text NOT NULL,
            keys text NOT NULL,
            search tsvector GENERATED ALWAYS AS (to_tsvector('simple', keys)) STORED
        );
        CREATE INDEX person_name_person_id ON person_name (person_id);
        CREATE INDEX person_name_search ON person_name USING gin (search) WITH (gin_pending_list_limit = 256);
        CREATE TABLE legal_case (
            ord bigint GENERATED ALWAYS AS IDENTITY,
            id text PRIMARY KEY,
            kind text NOT NULL,
            confidentiality text NOT NULL,
            json text NOT NULL
        );
        CREATE TABLE case_participant (
            case_id text NOT NULL REFERENCES legal_case (id) ON DELETE CASCADE DEFERRABLE,
            person_id text NOT NULL REFERENCES person (id) DEFERRABLE,
            role text NOT NULL
        );
        CREATE INDEX case_participant_person_id ON case_participant (person_id);
        CREATE INDEX case_participant_case_id ON case_participant (case_id);
        CREATE TABLE charge (
            case_id text NOT NULL REFERENCES legal_case (id) ON DELETE CASCADE DEFERRABLE,
            person_id text NOT NULL REFERENCES person (id) DEFERRABLE,
            code text NOT NULL,
            article text NOT NULL,
            part text
        );
        CREATE INDEX charge_article ON charge (code, article);
        CREATE INDEX charge_person_id ON charge (person_id);
        CREATE INDEX charge_case_id ON charge (case_id);
        CREATE TABLE event (
            ord bigint GENERATED ALWAYS AS IDENTITY,
            id text PRIMARY KEY,
            type text NOT NULL,
            date_key bigint,
            case_id text REFERENCES legal_case (id) DEFERRABLE,
            confidentiality text NOT NULL,
            search_text text NOT NULL,
            json text NOT NULL,
            search tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED
        );
        CREATE INDEX event_type_date ON event (type, date_key);
        CREATE INDEX event_search ON event USING gin (search) WITH (gin_pending_list_limit = 256);
        CREATE TABLE event_participant (
            event_id text NOT NULL REFERENCES event (id) ON DELETE CASCADE DEFERRABLE,
            person_id text REFERENCES person (id) DEFERRABLE,
            organisation_id text REFERENCES organisation (id) DEFERRABLE,
            role text NOT NULL
        );
        CREATE INDEX event_participant_person_id ON event_participant (person_id);
        CREATE INDEX event_participant_event_id ON event_participant (event_id);
        CREATE TABLE person_list (
            ord bigint GENERATED ALWAYS AS IDENTITY,
            id text PRIMARY KEY,
            name text NOT NULL,
            json text NOT NULL
        );
        CREATE TABLE list_snapshot (
            ord bigint GENERATED ALWAYS AS IDENTITY,
            id text PRIMARY KEY,
            list_id text NOT NULL REFERENCES person_list (id) DEFERRABLE,
            as_of_key bigint NOT NULL,
            json text NOT NULL
        );
        CREATE INDEX list_snapshot_list_date ON list_snapshot (list_id, as_of_key);
        CREATE TABLE list_entry (
            snapshot_id text NOT NULL REFERENCES list_snapshot (id) ON DELETE CASCADE DEFERRABLE,
            person_id text NOT NULL REFERENCES person (id) DEFERRABLE,
            section text,
            number bigint,
            status text NOT NULL
        );
        CREATE INDEX list_entry_snapshot_id ON list_entry (snapshot_id);
        CREATE INDEX list_entry_person_id ON list_entry (person_id);
        CREATE TABLE assessment (
            ord bigint GENERATED ALWAYS AS IDENTITY,
            id text PRIMARY KEY,
            person_id text NOT NULL REFERENCES person (id) DEFERRABLE,
            list_id text REFERENCES person_list (id) DEFERRABLE,
            json text NOT NULL
        );
        CREATE INDEX assessment_person_id ON assessment (person_id);
        CREATE TABLE candidate (
            ord bigint GENERATED ALWAYS AS IDENTITY,
            id text PRIMARY KEY,
            source_id text NOT NULL REFERENCES source (id) DEFERRABLE,
            state text NOT NULL,
            person_id text REFERENCES person (id) DEFERRABLE,
            json text NOT NULL
        );
        CREATE INDEX candidate_state ON candidate (state);
        CREATE INDEX candidate_source_id ON candidate (source_id);
        CREATE INDEX candidate_person_id ON candidate (person_id);
        """),
        ("v2-decisions", """
        CREATE TABLE decision (
            ord bigint GENERATED ALWAYS AS IDENTITY,
            id text PRIMARY KEY,
            verdict text NOT NULL,
            subject text NOT NULL,
            object text,
            active bigint NOT NULL,
            json text NOT NULL
        );
        CREATE INDEX decision_subject ON decision (subject);
        CREATE INDEX decision_object ON decision (object);
        """),
        ("v3-audit-chain", """
        -- Append-only: one entry per write transaction, each hashing the one before.
        CREATE TABLE audit_entry (
            seq bigint PRIMARY KEY,
            at text NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            entities text NOT NULL,
            change_hash text NOT NULL,
            previous_hash text NOT NULL,
            hash text NOT NULL
        );
        """),
        ("accounts-v1", """
        -- Users, sessions, API tokens and login throttling (AigaqStore/AccountStore.swift).
        -- Times are Unix seconds, as in SQLite, so that expiry is a plain comparison.
        CREATE TABLE user_account (
            id text PRIMARY KEY,
            username text NOT NULL UNIQUE,
            role text NOT NULL,
            password_hash text NOT NULL,
            totp_secret text,
            totp_last_step bigint,
            disabled boolean NOT NULL,
            must_change_password boolean NOT NULL,
            created double precision NOT NULL
        );
        CREATE TABLE user_session (
            id text PRIMARY KEY,
            token_hash text NOT NULL UNIQUE,
            user_id text NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
            created double precision NOT NULL,
            last_seen double precision NOT NULL,
            expires double precision NOT NULL,
            second_factor_pending boolean NOT NULL,
            address text
        );
        CREATE INDEX user_session_user_id ON user_session (user_id);
        CREATE INDEX user_session_expires ON user_session (expires);
        CREATE TABLE api_token (
            id text PRIMARY KEY,
            token_hash text NOT NULL UNIQUE,
            user_id text NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
            role text NOT NULL,
            label text,
            created double precision NOT NULL,
            created_by text NOT NULL,
            expires double precision NOT NULL,
            revoked double precision
        );
        CREATE INDEX api_token_user_id ON api_token (user_id);
        CREATE TABLE login_throttle (
            key text PRIMARY KEY,
            failures bigint NOT NULL,
            last_failure double precision NOT NULL
        );
        """),
        ("v4-figures", """
        CREATE TABLE figure (
            ord bigint GENERATED ALWAYS AS IDENTITY,
            id text PRIMARY KEY,
            measure text NOT NULL,
            period_key bigint NOT NULL,
            confidentiality text NOT NULL,
            json text NOT NULL
        );
        CREATE INDEX figure_measure ON figure (measure, period_key);
        """),
        ("web-reads-v1", """
        -- The home page's and the feed's latest events (PostgresStore+WebReads.swift).
        CREATE INDEX event_date ON event (date_key DESC, ord DESC) WHERE date_key IS NOT NULL;
        """),
        ("v6-sealed-fields", """
        -- The data key, wrapped by a master key that is never stored here.
        -- Only the current one is kept: a rotation replaces it.
        CREATE TABLE sealing_key (
            version bigint PRIMARY KEY,
            json text NOT NULL
        );
        -- A source's original bytes, sealed when the source is confidential.
        CREATE TABLE source_bytes (
            source_id text PRIMARY KEY REFERENCES source (id) ON DELETE CASCADE DEFERRABLE,
            sealed boolean NOT NULL,
            bytes bytea NOT NULL
        );
        -- How many sealed parts each record holds: what "sealed values exist"
        -- counts, and what a write without the key must not overwrite.
        ALTER TABLE source ADD COLUMN sealed bigint NOT NULL DEFAULT 0;
        ALTER TABLE organisation ADD COLUMN sealed bigint NOT NULL DEFAULT 0;
        ALTER TABLE person ADD COLUMN sealed bigint NOT NULL DEFAULT 0;
        ALTER TABLE legal_case ADD COLUMN sealed bigint NOT NULL DEFAULT 0;
        ALTER TABLE event ADD COLUMN sealed bigint NOT NULL DEFAULT 0;
        ALTER TABLE figure ADD COLUMN sealed bigint NOT NULL DEFAULT 0;
        ALTER TABLE person_list ADD COLUMN sealed bigint NOT NULL DEFAULT 0;
        ALTER TABLE list_snapshot ADD COLUMN sealed bigint NOT NULL DEFAULT 0;
        ALTER TABLE assessment ADD COLUMN sealed bigint NOT NULL DEFAULT 0;
        ALTER TABLE candidate ADD COLUMN sealed bigint NOT NULL DEFAULT 0;
        ALTER TABLE decision ADD COLUMN sealed bigint NOT NULL DEFAULT 0;
        """),
    ]
}
