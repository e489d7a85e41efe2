-- Filters and orders of the lists (issue 12): people found by affiliation
-- as well as by name, names in pinyin order, reports by language, and
-- recommendations earliest event day first.

-- Chinese names sort by their pinyin, as a reader of a name index expects,
-- instead of by code point. Debian's PostgreSQL is built with ICU.
CREATE COLLATION podium_pinyin (provider = icu, locale = 'zh-u-co-pinyin');
COMMENT ON COLLATION podium_pinyin IS 'Pinyin order of Chinese text (ICU), for GET /speakers?sort=name';

-- The affiliation folded to simplified script, like name_key, so that
-- /speakers?q finds a unit written in either script. The service folds it
-- when it stores a report (OpenCC is not in the database): rows stored
-- before this migration start from the text as written, which finds them
-- in the script they were written in.
ALTER TABLE people ADD COLUMN affiliation_folded text;
ALTER TABLE appearances ADD COLUMN affiliation_folded text;
COMMENT ON COLUMN people.affiliation_folded IS 'people.affiliation folded to simplified script, for search';
COMMENT ON COLUMN appearances.affiliation_folded IS 'appearances.affiliation folded to simplified script; people_refresh copies it';
UPDATE people SET affiliation_folded = affiliation WHERE affiliation IS NOT NULL;
UPDATE appearances SET affiliation_folded = affiliation WHERE affiliation IS NOT NULL;

CREATE INDEX people_affiliation_trgm_idx ON people USING gin (affiliation_folded gin_trgm_ops);
-- Both directions of sort=name with ties by id; the row comparison of the
-- keyset uses the same expression and collation.
CREATE INDEX people_name_pinyin_idx ON people ((name_key COLLATE podium_pinyin), id);
-- /reports?language=: by event day within one language (either way).
CREATE INDEX reports_language_idx ON reports (language, event_on DESC, id DESC);
-- /recommendations?sort=date: earliest event day first, text order within
-- a report (the reverse of recommendations_event_on_idx but for the text).
CREATE INDEX recommendations_event_on_asc_idx ON recommendations (event_on, report_id, id);
-- /speakers?role=: the people with an appearance in a role, read as one
-- range of this index (role first: PostgreSQL 15 cannot skip to a later
-- column).
CREATE INDEX appearances_role_person_idx ON appearances (role, person_id);
