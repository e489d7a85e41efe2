/* Reports: one whole report written by one statement, read back whole,
 * listed newest first with keyset pagination, deleted with everything under
 * it. The per-person summaries in people change with them: incremented by
 * the insert, recomputed in the delete's transaction (people_refresh). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_internal.h"

/* Recomputes the summaries of the people of report $1 from their
 * appearances other than report $1's, which is about to be deleted. */
#define PEOPLE_REFRESH_SQL                                                                \
    "UPDATE people p SET report_count = s.reports, remark_count = s.remarks,"             \
    " recommendation_count = s.recs, last_seen = s.last_seen, affiliation = l.affiliation," \
    " affiliation_listed_at = l.listed_at, affiliation_report_id = l.report_id,"          \
    " affiliation_folded = l.affiliation_folded"                                          \
    " FROM (SELECT x.person_id, count(DISTINCT a.report_id)::integer AS reports,"         \
    "   coalesce(sum(a.remark_count), 0)::integer AS remarks,"                            \
    "   coalesce(sum(a.recommendation_count), 0)::integer AS recs,"                       \
    "   max(a.listed_at) AS last_seen"                                                    \
    "  FROM (SELECT DISTINCT person_id FROM appearances WHERE report_id = $1::bigint) x"  \
    "  LEFT JOIN appearances a ON a.person_id = x.person_id AND a.report_id <> $1::bigint" \
    "  GROUP BY x.person_id) s"                                                           \
    " LEFT JOIN LATERAL (SELECT a.affiliation, a.listed_at, a.report_id, a.affiliation_folded" \
    "  FROM appearances a"                                                                \
    "  WHERE a.person_id = s.person_id AND a.report_id <> $1::bigint"                     \
    "   AND a.affiliation IS NOT NULL"                                                    \
    "  ORDER BY a.listed_at DESC, a.report_id DESC, a.position LIMIT 1) l ON true"        \
    " WHERE p.id = s.person_id"

#define REPORT_COLUMNS                                                                    \
    "r.id, encode(r.text_sha256, 'hex'), r.title, r.source, r.url,"                       \
    " podium_time_in(r.published_at, r.published_offset), podium_time(r.created_at),"     \
    " podium_time(r.listed_at), r.language, r.event_name, r.event_date, r.event_venue,"   \
    " r.event_theme, r.reporter, r.event_on::text, r.event_date_source"
enum {
    RC_ID, RC_SHA, RC_TITLE, RC_SOURCE, RC_URL, RC_PUBLISHED, RC_CREATED, RC_LISTED,
    RC_LANGUAGE, RC_EV_NAME, RC_EV_DATE, RC_EV_VENUE, RC_EV_THEME, RC_REPORTER, RC_EV_ON,
    RC_EV_SOURCE, RC_COUNT_
};
/* report_get: REPORT_COLUMNS, then these. */
enum { RG_ORGANIZERS = RC_COUNT_, RG_PARAGRAPHS, RG_WARNINGS, RG_METADATA, RG_TEXT };
/* report_list_*: REPORT_COLUMNS, then these. */
enum { RL_CURSOR = RC_COUNT_, RL_PEOPLE, RL_REMARKS, RL_RECS };

/* One list statement per order, each served by its index: the filters are
 * shared; the keyset test and the order differ. The cursor column is the
 * order's key as an integer: days since 1970 for the event day,
 * microseconds for created_at. */
