-- The stored form of segmented reports (DESIGN.md sections 3, 5 and 6).
--
-- Per-report tables carry report_id first in their primary and unique keys so
-- they can be distributed by report_id later; people is the one cross-report
-- table and stays small. Every *_folded column holds the text folded to
-- simplified script by the service (OpenCC t2s), so a query folded the same
-- way finds a text whatever script either was written in. The runner wraps
-- this file in one transaction.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- LIKE pattern that matches q literally anywhere: user input never acts as a
-- wildcard, whatever it contains.
CREATE FUNCTION podium_contains_pattern(q text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN '%' || replace(replace(replace(q, '\', '\\'), '%', '\%'), '_', '\_') || '%';
COMMENT ON FUNCTION podium_contains_pattern(text) IS
    'LIKE pattern for a literal substring search: escapes \, % and _';

-- Timestamps leave the database as RFC 3339 in UTC with microseconds, and
-- cursors carry them as integer microseconds so they round-trip exactly.
CREATE FUNCTION podium_time(ts timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
CREATE FUNCTION podium_micros(ts timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (extract(epoch FROM ts) * 1000000)::bigint;
CREATE FUNCTION podium_from_micros(us bigint) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN timestamptz 'epoch' + us * interval '1 microsecond';

CREATE TABLE reports (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    text_sha256      bytea NOT NULL CHECK (octet_length(text_sha256) = 32),
    title            text,
    title_folded     text,
    source           text,
    url              text,
    published_at     timestamptz,
    language         text NOT NULL,
    event_name       text,
    event_date       text,
    event_venue      text,
    event_theme      text,
    event_organizers text[] NOT NULL DEFAULT '{}',
    reporter         text,
    paragraphs       jsonb NOT NULL DEFAULT '[]',
    warnings         jsonb NOT NULL DEFAULT '[]',
    text             text NOT NULL,
    text_folded      text NOT NULL,
    metadata         jsonb,
    created_at       timestamptz NOT NULL DEFAULT now(),
    listed_at        timestamptz NOT NULL GENERATED ALWAYS AS (coalesce(published_at, created_at)) STORED,
    CONSTRAINT reports_text_sha256_key UNIQUE (text_sha256)
);
COMMENT ON TABLE reports IS 'One submitted news report, stored verbatim with what the segmenter found';
COMMENT ON COLUMN reports.text_sha256 IS 'SHA-256 of the text as received: the same text is stored once';
COMMENT ON COLUMN reports.listed_at IS 'The date lists sort and filter by: published_at when the client gave one, else created_at';
COMMENT ON COLUMN reports.paragraphs IS 'Segmentation JSON paragraphs: [{index, start, end}]';
COMMENT ON COLUMN reports.warnings IS 'Segmentation JSON warnings: spans the segmenter could not read';
COMMENT ON COLUMN reports.metadata IS 'Client metadata, stored as given';
CREATE INDEX reports_listed_idx ON reports (listed_at DESC, id DESC);
CREATE INDEX reports_text_trgm_idx ON reports USING gin (text_folded gin_trgm_ops);
CREATE INDEX reports_title_trgm_idx ON reports USING gin (title_folded gin_trgm_ops);

CREATE TABLE people (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name_key             text COLLATE "C" NOT NULL,
    name                 text NOT NULL,
    names                text[] NOT NULL,
    affiliation          text,
    report_count         integer NOT NULL DEFAULT 0,
    remark_count         integer NOT NULL DEFAULT 0,
    recommendation_count integer NOT NULL DEFAULT 0,
    last_seen            timestamptz,
    CONSTRAINT people_name_key_key UNIQUE (name_key)
);
COMMENT ON TABLE people IS 'One row per person across reports, joined by name_key';
COMMENT ON COLUMN people.name_key IS 'Name in simplified script without annotations; C collation so the btree serves prefix LIKE';
COMMENT ON COLUMN people.name IS 'The name as first written';
COMMENT ON COLUMN people.names IS 'Every way the name was written, in both scripts';
COMMENT ON COLUMN people.affiliation IS 'Affiliation in the latest report that gives one';
COMMENT ON COLUMN people.report_count IS 'Summary of appearances, refreshed in the transaction that adds or removes a report; 0 only inside that transaction';
CREATE INDEX people_reports_idx ON people (report_count DESC, id DESC);
CREATE INDEX people_last_seen_idx ON people (last_seen DESC, id DESC);
CREATE INDEX people_name_trgm_idx ON people USING gin (name_key gin_trgm_ops);
CREATE INDEX people_orphan_idx ON people (id) WHERE report_count = 0;

CREATE TABLE appearances (
    report_id            bigint NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    id                   bigint GENERATED ALWAYS AS IDENTITY,
    position             integer NOT NULL,
    person_id            bigint NOT NULL REFERENCES people (id),
    name                 text NOT NULL,
    affiliation          text,
    title                text,
    role                 text NOT NULL CHECK (role IN ('speaker', 'summarizer', 'moderator', 'attendee')),
    topic                text,
    listed_at            timestamptz NOT NULL,
    remark_count         integer NOT NULL,
    recommendation_count integer NOT NULL,
    PRIMARY KEY (report_id, id),
    CONSTRAINT appearances_position_key UNIQUE (report_id, position)
);
COMMENT ON TABLE appearances IS 'A person in one report, with affiliation and title as written there';
COMMENT ON COLUMN appearances.position IS 'Index of the person in the report''s Segmentation JSON people array';
COMMENT ON COLUMN appearances.listed_at IS 'Copy of reports.listed_at (never changes) so per-person summaries need no join';
CREATE INDEX appearances_person_idx ON appearances (person_id, listed_at DESC, report_id DESC);

CREATE TABLE remarks (
    report_id     bigint NOT NULL,
    id            bigint GENERATED ALWAYS AS IDENTITY,
    appearance_id bigint NOT NULL,
    person_id     bigint NOT NULL REFERENCES people (id),
    position      integer NOT NULL,
    paragraph     integer NOT NULL,
    start_byte    integer NOT NULL,
    end_byte      integer NOT NULL CHECK (end_byte >= start_byte),
    text          text NOT NULL,
    text_folded   text NOT NULL,
    cue_start     integer,
    cue_end       integer,
    cue_text      text,
    confidence    real NOT NULL,
    listed_at     timestamptz NOT NULL,
    PRIMARY KEY (report_id, id),
    FOREIGN KEY (report_id, appearance_id) REFERENCES appearances (report_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE remarks IS 'A run of one person''s reported sentences; start_byte/end_byte are UTF-8 offsets into reports.text';
COMMENT ON COLUMN remarks.position IS 'Order of the remark within its appearance';
CREATE INDEX remarks_person_idx ON remarks (person_id, listed_at DESC, id DESC);
CREATE INDEX remarks_appearance_idx ON remarks (report_id, appearance_id, position);
CREATE INDEX remarks_text_trgm_idx ON remarks USING gin (text_folded gin_trgm_ops);

CREATE TABLE recommendations (
    report_id     bigint NOT NULL,
    id            bigint GENERATED ALWAYS AS IDENTITY,
    appearance_id bigint NOT NULL,
    person_id     bigint NOT NULL REFERENCES people (id),
    ordinal       integer NOT NULL,
    marker        text,
    paragraph     integer NOT NULL,
    start_byte    integer NOT NULL,
    end_byte      integer NOT NULL CHECK (end_byte >= start_byte),
    text          text NOT NULL,
    text_folded   text NOT NULL,
    listed_at     timestamptz NOT NULL,
    PRIMARY KEY (report_id, id),
    CONSTRAINT recommendations_ordinal_key UNIQUE (report_id, appearance_id, ordinal),
    FOREIGN KEY (report_id, appearance_id) REFERENCES appearances (report_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE recommendations IS 'One item of advice made by a person in a report; ordinal counts within the person';
COMMENT ON COLUMN recommendations.listed_at IS 'Copy of reports.listed_at: lists sort and filter without a join';
CREATE INDEX recommendations_listed_idx ON recommendations (listed_at DESC, report_id DESC, id);
CREATE INDEX recommendations_person_idx ON recommendations (person_id, listed_at DESC, report_id DESC, id);
CREATE INDEX recommendations_text_trgm_idx ON recommendations USING gin (text_folded gin_trgm_ops);

CREATE TABLE idempotency_keys (
    key          text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 255),
    request_hash bytea NOT NULL,
    status       integer NOT NULL,
    location     text,
    body         jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE idempotency_keys IS 'First answer to a POST carrying Idempotency-Key, replayed for 24 hours';
COMMENT ON COLUMN idempotency_keys.request_hash IS 'SHA-256 of method, path and body: the same key with another request is refused';
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- The list statements take optional filters as NULL parameters
-- ("$1 IS NULL OR ..."). Planned with their values, the NULL tests fold away
-- and the trigram and keyset indexes serve each request; PostgreSQL's plan
-- cache would otherwise switch a prepared statement to a generic plan after
-- five runs, which walks a whole index to filter (tests/integration
-- api-explain shows both). Sessions opened after this migration plan each
-- execution with its values. Only the database owner may set this; another
-- role gets a warning and slower searches rather than a failed migration.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET plan_cache_mode = force_custom_plan', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'podium: not the owner of database %; set plan_cache_mode = force_custom_plan for it',
        current_database();
END
$$;
