/* Recommendations across reports, newest event day first (then newest
 * report) and in text order
 * within a report, each with its speaker (as written in that report) and
 * its report. */
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

static const struct store_stmt rec_stmts[] = {
    /* As report_list: absent filters are NULL and fold away in custom plans. */
    {"rec_list",
     "SELECT c.id, c.report_id, c.ordinal, c.marker, c.paragraph, c.start_byte, c.end_byte,"
     " c.text, c.person_id, a.name, p.name_key, r.title, podium_time(c.listed_at),"
     " (c.event_on - date '1970-01-01')::bigint, c.event_on::text"
     " FROM recommendations c"
     " JOIN appearances a ON a.report_id = c.report_id AND a.id = c.appearance_id"
     " JOIN people p ON p.id = c.person_id JOIN reports r ON r.id = c.report_id"
     " WHERE ($1::text IS NULL"
     "        OR $11::boolean AND c.text_folded LIKE podium_contains_pattern($1)"
     "        OR NOT $11::boolean AND c.text_folded ILIKE podium_contains_pattern($1))"
     "  AND ($2::bigint IS NULL AND $3::text IS NULL OR c.person_id IN"
     "       (SELECT q.id FROM people q WHERE q.id = $2::bigint OR q.name_key = $3))"
     "  AND ($4::bigint IS NULL OR c.report_id = $4::bigint)"
     "  AND c.event_on >= coalesce($5::date, '-infinity')"
     "  AND c.event_on < coalesce($6::date, 'infinity')"
     /* After (day, report, item): the first test bounds the index scan. */
     "  AND ($7::bigint IS NULL OR c.event_on <= date '1970-01-01' + $7::integer"
     "       AND ((c.event_on, c.report_id) < (date '1970-01-01' + $7::integer, $8::bigint)"
     "            OR c.event_on = date '1970-01-01' + $7::integer AND c.report_id = $8::bigint"
     "               AND c.id > $9::bigint))"
     " ORDER BY c.event_on DESC, c.report_id DESC, c.id LIMIT $10::integer", 11},
};
STORE_STATEMENTS(rec_stmts)

enum store_qs store_rec_list(struct store *st, const struct store_rec_filter *f,
                             struct stored_rec_page *out)
{
    char *q = store_fold(f->q), *speaker = store_fold(f->speaker_name);
    char speaker_id[24], report_id[24], at[24], after_report[24], after_item[24], limit[24];
    const char *params[11] = {
        q, f->speaker_id > 0 ? store_i64_param(speaker_id, f->speaker_id) : NULL, speaker,
        f->report_id > 0 ? store_i64_param(report_id, f->report_id) : NULL, f->since, f->until,
        f->after.set ? store_i64_param(at, f->after.at) : NULL,
        f->after.set ? store_i64_param(after_report, f->after.id) : NULL,
        f->after.set ? store_i64_param(after_item, f->after.item) : NULL,
        store_i64_param(limit, (int64_t)f->limit + 1), store_caseless_param(q)};
    PGresult *res = NULL;
    enum store_qs qs = STORE_HARD_ERROR;

    memset(out, 0, sizeof *out);
    if ((f->q != NULL && q == NULL) || (f->speaker_name != NULL && speaker == NULL))
        goto out;
    out->items = store_list_page(st, "rec_list", 11, params, f->limit, sizeof *out->items,
                                 &out->hold, &out->n, &out->more, &res, &qs);
    if (out->items == NULL)
        goto out;
    for (size_t i = 0; i < out->n; i++) {
        struct stored_rec *c = &out->items[i];
        int row = (int)i;

        c->id = store_col_i64(res, row, 0);
        c->report_id = store_col_i64(res, row, 1);
        store_read_rec(res, row, 2, c);
        c->speaker.id = store_col_i64(res, row, 8);
        c->speaker.name = store_col_text(res, row, 9);
        c->speaker.name_key = store_col_text(res, row, 10);
        c->report.id = c->report_id;
        c->report.name = store_col_text(res, row, 11);
        c->report.date = store_col_text(res, row, 12);
        c->cursor_at = store_col_i64(res, row, 13);
        c->report.event_on = store_col_text(res, row, 14);
    }
out:
    free(q);
    free(speaker);
    return qs;
}