#define REPORT_LIST_SQL(cursor_key, keyset, order)                                         \
    "SELECT " REPORT_COLUMNS ", " cursor_key ","                                           \
    " coalesce(s.people, 0), coalesce(s.remarks, 0), coalesce(s.recs, 0)"                 \
    " FROM reports r LEFT JOIN LATERAL (SELECT count(*) AS people, sum(a.remark_count) AS remarks," \
    "   sum(a.recommendation_count) AS recs FROM appearances a WHERE a.report_id = r.id) s ON true" \
    " WHERE ($1::text IS NULL"                                                             \
    "        OR $9::boolean AND (r.text_folded LIKE podium_contains_pattern($1)"           \
    "                            OR r.title_folded LIKE podium_contains_pattern($1))"      \
    "        OR NOT $9::boolean AND (r.text_folded ILIKE podium_contains_pattern($1)"      \
    "                                OR r.title_folded ILIKE podium_contains_pattern($1)))" \
    "  AND ($2::bigint IS NULL AND $3::text IS NULL OR r.id IN (SELECT a.report_id FROM appearances a" \
    "       WHERE a.person_id IN (SELECT p.id FROM people p WHERE p.id = $2::bigint OR p.name_key = $3)))" \
    "  AND ($10::text IS NULL OR r.language = $10)"                                        \
    "  AND r.event_on >= coalesce($4::date, '-infinity')"                                  \
    "  AND r.event_on < coalesce($5::date, 'infinity')"                                    \
    "  AND ($6::bigint IS NULL OR " keyset ")"                                             \
    " ORDER BY " order " LIMIT $8::integer"
#define EVENT_DAYS "(r.event_on - date '1970-01-01')::bigint"
#define CURSOR_DAY "date '1970-01-01' + $6::integer"

enum {
    AC_ID, AC_PERSON_ID, AC_NAME, AC_NAME_KEY, AC_AFFILIATION, AC_TITLE, AC_ROLE, AC_TOPIC,
    AC_REMARKS, AC_RECS, AC_POSITION
};
#define REPORT_PEOPLE_SQL(after, order, limit)                                                   \
    "SELECT a.id, a.person_id, a.name, p.name_key, a.affiliation, a.title, a.role, a.topic," \
    " a.remark_count, a.recommendation_count, a.position"                                 \
    " FROM appearances a JOIN people p ON p.id = a.person_id"                             \
    " WHERE a.report_id = $1::bigint" after " ORDER BY " order limit
/* A page: after position $2, at most $3 rows. */
#define REPORT_PEOPLE_AFTER                                                               \
    " AND ($2::integer IS NULL OR a.position > $2::integer)"
#define REPORT_PEOPLE_LIMIT " LIMIT $3::integer"

const char store_sql_people_refresh[] = PEOPLE_REFRESH_SQL;
/* Taken before people_refresh on delete, in the insert's lock order, so
 * the refresh starts after every writer of these people has finished. */
const char store_sql_people_lock_of_report[] =
    "SELECT p.id FROM people p WHERE p.id IN"
    " (SELECT person_id FROM appearances WHERE report_id = $1::bigint)"
    " ORDER BY p.name_key FOR UPDATE";
const char store_sql_report_exists[] = "SELECT 1 FROM reports WHERE id = $1::bigint";
/* Export: ids in primary-key order, a page at a time, so a long export
 * holds neither a snapshot nor a cursor open between pages. */
const char store_sql_report_ids[] =
    "SELECT id FROM reports WHERE id > $1::bigint"
    " AND ($2::date IS NULL OR event_on >= $2::date)"
    " AND ($3::date IS NULL OR event_on < $3::date)"
    " ORDER BY id LIMIT $4::integer";
const char store_sql_report_delete[] = "DELETE FROM reports WHERE id = $1::bigint";
const char store_sql_people_delete_orphans[] = "DELETE FROM people WHERE report_count = 0";
const char store_sql_report_get[] =
    "SELECT " REPORT_COLUMNS ", array_to_json(r.event_organizers)::text, r.paragraphs::text,"
    " r.warnings::text, r.metadata::text, CASE WHEN $2::boolean THEN r.text END"
    " FROM reports r WHERE r.id = $1::bigint";
const char store_sql_report_appearances[] = REPORT_PEOPLE_SQL("", "a.position", "");
const char store_sql_report_people[] =
    REPORT_PEOPLE_SQL(REPORT_PEOPLE_AFTER, "a.position", REPORT_PEOPLE_LIMIT);
const char store_sql_report_people_total[] =
    STORE_TOTAL_OF(REPORT_PEOPLE_SQL(REPORT_PEOPLE_AFTER, STORE_NO_ORDER, REPORT_PEOPLE_LIMIT));
