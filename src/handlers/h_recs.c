/* /recommendations across reports, and those of one report. */
#include "handlers/h_common.h"
#include "handlers/handlers.h"
#include "podium/enc.h"

/* Both lists: filters from the query, report fixed when report_id > 0. */
static void rec_list(const struct http_request *rq, struct http_reply *out,
                     const char *const *allowed, int64_t report_id)
{
    struct store_rec_filter f = {.q = h_param_filter(rq, "q"), .report_id = report_id};
    struct stored_rec_page page;
    const char *report = http_query(rq, "report");
    char since[40], until[40], key[H_CURSOR_KEY_MAX + 1];
    enum store_qs qs;

    if (!h_params_known(rq, allowed, out) || !h_param_limit(rq, &f.limit, out) ||
        !h_param_time(rq, "since", since, &f.since, out) ||
        !h_param_time(rq, "until", until, &f.until, out) ||
        !h_param_cursor(rq, H_CURSOR_RECS, &f.after, key, out))
        return;
    if (report != NULL && !h_parse_id(report, &f.report_id)) {
        http_problem(out, PODIUM_E_BAD_PARAM, rq->id, "report must be a report id");
        http_problem_add_error(out, "report", "a positive integer");
        return;
    }
    h_param_speaker(rq, &f.speaker_id, &f.speaker_name);
    qs = store_rec_list(rq->st, &f, &page);
    if (qs < 0) {
        h_store_problem(rq, out, qs);
    } else {
        struct store_after last = {0};

        if (page.n > 0)
            last = (struct store_after){true, page.items[page.n - 1].cursor_at,
                                        page.items[page.n - 1].report_id,
                                        page.items[page.n - 1].id, NULL};
        h_reply_list(rq, out, enc_stored_recs(page.items, page.n), page.more, H_CURSOR_RECS,
                     &last);
    }
    stored_hold_clear(&page.hold);
}

void h_rec_list(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {"q", "speaker", "report", "since", "until", "limit",
                                          "cursor", NULL};

    rec_list(rq, out, allowed, 0);
}

void h_report_recs(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {"q", "speaker", "limit", "cursor", NULL};
    int64_t id;
    enum store_qs qs;

    if (!h_arg_id(rq, &id, out))
        return;
    qs = store_report_exists(rq->st, id);
    if (qs == STORE_NO_RESULTS)
        http_problem(out, PODIUM_E_NOT_FOUND, rq->id, "no report %lld", (long long)id);
    else if (qs < 0)
        h_store_problem(rq, out, qs);
    else
        rec_list(rq, out, allowed, id);
}
