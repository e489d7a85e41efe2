-- What a stored report costs in the indexes (issue 14). Measured on 3,000
-- reports copied into the schema, in CPU seconds of the backend: 25-30
-- with every index, 6.4 without the trigram indexes, so trigram upkeep was
-- most of the cost of storing a report.
--
-- No query searches the remarks: /reports?q= searches report texts and
-- titles, /recommendations?q= recommendations, /speakers?q= names and
-- affiliations. Their trigram index was the largest of all (larger than
-- that of the report texts, which hold every remark) and the dearest to
-- keep up.
DROP INDEX remarks_text_trgm_idx;

-- Merging a GIN pending list sorts its entries in memory chunks of the
-- session's work memory (4 MB by default) and walks the index once per
-- chunk and key: 64 MB chunks merged the same entries with about a third
-- less CPU. A bulk write calls this first in its transaction, since the
-- insert that overflows a pending list merges it; the settings end with
-- the transaction, so a pooled connection passes nothing on.
CREATE FUNCTION podium_merge_memory() RETURNS void
    LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM set_config('work_mem', '64MB', true), set_config('maintenance_work_mem', '64MB', true);
END
$$;
COMMENT ON FUNCTION podium_merge_memory() IS
    'Raises work memory for GIN pending-list merges until the end of the transaction';

-- The server's maintenance merges every GIN index of the schema, found in
-- the catalog, so an index added later is not forgotten.
CREATE FUNCTION podium_merge_pending_lists() RETURNS bigint
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    merged bigint := 0;
    idx regclass;
BEGIN
    PERFORM podium_merge_memory();
    FOR idx IN SELECT i.indexrelid::regclass
                 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                 JOIN pg_am am ON am.oid = c.relam
                WHERE am.amname = 'gin' AND c.relnamespace = current_schema()::regnamespace
                ORDER BY c.relname
    LOOP
        merged := merged + gin_clean_pending_list(idx);
    END LOOP;
    RETURN merged;
END
$$;
COMMENT ON FUNCTION podium_merge_pending_lists() IS
    'Merges the pending lists of every GIN index of the schema; returns the pages merged';