/* report_remarks and report_recs: the row, its appearance, then the
 * columns of STORE_REMARK_COLUMNS or STORE_REC_COLUMNS. */
enum { PART_ID, PART_APPEARANCE, PART_FIRST };
const char store_sql_report_remarks[] =
    "SELECT m.id, m.appearance_id, " STORE_REMARK_COLUMNS
    " FROM remarks m JOIN appearances a ON a.report_id = m.report_id AND a.id = m.appearance_id"
    " WHERE m.report_id = $1::bigint ORDER BY a.position, m.position";
const char store_sql_report_recs[] =
    "SELECT c.id, c.appearance_id, " STORE_REC_COLUMNS
    " FROM recommendations c JOIN appearances a ON a.report_id = c.report_id AND a.id = c.appearance_id"
    " WHERE c.report_id = $1::bigint ORDER BY a.position, c.ordinal";
/* Absent filters are NULL parameters; statements are planned with
 * their values (custom plans), which folds the NULL tests away and lets
 * the trigram indexes serve q. */
const char store_sql_report_list_date_desc[] =
    REPORT_LIST_SQL(EVENT_DAYS, "(r.event_on, r.id) < (" CURSOR_DAY ", $7::bigint)",
    "r.event_on DESC, r.id DESC");
const char store_sql_report_list_date[] =
    REPORT_LIST_SQL(EVENT_DAYS, "(r.event_on, r.id) > (" CURSOR_DAY ", $7::bigint)",
    "r.event_on, r.id");
const char store_sql_report_list_created_desc[] =
    REPORT_LIST_SQL("podium_micros(r.created_at)",
    "(r.created_at, r.id) < (podium_from_micros($6::bigint), $7::bigint)",
    "r.created_at DESC, r.id DESC");
/* Run with the keyset and the limit NULL: every row the filter passes. */
const char store_sql_report_total[] =
    STORE_TOTAL_OF(REPORT_LIST_SQL(EVENT_DAYS, "(r.event_on, r.id) < (" CURSOR_DAY ", $7::bigint)",
    STORE_NO_ORDER));
enum { IG_STATUS, IG_LOCATION, IG_BODY, IG_SAME_REQUEST };
const char store_sql_idempotency_get[] =
    "SELECT status, location, body::text, request_hash = sha256(decode($2, 'hex'))"
    " FROM idempotency_keys WHERE key = $1 AND created_at > now() - interval '24 hours'";
/* One statement, so two requests with one key cannot both get it: the
 * second waits for the first's row and then finds it taken. A key past
 * its 24 hours, or a reservation whose request never finished (the
 * process died), is taken over. */
const char store_sql_idempotency_reserve[] =
    "INSERT INTO idempotency_keys (key, request_hash) VALUES ($1, sha256(decode($2, 'hex')))"
    " ON CONFLICT (key) DO UPDATE SET request_hash = EXCLUDED.request_hash,"
    "  status = NULL, location = NULL, body = NULL, created_at = now()"
    " WHERE idempotency_keys.created_at <= now() - interval '24 hours'"
    "    OR (idempotency_keys.status IS NULL"
    "        AND idempotency_keys.created_at <= now() - interval '1 minute')"
    " RETURNING 1";
const char store_sql_idempotency_complete[] =
    "UPDATE idempotency_keys SET status = $3::integer, location = $4, body = $5::jsonb"
    " WHERE key = $1 AND request_hash = sha256(decode($2, 'hex')) AND status IS NULL";
const char store_sql_idempotency_release[] =
    "DELETE FROM idempotency_keys"
    " WHERE key = $1 AND request_hash = sha256(decode($2, 'hex')) AND status IS NULL";
/* Each write clears a bounded batch of expired keys, so the table
 * stays about one day of keys without a separate job. */
const char store_sql_idempotency_purge[] =
    "DELETE FROM idempotency_keys WHERE key IN (SELECT key FROM idempotency_keys"
    " WHERE created_at <= now() - interval '24 hours' ORDER BY created_at LIMIT 100)";

