/* /recommendations across reports, and those of one report. */
#include "handlers/h_common.h"
#include "handlers/handlers.h"
#include "podium/enc.h"

/* The filter of either list, read from the query string. */
struct rec_query {
    struct store_rec_filter f;
    enum h_cursor_kind cursor;
    bool want_total;
    char since[16], until[16], key[H_CURSOR_KEY_MAX + 1];
};

static bool rec_query_read(const struct http_request *rq, const char *const *allowed,
                           struct rec_query *qy, struct http_reply *out)
{
    /* By the event day of their report, latest or earliest first. */
    static const char *const sorts[] = {"-date", "date", NULL};
    const char *report = http_query(rq, "report"), *sort;

    qy->f.q = h_param_filter(rq, "q");
    if (!h_params_known(rq, allowed, out) || !h_param_limit(rq, &qy->f.limit, out) ||
        !h_param_choice(rq, "sort", sorts, "-date", &sort, out) ||
        !h_param_count(rq, &qy->want_total, out) ||
        !h_param_day(rq, "since", qy->since, &qy->f.since, out) ||
        !h_param_day(rq, "until", qy->until, &qy->f.until, out))
        return false;
    qy->f.oldest_first = sort == sorts[1];
    qy->cursor = qy->f.oldest_first ? H_CURSOR_RECS_OLDEST : H_CURSOR_RECS;
    if (!h_param_cursor(rq, qy->cursor, &qy->f.after, qy->key, out))
        return false;
    if (report != NULL && !h_parse_id(report, &qy->f.report_id)) {
        http_problem(out, PODIUM_E_BAD_PARAM, rq->id, "report must be a report id");
        http_problem_add_error(out, "report", "a positive integer");
        return false;
    }
    h_param_speaker(rq, &qy->f.speaker_id, &qy->f.speaker_name);
    return true;
}

static void rec_list_answer(const struct http_request *rq, struct rec_query *qy,
                            struct http_reply *out)
{
    struct stored_rec_page page = {0};
    int64_t total = -1;
    enum store_qs qs;

    if (qy->want_total && !h_list_total(rq, out, store_rec_total(rq->st, &qy->f, &total)))
        return;
    qs = store_rec_list(rq->st, &qy->f, &page);
    if (qs < 0) {
        http_store_problem(rq, out, qs);
    } else {
        h_reply_list(rq, out, enc_stored_recs(page.items, page.n), page.more, qy->cursor,
                     &page.next, total);
    }
    stored_hold_clear(&page.hold);
}

void h_rec_list(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {"q", "speaker", "report", "sort", "since", "until",
                                          "limit", "cursor", "count", NULL};
    struct rec_query qy = {0};

    if (rec_query_read(rq, allowed, &qy, out))
        rec_list_answer(rq, &qy, out);
}

void h_report_recs(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {"q", "speaker", "sort", "limit", "cursor", "count", NULL};
    struct rec_query qy = {0};
    enum store_qs qs;

    if (!h_arg_id(rq, "report", &qy.f.report_id, out) || !rec_query_read(rq, allowed, &qy, out))
        return;
    qs = store_report_exists(rq->st, qy.f.report_id);
    if (qs == STORE_NO_RESULTS)
        http_problem(out, PODIUM_E_NOT_FOUND, rq->id, "no report %lld", (long long)qy.f.report_id);
    else if (qs < 0)
        http_store_problem(rq, out, qs);
    else
        rec_list_answer(rq, &qy, out);
}
