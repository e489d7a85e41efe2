/* Recommendations across reports by event day, latest or earliest first
 * (then by report the same way) and in text order within a report, each with its speaker (as written in that report) and
 * its report. */
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

/* As report_list: absent filters are NULL and fold away in custom plans.
 * The page is chosen among the recommendations alone and only its rows are
 * joined to their speaker and report: every filter is on the
 * recommendation, and a common word matches thousands of them. The search
 * runs on text_spread, whose trigrams index pairs of characters (migration
 * 0009), and on the folded text. */
#define REC_LIST_SQL(keyset, order)                                                       \
    "SELECT c.id, c.report_id, " STORE_REC_COLUMNS ","                                    \
    " c.person_id, a.name, p.name_key, r.title, podium_time(c.listed_at),"                \
    " (c.event_on - date '1970-01-01')::bigint, c.event_on::text"                         \
    " FROM (SELECT c.* FROM recommendations c"                                            \
    " WHERE ($1::text IS NULL"                                                            \
    "        OR $11::boolean AND c.text_spread LIKE podium_contains_pattern(podium_spread($1))" \
    "           AND c.text_folded LIKE podium_contains_pattern($1)"                       \
    "        OR NOT $11::boolean AND c.text_spread ILIKE podium_contains_pattern(podium_spread($1))" \
    "           AND c.text_folded ILIKE podium_contains_pattern($1))"                     \
    "  AND ($2::bigint IS NULL AND $3::text IS NULL OR c.person_id IN"                    \
    "       (SELECT q.id FROM people q WHERE q.id = $2::bigint OR q.name_key = $3))"      \
    "  AND ($4::bigint IS NULL OR c.report_id = $4::bigint)"                              \
    "  AND c.event_on >= coalesce($5::date, '-infinity')"                                 \
    "  AND c.event_on < coalesce($6::date, 'infinity')" keyset                           \
    " ORDER BY " order " LIMIT $10::integer) c"                                           \
    " JOIN appearances a ON a.report_id = c.report_id AND a.id = c.appearance_id"         \
    " JOIN people p ON p.id = c.person_id JOIN reports r ON r.id = c.report_id"           \
    " ORDER BY " order

enum {
    RL_ID, RL_REPORT_ID, RL_REC,    /* RL_REC: the columns of STORE_REC_COLUMNS */
    RL_PERSON_ID = RL_REC + REC_COLUMNS_, RL_SPEAKER_NAME, RL_SPEAKER_KEY, RL_REPORT_TITLE,
    RL_REPORT_DATE, RL_CURSOR, RL_EVENT_ON
};

/* After (day, report, item): the first test bounds the index scan. Within
 * a report the text order stays, whichever way the days run. */
#define REC_AFTER_LATEST                                                                  \
    "  AND ($7::bigint IS NULL OR c.event_on <= date '1970-01-01' + $7::integer"           \
    "       AND ((c.event_on, c.report_id) < (date '1970-01-01' + $7::integer, $8::bigint)"  \
    "            OR c.event_on = date '1970-01-01' + $7::integer AND c.report_id = $8::bigint"  \
    "               AND c.id > $9::bigint))"
#define REC_AFTER_EARLIEST                                                                \
    "  AND ($7::bigint IS NULL OR (c.event_on, c.report_id, c.id)"                         \
    "       > (date '1970-01-01' + $7::integer, $8::bigint, $9::bigint))"

const char store_sql_rec_list[] =
    REC_LIST_SQL(REC_AFTER_LATEST, "c.event_on DESC, c.report_id DESC, c.id");
const char store_sql_rec_list_oldest[] =
    REC_LIST_SQL(REC_AFTER_EARLIEST, "c.event_on, c.report_id, c.id");
/* Run with the keyset and the limit NULL: every row the filter passes. */
const char store_sql_rec_total[] = STORE_TOTAL_OF(REC_LIST_SQL(REC_AFTER_EARLIEST, STORE_NO_ORDER));

/* The statement parameters of f; search holds the folded strings. */
struct rec_params {
    struct store_search search;
    char speaker_id[24], report_id[24], at[24], after_report[24], after_item[24], limit[24];
    const char *values[11];
};

static bool rec_params_fill(const struct store_rec_filter *f, bool page, struct rec_params *p)
{
    bool folded = store_search_fold(&p->search, f->q, f->speaker_name);

    p->values[0] = p->search.q;
    p->values[1] = f->speaker_id > 0 ? store_i64_param(p->speaker_id, f->speaker_id) : NULL;
    p->values[2] = p->search.speaker;
    p->values[3] = f->report_id > 0 ? store_i64_param(p->report_id, f->report_id) : NULL;
    p->values[4] = f->since;
    p->values[5] = f->until;
    p->values[6] = page && f->after.set ? store_i64_param(p->at, f->after.at) : NULL;
    p->values[7] = page && f->after.set ? store_i64_param(p->after_report, f->after.id) : NULL;
    p->values[8] = page && f->after.set ? store_i64_param(p->after_item, f->after.item) : NULL;
    p->values[9] = page ? store_i64_param(p->limit, (int64_t)f->limit + 1) : NULL;
    p->values[10] = store_caseless_param(p->search.q);
    return folded;
}

static void read_rec_item(const PGresult *res, int row, void *item, const void *cls)
{
    struct stored_rec *c = item;

    c->id = store_col_i64(res, row, RL_ID);
    c->report_id = store_col_i64(res, row, RL_REPORT_ID);
    store_read_rec(res, row, RL_REC, c);
    c->speaker.id = store_col_i64(res, row, RL_PERSON_ID);
    c->speaker.name = store_col_text(res, row, RL_SPEAKER_NAME);
    c->speaker.name_key = store_col_text(res, row, RL_SPEAKER_KEY);
    c->report.id = c->report_id;
    c->report.name = store_col_text(res, row, RL_REPORT_TITLE);
    c->report.date = store_col_text(res, row, RL_REPORT_DATE);
    c->report.event_on = store_col_text(res, row, RL_EVENT_ON);
}

/* (event day, report, recommendation): the keyset of both orders. */
static void read_rec_next(const PGresult *res, int row, struct store_after *next,
                          const void *cls)
{
    next->at = store_col_i64(res, row, RL_CURSOR);
    next->id = store_col_i64(res, row, RL_REPORT_ID);
    next->item = store_col_i64(res, row, RL_ID);
}

enum store_qs store_rec_list(struct store *st, const struct store_rec_filter *f,
                             struct stored_rec_page *out)
{
    struct rec_params p = {0};
    const struct store_list list = {f->oldest_first ? STMT_REC_LIST_OLDEST : STMT_REC_LIST, 11,
                                    p.values, f->limit, sizeof *out->items, read_rec_item,
                                    read_rec_next, NULL};
    enum store_qs qs = STORE_HARD_ERROR;

    memset(out, 0, sizeof *out);
    if (rec_params_fill(f, true, &p))
        out->items = store_list_run(st, &list, &out->hold, &out->n, &out->more, &out->next, &qs);
    store_search_clear(&p.search);
    return qs;
}

enum store_qs store_rec_total(struct store *st, const struct store_rec_filter *f, int64_t *total)
{
    struct rec_params p = {0};
    enum store_qs qs = STORE_HARD_ERROR;

    if (rec_params_fill(f, false, &p))
        qs = store_total(st, STMT_REC_TOTAL, 11, p.values, total);
    store_search_clear(&p.search);
    return qs;
}