/* ---- export ---- */

enum store_qs store_report_ids(struct store *st, const char *since, const char *until,
                               int64_t after, size_t limit, int64_t *ids, size_t *n)
{
    char afterbuf[24], limitbuf[24];
    const char *params[4] = {store_i64_param(afterbuf, after), since, until,
                             store_i64_param(limitbuf, (int64_t)limit)};
    PGresult *res = NULL;
    enum store_qs qs = store_exec(st, STMT_REPORT_IDS, 4, params, &res);

    *n = 0;
    if (qs <= 0)
        return qs;
    for (int i = 0; i < PQntuples(res) && *n < limit; i++)
        ids[(*n)++] = store_col_i64(res, i, STORE_SOLE_COLUMN);
    PQclear(res);
    return qs;
}

/* ---- delete ---- */

static enum store_qs delete_tx(struct store *st, void *cls)
{
    const char *const *id = cls;
    enum store_qs qs;

    if ((qs = store_exec(st, STMT_PEOPLE_LOCK_OF_REPORT, 1, id, NULL)) < 0)
        return qs;
    if ((qs = store_exec(st, STMT_PEOPLE_REFRESH, 1, id, NULL)) < 0)
        return qs;
    if ((qs = store_exec(st, STMT_REPORT_DELETE, 1, id, NULL)) <= 0)
        return qs;
    if (store_exec(st, STMT_PEOPLE_DELETE_ORPHANS, 0, NULL, NULL) < 0)
        return STORE_HARD_ERROR;
    return STORE_ONE_RESULT;
}

enum store_qs store_report_delete(struct store *st, int64_t id)
{
    char idbuf[24];
    const char *params[1] = {store_i64_param(idbuf, id)};

    return store_run_tx(st, "report_delete", delete_tx, (void *)params);
}

/* ---- read ---- */

static void read_report_row(const PGresult *res, int row, struct stored_report *r)
{
    r->id = store_col_i64(res, row, RC_ID);
    r->sha256 = store_col_text(res, row, RC_SHA);
    r->title = store_col_text(res, row, RC_TITLE);
    r->source = store_col_text(res, row, RC_SOURCE);
    r->url = store_col_text(res, row, RC_URL);
    r->published_at = store_col_text(res, row, RC_PUBLISHED);
    r->created_at = store_col_text(res, row, RC_CREATED);
    r->listed_at = store_col_text(res, row, RC_LISTED);
    r->language = store_col_text(res, row, RC_LANGUAGE);
    r->event_name = store_col_text(res, row, RC_EV_NAME);
    r->event_date = store_col_text(res, row, RC_EV_DATE);
    r->event_venue = store_col_text(res, row, RC_EV_VENUE);
    r->event_theme = store_col_text(res, row, RC_EV_THEME);
    r->reporter = store_col_text(res, row, RC_REPORTER);
    r->event_on = store_col_text(res, row, RC_EV_ON);
    r->event_date_source = store_col_text(res, row, RC_EV_SOURCE);
}

/* A row of report_appearances or report_people; cls is the report's id. */
static void read_report_appearance(const PGresult *res, int row, void *item, const void *cls)
{
    struct stored_appearance *a = item;

    a->id = store_col_i64(res, row, AC_ID);
    a->person_id = store_col_i64(res, row, AC_PERSON_ID);
    a->report_id = *(const int64_t *)cls;
    a->name = store_col_text(res, row, AC_NAME);
    a->name_key = store_col_text(res, row, AC_NAME_KEY);
    a->affiliation = store_col_text(res, row, AC_AFFILIATION);
    a->title = store_col_text(res, row, AC_TITLE);
    a->role = store_col_text(res, row, AC_ROLE);
    a->topic = store_col_text(res, row, AC_TOPIC);
    a->remark_count = store_col_u32(res, row, AC_REMARKS);
    a->rec_count = store_col_u32(res, row, AC_RECS);
    a->position = store_col_u32(res, row, AC_POSITION);
}

