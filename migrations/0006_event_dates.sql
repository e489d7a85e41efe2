-- Dates a timeline can use (issue 12). A report's event date becomes a
-- calendar day, event_on, which lists filter and sort by: the date the text
-- writes, its year completed from the day the report was published, else
-- the day it was posted (event_date_source says which); a report whose text
-- writes no date takes the day it was published or posted. The service
-- resolves new reports (seg_date_year); the backfill below reads the one
-- form earlier versions stored ([YYYY年]M月D日) with the same rule, once.
--
-- published_at is a timestamptz, which keeps the instant but not the offset
-- the client wrote; published_offset keeps that offset so the time comes
-- back as written (+08:00 stays +08:00).

ALTER TABLE reports
    ADD COLUMN published_offset text
        CONSTRAINT reports_published_offset_form
            CHECK (published_offset ~ '^(Z|[+-][0-9]{2}:[0-9]{2})$'),
    ADD COLUMN event_on date,
    ADD COLUMN event_date_source text
        CONSTRAINT reports_event_date_source_kind
            CHECK (event_date_source IN ('text', 'published_at', 'posted'));
COMMENT ON COLUMN reports.published_offset IS
    'The UTC offset published_at was written with (Z or +hh:mm/-hh:mm); rows from before 0006 have Z';
COMMENT ON COLUMN reports.event_on IS
    'The event as a calendar day: the date in the text, with a year from the text, published_at or the posting day; without a date in the text, the day of publication or posting';
COMMENT ON COLUMN reports.event_date_source IS
    'Where event_on''s year (or, when the text writes no date, the whole day) came from: text, published_at or posted';

UPDATE reports SET published_offset = 'Z' WHERE published_at IS NOT NULL;
ALTER TABLE reports ADD CONSTRAINT reports_published_offset_given
    CHECK ((published_at IS NULL) = (published_offset IS NULL));

-- make_date refuses a day the month has not (2月30日): NULL instead.
CREATE FUNCTION pg_temp.day_or_null(y integer, m integer, d integer) RETURNS date
    LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN make_date(y, m, d);
EXCEPTION WHEN datetime_field_overflow OR invalid_parameter_value THEN
    RETURN NULL;
END
$$;

WITH written AS (
    SELECT id, published_at IS NOT NULL AS published,
           (coalesce(published_at, created_at) AT TIME ZONE 'UTC')::date AS ref,
           regexp_match(translate(event_date, '０１２３４５６７８９', '0123456789'),
                        '^(?:([0-9]{4})年)?([0-9]{1,2})月([0-9]{1,2})[日号]$') AS m
    FROM reports),
-- The latest of next year, this year and last year that puts the day no
-- more than 30 days (SEG_DATE_AHEAD_DAYS) after the reference day.
candidates AS (
    SELECT id, published, ref, m, m[1] IS NOT NULL AS year_written,
           pg_temp.day_or_null(extract(year FROM ref)::integer + 1, m[2]::integer, m[3]::integer) AS next,
           pg_temp.day_or_null(extract(year FROM ref)::integer, m[2]::integer, m[3]::integer) AS this,
           pg_temp.day_or_null(extract(year FROM ref)::integer - 1, m[2]::integer, m[3]::integer) AS last
    FROM written),
resolved AS (
    SELECT id, published, ref, year_written,
           CASE WHEN m IS NULL THEN NULL
                WHEN year_written THEN pg_temp.day_or_null(m[1]::integer, m[2]::integer, m[3]::integer)
                WHEN next <= ref + 30 THEN next
                WHEN this <= ref + 30 THEN this
                ELSE last
           END AS day
    FROM candidates)
UPDATE reports r
SET event_on = coalesce(x.day, x.ref),
    event_date_source = CASE WHEN x.day IS NOT NULL AND x.year_written THEN 'text'
                             WHEN x.published THEN 'published_at'
                             ELSE 'posted' END
FROM resolved x WHERE x.id = r.id;

ALTER TABLE reports ALTER COLUMN event_on SET NOT NULL,
                    ALTER COLUMN event_date_source SET NOT NULL;
-- One index serves both date orders (scanned backwards for -date) and the
-- since/until range; created_at orders sort=-created.
CREATE INDEX reports_event_on_idx ON reports (event_on DESC, id DESC);
CREATE INDEX reports_created_idx ON reports (created_at DESC, id DESC);

-- Copies, like listed_at: the recommendation list orders and filters by the
-- event day without a join, and the speaker list finds the people who
-- appear in a range of days from their appearances.
ALTER TABLE recommendations ADD COLUMN event_on date;
UPDATE recommendations c SET event_on = r.event_on FROM reports r WHERE r.id = c.report_id;
ALTER TABLE recommendations ALTER COLUMN event_on SET NOT NULL;
COMMENT ON COLUMN recommendations.event_on IS 'Copy of reports.event_on (never changes)';
CREATE INDEX recommendations_event_on_idx ON recommendations (event_on DESC, report_id DESC, id);
CREATE INDEX recommendations_person_event_on_idx
    ON recommendations (person_id, event_on DESC, report_id DESC, id);

ALTER TABLE appearances ADD COLUMN event_on date;
UPDATE appearances a SET event_on = r.event_on FROM reports r WHERE r.id = a.report_id;
ALTER TABLE appearances ALTER COLUMN event_on SET NOT NULL;
COMMENT ON COLUMN appearances.event_on IS 'Copy of reports.event_on (never changes)';
-- Day first: the speaker list collects the people of a range of days from
-- it (index only), a range that is mostly short.
CREATE INDEX appearances_event_on_idx ON appearances (event_on, person_id);

-- published_at as written: in its own offset, microseconds as podium_time.
CREATE FUNCTION podium_time_in(ts timestamptz, utc_offset text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN utc_offset = 'Z' THEN podium_time(ts)
                ELSE to_char((ts AT TIME ZONE 'UTC') + utc_offset::interval,
                             'YYYY-MM-DD"T"HH24:MI:SS.US') || utc_offset END;
COMMENT ON FUNCTION podium_time_in(timestamptz, text) IS
    'RFC 3339 text of ts in the given offset (Z or +hh:mm/-hh:mm)';
