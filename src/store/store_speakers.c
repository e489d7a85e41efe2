/* People across reports: the list in six orders, each pair served by one
 * index, and one person with appearances and latest remarks. */
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

/* roles: how many of the person's reports gave each role, one index range
 * (appearances_person_idx) per person of the page. */
#define PERSON_SELECT                                                                     \
    "SELECT p.id, p.name, p.name_key, array_to_json(p.names)::text, p.affiliation,"       \
    " podium_time(p.last_seen), p.report_count, p.remark_count, p.recommendation_count,"  \
    " podium_micros(p.last_seen),"                                                        \
    " (SELECT json_object_agg(x.role, x.n)::text FROM (SELECT a.role, count(*) AS n"      \
    "   FROM appearances a WHERE a.person_id = p.id GROUP BY a.role ORDER BY a.role) x)"
#define PERSON_COLUMNS PERSON_SELECT " FROM people p"
enum {
    PC_ID, PC_NAME, PC_NAME_KEY, PC_NAMES, PC_AFFILIATION, PC_LAST_SEEN, PC_REPORTS, PC_REMARKS,
    PC_RECS, PC_CURSOR, PC_ROLES,
    PC_VERSION                      /* speaker_get only */
};
/* report_count is 0 only inside the transaction that is about to delete
* the person; the test keeps such a row out of every answer. q matches the
 * name or the affiliation, both folded to simplified script. since and
 * until (parameters named by the statement) keep the people who appear in
 * a report of an event day in [since, until), one index probe per person. */
#define PERSON_MATCH(since, until)                                                        \
    " WHERE p.report_count > 0"                                                           \
    "  AND ($1::text IS NULL OR p.name_key ILIKE podium_contains_pattern($1)"             \
    "       OR p.affiliation_folded ILIKE podium_contains_pattern($1))"                   \
    "  AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM appearances a"                      \
    "       WHERE a.person_id = p.id AND a.role = $2))"                                   \
    "  AND (" since "::date IS NULL AND " until "::date IS NULL OR EXISTS (SELECT 1"      \
    "       FROM appearances a WHERE a.person_id = p.id"                                  \
    "        AND a.event_on >= coalesce(" since "::date, '-infinity')"                     \
    "        AND a.event_on < coalesce(" until "::date, 'infinity')))"
/* One statement per order: $3 and $4 the keyset (key, id), $5 the limit,
 * $6 and $7 the event days. key is an expression of p, cmp < for a
 * descending order and > for an ascending one, and the index on (key, id)
 * serves either direction. */
#define PERSON_LIST(...) PERSON_LIST_(__VA_ARGS__)   /* expands BY_* into two arguments */
#define PERSON_LIST_(key, key_param, cmp, dir)                                             \
    PERSON_COLUMNS PERSON_MATCH("$6", "$7")                                               \
    "  AND ($4::bigint IS NULL OR (" key ", p.id) " cmp " (" key_param ", $4::bigint))"     \
    " ORDER BY " key " " dir ", p.id " dir " LIMIT $5::integer"
#define BY_REPORTS "p.report_count", "$3::integer"
#define BY_LAST_SEEN "p.last_seen", "podium_from_micros($3::bigint)"
#define BY_NAME "p.name_key COLLATE podium_pinyin", "$3::text COLLATE podium_pinyin"

/* Indexed by enum store_speaker_sort. */
static const enum store_stmt_id list_statements[] = {
    [STORE_SORT_REPORTS_DESC] = STMT_SPEAKER_LIST_REPORTS,
    [STORE_SORT_REPORTS] = STMT_SPEAKER_LIST_REPORTS_ASC,
    [STORE_SORT_NAME] = STMT_SPEAKER_LIST_NAME,
    [STORE_SORT_NAME_DESC] = STMT_SPEAKER_LIST_NAME_DESC,
    [STORE_SORT_LAST_SEEN_DESC] = STMT_SPEAKER_LIST_LAST_SEEN,
    [STORE_SORT_LAST_SEEN] = STMT_SPEAKER_LIST_LAST_SEEN_ASC,
};

const char store_sql_speaker_list_reports[] = PERSON_LIST(BY_REPORTS, "<", "DESC");
const char store_sql_speaker_list_reports_asc[] = PERSON_LIST(BY_REPORTS, ">", "ASC");
const char store_sql_speaker_list_name[] = PERSON_LIST(BY_NAME, ">", "ASC");
const char store_sql_speaker_list_name_desc[] = PERSON_LIST(BY_NAME, "<", "DESC");
const char store_sql_speaker_list_last_seen[] = PERSON_LIST(BY_LAST_SEEN, "<", "DESC");
const char store_sql_speaker_list_last_seen_asc[] = PERSON_LIST(BY_LAST_SEEN, ">", "ASC");
const char store_sql_speaker_total[] = "SELECT count(*) FROM people p" PERSON_MATCH("$3", "$4");
/* Every write that changes what GET /speakers/{id} shows (a report of
 * the person added or deleted) updates the person's row, so the row's
 * xmin versions the whole answer. */