static struct stored_appearance *find_appearance(struct stored_report *r, int64_t id)
{
    for (size_t i = 0; i < r->n_appearances; i++)
        if (r->people[i].id == id)
            return &r->people[i];
    return NULL;
}

void store_read_remark(const PGresult *res, int row, int col, struct stored_remark *m)
{
    m->paragraph = store_col_u32(res, row, col + REMARK_PARAGRAPH);
    m->span.start = store_col_u32(res, row, col + REMARK_START);
    m->span.end = store_col_u32(res, row, col + REMARK_END);
    m->text = store_col_text(res, row, col + REMARK_TEXT);
    m->has_cue = !PQgetisnull(res, row, col + REMARK_CUE_START);
    m->cue.start = store_col_u32(res, row, col + REMARK_CUE_START);
    m->cue.end = store_col_u32(res, row, col + REMARK_CUE_END);
    m->cue_text = store_col_text(res, row, col + REMARK_CUE_TEXT);
    m->confidence = store_col_f64(res, row, col + REMARK_CONFIDENCE);
}

void store_read_rec(const PGresult *res, int row, int col, struct stored_rec *c)
{
    c->ordinal = store_col_u32(res, row, col + REC_ORDINAL);
    c->marker = store_col_text(res, row, col + REC_MARKER);
    c->paragraph = store_col_u32(res, row, col + REC_PARAGRAPH);
    c->span.start = store_col_u32(res, row, col + REC_START);
    c->span.end = store_col_u32(res, row, col + REC_END);
    c->text = store_col_text(res, row, col + REC_TEXT);
}

/* Remarks and recommendations come ordered by appearance position, so the
 * rows of one appearance are contiguous: each appearance points at its run.
 * Defines static bool name(res, r), which reads the rows with read into an
 * array of type held by r and attaches the runs to a->first, a->count.
 * False on OOM. */
#define READ_PARTS(name, type, read, first, count)                                \
    static bool name(const PGresult *res, struct stored_report *r)                \
    {                                                                             \
        int n = res != NULL ? PQntuples(res) : 0;                                 \
        type *all;                                                                \
                                                                                  \
        if (n == 0)                                                               \
            return true;                                                          \
        if ((all = store_hold_array(&r->hold, (size_t)n, sizeof *all)) == NULL)   \
            return false;                                                         \
        for (int i = 0; i < n; i++) {                                             \
            struct stored_appearance *a =                                         \
                find_appearance(r, store_col_i64(res, i, PART_APPEARANCE));       \
                                                                                  \
            all[i].id = store_col_i64(res, i, PART_ID);                           \
            all[i].report_id = r->id;                                             \
            read(res, i, PART_FIRST, &all[i]);                                    \
            if (a == NULL)                                                        \
                continue;                                                         \
            if (a->first == NULL)                                                 \
                a->first = &all[i];                                               \
            a->count++;                                                           \
        }                                                                         \
        return true;                                                              \
    }

READ_PARTS(read_remarks, struct stored_remark, store_read_remark, remarks, n_remarks)
READ_PARTS(read_recs, struct stored_rec, store_read_rec, recs, n_recs)

/* The report and its parts in one read transaction: one round trip. */
enum store_qs store_report_get(struct store *st, int64_t id, bool with_text,
                               struct stored_report *out)
{
    char idbuf[24];
    const char *by_id[2] = {store_i64_param(idbuf, id), with_text ? "true" : "false"};
    const struct store_call calls[] = {
        {STMT_REPORT_GET, 2, by_id}, {STMT_REPORT_APPEARANCES, 1, by_id},
        {STMT_REPORT_REMARKS, 1, by_id}, {STMT_REPORT_RECS, 1, by_id}};
    size_t n = sizeof calls / sizeof calls[0];
    PGresult *res[4] = {NULL};
    enum store_qs qs;

