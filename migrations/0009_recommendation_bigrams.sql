-- /recommendations?q= at 100,000 reports (issue 14, bench/import.sh): a
-- two-character query, which trigrams cannot narrow, read the whole
-- recommendations table in date order when its words were rare (p99 372 ms
-- against 13 ms at 1,000 reports), and a common four-character one joined
-- every match to its speaker and report before keeping the newest page.
--
-- Bigrams from trigrams: text_spread is the folded text with a letter after
-- every character (会议 -> 会x议x), so each trigram of it holds a pair of
-- neighbouring characters (会x议) or one character between two letters
-- (x议x), and the query, spread the same way, becomes a pattern of at least
-- three characters as soon as it has two. The pattern can only match at the
-- same alignment, character on character: a match at the other alignment
-- would need the query to be made of that letter only, which then also
-- matches at the right one. The folded text is still compared as well, so
-- the rows found are exactly those LIKE finds on it.
CREATE FUNCTION podium_spread(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN regexp_replace(t, '(.)', '\1x', 'g');
COMMENT ON FUNCTION podium_spread(text) IS
    'The text with x after every character: its trigrams index character pairs';

-- Stored, not an expression index: every row a search's index scan returns
-- is checked again against the indexed value, and spreading it again there
-- cost 10 microseconds a row.
ALTER TABLE recommendations
    ADD COLUMN text_spread text GENERATED ALWAYS AS (podium_spread(text_folded)) STORED;
COMMENT ON COLUMN recommendations.text_spread IS 'podium_spread(text_folded), for two-character search';
DROP INDEX recommendations_text_trgm_idx;
CREATE INDEX recommendations_spread_trgm_idx ON recommendations USING gin (text_spread gin_trgm_ops)
    WITH (gin_pending_list_limit = 32768);

-- Report texts are compressed when stored; lz4 (built into Debian's
-- PostgreSQL) took a fraction of pglz's CPU, which was 5 % of the
-- database's work during an import. Rows stored before keep pglz.
ALTER TABLE reports ALTER COLUMN text SET COMPRESSION lz4,
                    ALTER COLUMN text_folded SET COMPRESSION lz4;