const char store_sql_speaker_version[] =
    "SELECT p.xmin::text FROM people p"
    " WHERE p.id = $1::bigint AND p.report_count > 0";
const char store_sql_speaker_get[] =
    PERSON_SELECT ", p.xmin::text FROM people p"
    " WHERE p.id = $1::bigint AND p.report_count > 0";
enum {
    SA_REPORT_ID, SA_ID, SA_NAME, SA_AFFILIATION, SA_TITLE, SA_ROLE, SA_TOPIC, SA_REPORT_TITLE,
    SA_REPORT_DATE, SA_REMARKS, SA_RECS
};
const char store_sql_speaker_appearances[] =
    "SELECT a.report_id, a.id, a.name, a.affiliation, a.title, a.role, a.topic, r.title,"
    " podium_time(a.listed_at), a.remark_count, a.recommendation_count"
    " FROM appearances a JOIN reports r ON r.id = a.report_id"
    " WHERE a.person_id = $1::bigint ORDER BY a.listed_at DESC, a.report_id DESC, a.id"
    " LIMIT $2::integer";
/* speaker_remarks and speaker_recs: the row, its report, then the columns
 * of STORE_REMARK_COLUMNS or STORE_REC_COLUMNS. */
enum { LATEST_ID, LATEST_REPORT_ID, LATEST_FIRST };
const char store_sql_speaker_remarks[] =
    "SELECT m.id, m.report_id, " STORE_REMARK_COLUMNS
    " FROM remarks m WHERE m.person_id = $1::bigint"
    " ORDER BY m.listed_at DESC, m.id DESC LIMIT $2::integer";
const char store_sql_speaker_recs[] =
    "SELECT c.id, c.report_id, " STORE_REC_COLUMNS
    " FROM recommendations c WHERE c.person_id = $1::bigint"
    " ORDER BY c.listed_at DESC, c.id DESC LIMIT $2::integer";


/* The latest appearances shown, one default page of /reports?speaker=ID
 * where all of them are: an answer the size of the person's whole history
 * grew with every report (at 50 000 reports, recurring people's answers were
 * five times slower than at 1 000), and a bounded one can be kept whole in
 * the cache. */
#define SPEAKER_APPEARANCES_MAX 20

static void read_person(const PGresult *res, int row, struct stored_person *p)
{
    p->id = store_col_i64(res, row, PC_ID);
    p->name = store_col_text(res, row, PC_NAME);
    p->name_key = store_col_text(res, row, PC_NAME_KEY);
    p->names_json = store_col_text(res, row, PC_NAMES);
    p->affiliation = store_col_text(res, row, PC_AFFILIATION);
    p->last_seen = store_col_text(res, row, PC_LAST_SEEN);
    p->report_count = store_col_u32(res, row, PC_REPORTS);
    p->remark_count = store_col_u32(res, row, PC_REMARKS);
    p->rec_count = store_col_u32(res, row, PC_RECS);
    p->roles_json = store_col_text(res, row, PC_ROLES);
}

static void read_person_item(const PGresult *res, int row, void *item, const void *cls)
{
    read_person(res, row, item);
}

static bool by_name(enum store_speaker_sort sort)
{
    return sort == STORE_SORT_NAME || sort == STORE_SORT_NAME_DESC;
}

/* (key, id) of the order: the name key, the report count or last_seen. */
static void read_person_next(const PGresult *res, int row, struct store_after *next,
                             const void *cls)
{
    enum store_speaker_sort sort = *(const enum store_speaker_sort *)cls;

    next->id = store_col_i64(res, row, PC_ID);
    next->key = store_col_text(res, row, PC_NAME_KEY);
    next->at = sort == STORE_SORT_REPORTS || sort == STORE_SORT_REPORTS_DESC
                   ? store_col_i64(res, row, PC_REPORTS)
                   : store_col_i64(res, row, PC_CURSOR);
}

enum store_qs store_speaker_list(struct store *st, const struct store_speaker_filter *f,
                                 struct stored_person_page *out)
{
    struct store_search search = {0};
    char at[24], after_id[24], limit[24];
    const char *params[7] = {
        NULL, f->role,
        !f->after.set ? NULL : by_name(f->sort) ? f->after.key : store_i64_param(at, f->after.at),
        f->after.set ? store_i64_param(after_id, f->after.id) : NULL,
        store_i64_param(limit, (int64_t)f->limit + 1), f->since, f->until};
    const struct store_list list = {list_statements[f->sort], 7, params, f->limit,
                                    sizeof *out->items, read_person_item, read_person_next,
                                    &f->sort};
    enum store_qs qs = STORE_HARD_ERROR;

    memset(out, 0, sizeof *out);
    if (store_search_fold(&search, f->q, NULL)) {
        params[0] = search.q;
        out->items = store_list_run(st, &list, &out->hold, &out->n, &out->more, &out->next, &qs);
    }
    store_search_clear(&search);
    return qs;
}