    memset(out, 0, sizeof *out);
    if ((qs = store_read_tx(st, calls, n, res)) <= 0)
        return qs;
    if (!store_hold_results(&out->hold, res, n))  /* the hold owns every result from here on */
        return STORE_HARD_ERROR;
    read_report_row(res[0], 0, out);
    out->organizers_json = store_col_text(res[0], 0, RG_ORGANIZERS);
    out->paragraphs_json = store_col_text(res[0], 0, RG_PARAGRAPHS);
    out->warnings_json = store_col_text(res[0], 0, RG_WARNINGS);
    out->metadata_json = store_col_text(res[0], 0, RG_METADATA);
    out->text = store_col_text(res[0], 0, RG_TEXT);
    /* Appearances first: remarks and recommendations attach to them. */
    out->n_appearances = store_rows(res[1]);
    out->people = store_read_rows(res[1], out->n_appearances, &out->hold, sizeof *out->people,
                                  read_report_appearance, &out->id);
    if ((out->people == NULL && out->n_appearances > 0) || !read_remarks(res[2], out) ||
        !read_recs(res[3], out))
        return STORE_HARD_ERROR;
    return STORE_ONE_RESULT;
}

static void people_params(const struct store_people_filter *f, bool page, char buf[3][24],
                          const char *values[3])
{
    values[0] = store_i64_param(buf[0], f->report_id);
    values[1] = page && f->after.set ? store_i64_param(buf[1], f->after.item - 1) : NULL;
    values[2] = page ? store_i64_param(buf[2], (int64_t)f->limit + 1) : NULL;
}

/* The next page starts after the last position; item is position + 1 so
 * that it is never 0, which a cursor without an item has. */
static void read_people_next(const PGresult *res, int row, struct store_after *next,
                             const void *cls)
{
    next->id = *(const int64_t *)cls;
    next->item = (int64_t)store_col_u32(res, row, AC_POSITION) + 1;
}

enum store_qs store_report_people(struct store *st, const struct store_people_filter *f,
                                  struct stored_appearance_page *out)
{
    char buf[3][24];
    const char *values[3];
    const struct store_list list = {STMT_REPORT_PEOPLE, 3, values, f->limit, sizeof *out->items,
                                    read_report_appearance, read_people_next, &f->report_id};
    enum store_qs qs;

    memset(out, 0, sizeof *out);
    people_params(f, true, buf, values);
    out->items = store_list_run(st, &list, &out->hold, &out->n, &out->more, &out->next, &qs);
    return qs;
}

enum store_qs store_report_people_total(struct store *st, const struct store_people_filter *f,
                                        int64_t *total)
{
    char buf[3][24];
    const char *values[3];

    people_params(f, false, buf, values);
    return store_total(st, STMT_REPORT_PEOPLE_TOTAL, 3, values, total);
}

enum store_qs store_report_exists(struct store *st, int64_t id)
{
    char idbuf[24];
    const char *params[1] = {store_i64_param(idbuf, id)};

    return store_exec(st, STMT_REPORT_EXISTS, 1, params, NULL);
}

/* ---- list ---- */

static const enum store_stmt_id list_statements[] = {
    [STORE_REPORTS_DATE_DESC] = STMT_REPORT_LIST_DATE_DESC,
    [STORE_REPORTS_DATE] = STMT_REPORT_LIST_DATE,
    [STORE_REPORTS_CREATED_DESC] = STMT_REPORT_LIST_CREATED_DESC,
};

struct report_params {
    struct store_search search;
    char speaker_id[24], at[24], after_id[24], limit[24];
    const char *values[10];
};

/* The parameters of a report_list_* statement (page) or report_total; false when out of
 * memory. The caller clears p either way. */
static bool report_params_fill(const struct store_report_filter *f, bool page,
                               struct report_params *p)
{
    bool folded = store_search_fold(&p->search, f->q, f->speaker_name);

