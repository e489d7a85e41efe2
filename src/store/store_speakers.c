/* People across reports: the list in three orders, each served by its own
 * index, and one person with appearances and latest remarks. */
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

#define PERSON_COLUMNS                                                                    \
    "SELECT p.id, p.name, p.name_key, array_to_json(p.names)::text, p.affiliation,"       \
    " podium_time(p.last_seen), p.report_count, p.remark_count, p.recommendation_count,"  \
    " podium_micros(p.last_seen) FROM people p"
/* report_count is 0 only inside the transaction that is about to delete
 * the person; the test keeps such a row out of every answer. */
#define PERSON_MATCH                                                                      \
    " WHERE p.report_count > 0"                                                           \
    "  AND ($1::text IS NULL OR p.name_key ILIKE podium_contains_pattern($1))"

/* The keyset parameter comes after the filter, the limit last. */
static const struct store_stmt speaker_stmts[] = {
    {"speaker_list_reports", PERSON_COLUMNS PERSON_MATCH
     "  AND ($2::integer IS NULL OR (p.report_count, p.id) < ($2::integer, $3::bigint))"
     " ORDER BY p.report_count DESC, p.id DESC LIMIT $4::integer", 4},
    {"speaker_list_last_seen", PERSON_COLUMNS PERSON_MATCH
     "  AND ($2::bigint IS NULL OR (p.last_seen, p.id) < (podium_from_micros($2::bigint), $3::bigint))"
     " ORDER BY p.last_seen DESC, p.id DESC LIMIT $4::integer", 4},
    {"speaker_list_name", PERSON_COLUMNS PERSON_MATCH
     "  AND ($2::text IS NULL OR p.name_key > $2)"
     " ORDER BY p.name_key LIMIT $3::integer", 3},
    {"speaker_get", PERSON_COLUMNS " WHERE p.id = $1::bigint AND p.report_count > 0", 1},
    {"speaker_appearances",
     "SELECT a.report_id, a.id, a.name, a.affiliation, a.title, a.role, a.topic, r.title,"
     " podium_time(a.listed_at), a.remark_count, a.recommendation_count"
     " FROM appearances a JOIN reports r ON r.id = a.report_id"
     " WHERE a.person_id = $1::bigint ORDER BY a.listed_at DESC, a.report_id DESC, a.id"
     " LIMIT $2::integer", 2},
    {"speaker_remarks",
     "SELECT m.id, m.report_id, m.paragraph, m.start_byte, m.end_byte, m.text, m.cue_start,"
     " m.cue_end, m.cue_text, m.confidence"
     " FROM remarks m WHERE m.person_id = $1::bigint"
     " ORDER BY m.listed_at DESC, m.id DESC LIMIT $2::integer", 2},
    {"speaker_recs",
     "SELECT c.id, c.report_id, c.ordinal, c.marker, c.paragraph, c.start_byte, c.end_byte, c.text"
     " FROM recommendations c WHERE c.person_id = $1::bigint"
     " ORDER BY c.listed_at DESC, c.id DESC LIMIT $2::integer", 2},
};
STORE_STATEMENTS(speaker_stmts)

/* A person's appearances beyond this many are reached through
 * /reports?speaker=ID; the answer stays bounded. */
#define SPEAKER_APPEARANCES_MAX 500

static void read_person(const PGresult *res, int row, struct stored_person *p)
{
    p->id = store_col_i64(res, row, 0);
    p->name = store_col_text(res, row, 1);
    p->name_key = store_col_text(res, row, 2);
    p->names_json = store_col_text(res, row, 3);
    p->affiliation = store_col_text(res, row, 4);
    p->last_seen = store_col_text(res, row, 5);
    p->report_count = store_col_u32(res, row, 6);
    p->remark_count = store_col_u32(res, row, 7);
    p->rec_count = store_col_u32(res, row, 8);
    p->cursor_at = store_col_i64(res, row, 9);
}

enum store_qs store_speaker_list(struct store *st, const struct store_speaker_filter *f,
                                 struct stored_person_page *out)
{
    char *q = store_fold(f->q);
    char at[24], after_id[24], limit[24];
    const char *params[4] = {q};
    const char *name;
    int nparams = 4;
    PGresult *res = NULL;
    enum store_qs qs = STORE_HARD_ERROR;

    memset(out, 0, sizeof *out);
    if (f->q != NULL && q == NULL)
        goto out;
    store_i64_param(limit, (int64_t)f->limit + 1);
    if (f->sort == STORE_SORT_NAME) {
        name = "speaker_list_name";
        params[1] = f->after.set ? f->after.key : NULL;
        params[2] = limit;
        nparams = 3;
    } else {
        name = f->sort == STORE_SORT_REPORTS ? "speaker_list_reports" : "speaker_list_last_seen";
        params[1] = f->after.set ? store_i64_param(at, f->after.at) : NULL;
        params[2] = f->after.set ? store_i64_param(after_id, f->after.id) : NULL;
        params[3] = limit;
    }
    if ((qs = store_exec(st, name, nparams, params, &res)) <= 0)
        goto out;
    out->items = store_hold_page(&out->hold, res, f->limit, sizeof *out->items, &out->n, &out->more);
    if (out->items == NULL) {
        qs = STORE_HARD_ERROR;
        goto out;
    }
    for (size_t i = 0; i < out->n; i++)
        read_person(res, (int)i, &out->items[i]);
out:
    free(q);
    return qs;
}