enum store_qs store_speaker_total(struct store *st, const struct store_speaker_filter *f,
                                  int64_t *total)
{
    struct store_search search = {0};
    const char *params[4] = {NULL, f->role, f->since, f->until};
    enum store_qs qs = STORE_HARD_ERROR;

    if (store_search_fold(&search, f->q, NULL)) {
        params[0] = search.q;
        qs = store_total(st, STMT_SPEAKER_TOTAL, 4, params, total);
    }
    store_search_clear(&search);
    return qs;
}

/* A row of speaker_appearances; cls is the person. */
static void read_person_appearance(const PGresult *res, int row, void *item, const void *cls)
{
    struct stored_appearance *a = item;

    a->report_id = store_col_i64(res, row, SA_REPORT_ID);
    a->id = store_col_i64(res, row, SA_ID);
    a->person_id = ((const struct stored_person *)cls)->id;
    a->name = store_col_text(res, row, SA_NAME);
    a->affiliation = store_col_text(res, row, SA_AFFILIATION);
    a->title = store_col_text(res, row, SA_TITLE);
    a->role = store_col_text(res, row, SA_ROLE);
    a->topic = store_col_text(res, row, SA_TOPIC);
    a->report_title = store_col_text(res, row, SA_REPORT_TITLE);
    a->report_date = store_col_text(res, row, SA_REPORT_DATE);
    a->remark_count = store_col_u32(res, row, SA_REMARKS);
    a->rec_count = store_col_u32(res, row, SA_RECS);
}

static void read_latest_remark(const PGresult *res, int row, void *item, const void *cls)
{
    struct stored_remark *m = item;

    m->id = store_col_i64(res, row, LATEST_ID);
    m->report_id = store_col_i64(res, row, LATEST_REPORT_ID);
    store_read_remark(res, row, LATEST_FIRST, m);
}

static void read_latest_rec(const PGresult *res, int row, void *item, const void *cls)
{
    struct stored_rec *c = item;

    c->id = store_col_i64(res, row, LATEST_ID);
    c->report_id = store_col_i64(res, row, LATEST_REPORT_ID);
    store_read_rec(res, row, LATEST_FIRST, c);
}

/* The appearances and the latest remarks and recommendations of p from
 * their results (NULL: none); false on OOM. */
static bool read_parts(const PGresult *appearances, const PGresult *remarks,
                       const PGresult *recs, struct stored_person *p)
{
    p->n_appearances = store_rows(appearances);
    p->appearances = store_read_rows(appearances, p->n_appearances, &p->hold,
                                     sizeof *p->appearances, read_person_appearance, p);
    p->n_remarks = store_rows(remarks);
    p->remarks = store_read_rows(remarks, p->n_remarks, &p->hold, sizeof *p->remarks,
                                 read_latest_remark, NULL);
    p->n_recs = store_rows(recs);
    p->recs = store_read_rows(recs, p->n_recs, &p->hold, sizeof *p->recs, read_latest_rec, NULL);
    return (p->appearances != NULL || p->n_appearances == 0) &&
           (p->remarks != NULL || p->n_remarks == 0) && (p->recs != NULL || p->n_recs == 0);
}

/* xmin is a 32-bit transaction id, printed in decimal. */
static uint64_t read_version(const PGresult *res, int row, int col)
{
    return strtoull(PQgetvalue(res, row, col), NULL, 10);
}

enum store_qs store_speaker_version(struct store *st, int64_t id, uint64_t *version)
{
    char idbuf[24];
    const char *params[1] = {store_i64_param(idbuf, id)};
    PGresult *res = NULL;
    enum store_qs qs = store_exec(st, STMT_SPEAKER_VERSION, 1, params, &res);

    if (qs > 0) {
        *version = read_version(res, 0, STORE_SOLE_COLUMN);
        PQclear(res);
    }
    return qs;
}

/* One person and its parts in one read transaction: one round trip. */
enum store_qs store_speaker_get(struct store *st, int64_t id, unsigned int latest,
                                struct stored_person *out, uint64_t *version)
{
    char idbuf[24], maxbuf[24], latestbuf[24];
    const char *by_id[1] = {store_i64_param(idbuf, id)};
    const char *appearances[2] = {idbuf, store_i64_param(maxbuf, SPEAKER_APPEARANCES_MAX)};
    const char *newest[2] = {idbuf, store_i64_param(latestbuf, latest)};
    const struct store_call calls[] = {
        {STMT_SPEAKER_GET, 1, by_id}, {STMT_SPEAKER_APPEARANCES, 2, appearances},
        {STMT_SPEAKER_REMARKS, 2, newest}, {STMT_SPEAKER_RECS, 2, newest}};
    PGresult *res[4];
    enum store_qs qs;

    memset(out, 0, sizeof *out);
    if ((qs = store_read_tx(st, calls, 4, res)) <= 0)
        return qs;
    if (!store_hold_results(&out->hold, res, 4))  /* the hold owns every result from here on */
        return STORE_HARD_ERROR;
    read_person(res[0], 0, out);
    *version = read_version(res[0], 0, PC_VERSION);
    if (!read_parts(res[1], res[2], res[3], out))
        return STORE_HARD_ERROR;
    return STORE_ONE_RESULT;
}