    p->values[0] = p->search.q;
    p->values[1] = f->speaker_id > 0 ? store_i64_param(p->speaker_id, f->speaker_id) : NULL;
    p->values[2] = p->search.speaker;
    p->values[3] = f->since;
    p->values[4] = f->until;
    p->values[5] = page && f->after.set ? store_i64_param(p->at, f->after.at) : NULL;
    p->values[6] = page && f->after.set ? store_i64_param(p->after_id, f->after.id) : NULL;
    p->values[7] = page ? store_i64_param(p->limit, (int64_t)f->limit + 1) : NULL;
    p->values[8] = store_caseless_param(p->search.q);
    p->values[9] = f->language;
    return folded;
}

static void read_report_item(const PGresult *res, int row, void *item, const void *cls)
{
    struct stored_report *r = item;

    read_report_row(res, row, r);
    r->people_count = store_col_u32(res, row, RL_PEOPLE);
    r->remark_count = store_col_u32(res, row, RL_REMARKS);
    r->rec_count = store_col_u32(res, row, RL_RECS);
}

static void read_report_next(const PGresult *res, int row, struct store_after *next,
                             const void *cls)
{
    next->at = store_col_i64(res, row, RL_CURSOR);
    next->id = store_col_i64(res, row, RC_ID);
}

enum store_qs store_report_list(struct store *st, const struct store_report_filter *f,
                                struct stored_report_page *out)
{
    struct report_params p = {0};
    const struct store_list list = {list_statements[f->sort], 10, p.values, f->limit,
                                    sizeof *out->items, read_report_item, read_report_next, NULL};
    enum store_qs qs = STORE_HARD_ERROR;

    memset(out, 0, sizeof *out);
    if (report_params_fill(f, true, &p))
        out->items = store_list_run(st, &list, &out->hold, &out->n, &out->more, &out->next, &qs);
    store_search_clear(&p.search);
    return qs;
}

enum store_qs store_report_total(struct store *st, const struct store_report_filter *f,
                                 int64_t *total)
{
    struct report_params p = {0};
    enum store_qs qs = STORE_HARD_ERROR;

    if (report_params_fill(f, false, &p))
        qs = store_total(st, STMT_REPORT_TOTAL, 10, p.values, total);
    store_search_clear(&p.search);
    return qs;
}

/* ---- idempotency ---- */

enum store_qs store_idempotency_reserve(struct store *st, const char *key, const char *request)
{
    const char *params[2] = {key, request};

    return store_exec(st, STMT_IDEMPOTENCY_RESERVE, 2, params, NULL);
}

enum store_qs store_idempotency_get(struct store *st, const char *key, const char *request,
                                    struct store_replay *out)
{
    const char *params[2] = {key, request};
    PGresult *res = NULL;
    enum store_qs qs;

    memset(out, 0, sizeof *out);
    if ((qs = store_exec(st, STMT_IDEMPOTENCY_GET, 2, params, &res)) <= 0)
        return qs;
    if (!store_hold_result(&out->hold, res))
        return STORE_HARD_ERROR;
    out->in_progress = PQgetisnull(res, 0, IG_STATUS);
    out->status = out->in_progress ? 0 : (int)store_col_i64(res, 0, IG_STATUS);
    out->location = store_col_text(res, 0, IG_LOCATION);
    out->body_json = store_col_text(res, 0, IG_BODY);
    out->same_request = strcmp(PQgetvalue(res, 0, IG_SAME_REQUEST), "t") == 0;
    return qs;
}

enum store_qs store_idempotency_complete(struct store *st, const char *key, const char *request,
                                         int status, const char *location, const char *body_json)
{
    char statusbuf[24];
    const char *params[5] = {key, request, store_i64_param(statusbuf, status), location, body_json};

    enum store_qs qs = store_exec(st, STMT_IDEMPOTENCY_PURGE, 0, NULL, NULL);

    return qs < 0 ? qs : store_exec(st, STMT_IDEMPOTENCY_COMPLETE, 5, params, NULL);
}

enum store_qs store_idempotency_release(struct store *st, const char *key, const char *request)
{
    const char *params[2] = {key, request};

    return store_exec(st, STMT_IDEMPOTENCY_RELEASE, 2, params, NULL);
}
