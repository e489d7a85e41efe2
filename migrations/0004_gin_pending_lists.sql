-- The trigram indexes over texts take new entries into their pending list
-- (GIN fastupdate) and merge the list into the index in bulk. With the
-- default 4 MB limit an insert that overflows the list merges it itself,
-- inside the request, holding its row locks: under a sustained load of
-- posts that took longer than PODIUM_DB_TIMEOUT, so writers waiting on
-- those locks were answered 503. podium serve now merges the lists every
-- second on a connection of its own (store_maint.c); the larger limit keeps
-- a burst between two merges from reaching the insert path. Bulk merges are
-- what makes fastupdate cheaper than direct insertion, so the batch size is
-- about the same as before.
ALTER INDEX reports_text_trgm_idx SET (gin_pending_list_limit = 32768);
ALTER INDEX reports_title_trgm_idx SET (gin_pending_list_limit = 32768);
ALTER INDEX remarks_text_trgm_idx SET (gin_pending_list_limit = 32768);
ALTER INDEX recommendations_text_trgm_idx SET (gin_pending_list_limit = 32768);