struct speaker_ctx {
    const char *params[2];          /* id, latest */
    struct stored_person *out;
};

static enum store_qs read_appearances(struct store *st, struct speaker_ctx *ctx)
{
    char max[24];
    const char *params[2] = {ctx->params[0], store_i64_param(max, SPEAKER_APPEARANCES_MAX)};
    struct stored_person *p = ctx->out;
    PGresult *res = NULL;
    enum store_qs qs = store_exec(st, "speaker_appearances", 2, params, &res);
    int n;

    if (qs <= 0)
        return qs;
    if (!store_hold_result(&p->hold, res))
        return STORE_HARD_ERROR;
    n = PQntuples(res);
    if ((p->appearances = store_hold_array(&p->hold, (size_t)n, sizeof *p->appearances)) == NULL)
        return STORE_HARD_ERROR;
    p->n_appearances = (size_t)n;
    for (int i = 0; i < n; i++) {
        struct stored_appearance *a = &p->appearances[i];

        a->report_id = store_col_i64(res, i, 0);
        a->id = store_col_i64(res, i, 1);
        a->person_id = p->id;
        a->name = store_col_text(res, i, 2);
        a->affiliation = store_col_text(res, i, 3);
        a->title = store_col_text(res, i, 4);
        a->role = store_col_text(res, i, 5);
        a->topic = store_col_text(res, i, 6);
        a->report_title = store_col_text(res, i, 7);
        a->report_date = store_col_text(res, i, 8);
        a->remark_count = store_col_u32(res, i, 9);
        a->rec_count = store_col_u32(res, i, 10);
    }
    return qs;
}

static enum store_qs read_latest(struct store *st, struct speaker_ctx *ctx)
{
    struct stored_person *p = ctx->out;
    PGresult *res = NULL;
    enum store_qs qs = store_exec(st, "speaker_remarks", 2, ctx->params, &res);
    int n;

    if (qs < 0)
        return qs;
    if (qs > 0) {
        if (!store_hold_result(&p->hold, res))
            return STORE_HARD_ERROR;
        n = PQntuples(res);
        if ((p->remarks = store_hold_array(&p->hold, (size_t)n, sizeof *p->remarks)) == NULL)
            return STORE_HARD_ERROR;
        p->n_remarks = (size_t)n;
        for (int i = 0; i < n; i++) {
            p->remarks[i].id = store_col_i64(res, i, 0);
            p->remarks[i].report_id = store_col_i64(res, i, 1);
            store_read_remark(res, i, 2, &p->remarks[i]);
        }
    }
    res = NULL;
    if ((qs = store_exec(st, "speaker_recs", 2, ctx->params, &res)) <= 0)
        return qs;
    if (!store_hold_result(&p->hold, res))
        return STORE_HARD_ERROR;
    n = PQntuples(res);
    if ((p->recs = store_hold_array(&p->hold, (size_t)n, sizeof *p->recs)) == NULL)
        return STORE_HARD_ERROR;
    p->n_recs = (size_t)n;
    for (int i = 0; i < n; i++) {
        p->recs[i].id = store_col_i64(res, i, 0);
        p->recs[i].report_id = store_col_i64(res, i, 1);
        store_read_rec(res, i, 2, &p->recs[i]);
    }
    return qs;
}

static enum store_qs speaker_tx(struct store *st, void *cls)
{
    struct speaker_ctx *ctx = cls;
    struct stored_person *p = ctx->out;
    PGresult *res = NULL;
    enum store_qs qs;

    stored_hold_clear(&p->hold);    /* a retry starts from nothing */
    memset(p, 0, sizeof *p);
    if ((qs = store_exec(st, "tx_repeatable_read", 0, NULL, NULL)) < 0)
        return qs;
    if ((qs = store_exec(st, "speaker_get", 1, ctx->params, &res)) <= 0)
        return qs;
    if (!store_hold_result(&p->hold, res))
        return STORE_HARD_ERROR;
    read_person(res, 0, p);
    if ((qs = read_appearances(st, ctx)) < 0 || (qs = read_latest(st, ctx)) < 0)
        return qs;
    return STORE_ONE_RESULT;
}

enum store_qs store_speaker_get(struct store *st, int64_t id, unsigned int latest,
                                struct stored_person *out)
{
    char idbuf[24], latestbuf[24];
    struct speaker_ctx ctx = {{store_i64_param(idbuf, id), store_i64_param(latestbuf, latest)}, out};

    memset(out, 0, sizeof *out);
    return store_run_tx(st, "speaker_get", speaker_tx, &ctx);
}
