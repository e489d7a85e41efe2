-- people.affiliation is the affiliation of the person's latest appearance
-- that gives one, latest by (listed_at, report_id). Storing that
-- appearance's key beside it lets the insert of a report update the summary
-- from the locked people row alone (counters + 1, affiliation replaced only
-- by a later appearance), instead of recomputing it over every appearance:
-- a back-dated report then cannot overwrite a newer affiliation, and no
-- snapshot older than the row lock is consulted.

ALTER TABLE people
    ADD COLUMN affiliation_listed_at timestamptz,
    ADD COLUMN affiliation_report_id bigint;
COMMENT ON COLUMN people.affiliation_listed_at IS
    'listed_at of the appearance people.affiliation comes from; NULL when no appearance gives one';
COMMENT ON COLUMN people.affiliation_report_id IS
    'report_id of the appearance people.affiliation comes from (ties on listed_at go to the larger)';
COMMENT ON COLUMN people.report_count IS
    'Summary of appearances: incremented by the statement that adds a report, recomputed by the transaction that removes one';

UPDATE people p
SET affiliation = a.affiliation, affiliation_listed_at = a.listed_at, affiliation_report_id = a.report_id
FROM (SELECT DISTINCT ON (person_id) person_id, affiliation, listed_at, report_id
      FROM appearances WHERE affiliation IS NOT NULL
      ORDER BY person_id, listed_at DESC, report_id DESC, position) a
WHERE p.id = a.person_id;
