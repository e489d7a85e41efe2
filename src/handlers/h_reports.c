/* /reports: store a report, list, read, delete, and its parts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/h_common.h"
#include "handlers/handlers.h"
#include "podium/enc.h"

/* Reads report id back as stored and answers status with it; a read
 * (conditional) carries an ETag and may answer 304. A stored report never
 * changes until it is deleted, so for a read the cache needs no version
 * beyond the row's existence, which one primary-key SELECT confirms. */
static void answer_stored(const struct http_request *rq, struct http_reply *out, int64_t id,
                          unsigned int status, bool with_text, bool conditional)
{
    enum h_cache_kind kind = with_text ? H_CACHE_REPORT_TEXT : H_CACHE_REPORT;
    struct stored_report rep = {0};
    enum store_qs qs = STORE_ONE_RESULT;

    if (conditional && h_cache_of(rq) != NULL) {
        qs = store_report_exists(rq->st, id);
        if (qs > 0 && h_reply_cached(rq, out, kind, id, 0))
            return;
    }
    if (qs > 0)
        qs = store_report_get(rq->st, id, with_text, &rep);
    if (qs == STORE_NO_RESULTS)
        http_problem(out, PODIUM_E_NOT_FOUND, rq->id, "no report %lld", (long long)id);
    else if (qs < 0)
        http_store_problem(rq, out, qs);
    else if (conditional)
        h_reply_etag_kept(rq, out, enc_stored_report(&rep), kind, id, 0);
    else
        http_reply_json_steal(out, status, enc_stored_report(&rep));
    stored_hold_clear(&rep.hold);
}

void h_report_create(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {NULL};
    struct h_report_input in;
    char location[48];
    int64_t id = 0;
    bool created = false;
    enum store_qs qs;

    if (!h_params_known(rq, allowed, out))
        return;
    if (!h_report_input_read(rq, &in, out))
        goto out;
    qs = store_report_insert(rq->st, &(struct store_report_in){
        .text = in.text, .text_len = in.text_len, .seg = in.seg, .title = in.title,
        .source = in.source, .url = in.url, .published_at = in.published_at,
        .metadata_json = in.metadata_json}, &id, &created);
    if (qs < 0) {
        http_store_problem(rq, out, qs);
    } else {
        snprintf(location, sizeof location, "/reports/%lld", (long long)id);
        answer_stored(rq, out, id, created ? 201 : 200, false, false);
        if (out->status == 201 || out->status == 200)
            http_reply_location(rq, out, location);
    }
out:
    h_report_input_clear(&in);
}

/* Newest event first by default: every report has an event day (the
 * text's, or the day it was published or posted), which is what a
 * timeline orders by. Each order has its own cursor kind, so a cursor
 * made under another order is refused. */
static const struct {
    const char *name;
    enum store_report_sort sort;
    enum h_cursor_kind cursor;
} report_sorts[] = {
    {"-date", STORE_REPORTS_DATE_DESC, H_CURSOR_REPORTS_DATE_DESC},
    {"date", STORE_REPORTS_DATE, H_CURSOR_REPORTS_DATE},
    {"-created", STORE_REPORTS_CREATED_DESC, H_CURSOR_REPORTS_CREATED_DESC},
};
#define N_REPORT_SORTS (sizeof report_sorts / sizeof report_sorts[0])

void h_report_list(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {"q", "speaker", "language", "since", "until", "sort",
                                          "limit", "cursor", "count", NULL};
    static const char *const languages[] = {"zh-Hans", "zh-Hant", "en", "und", NULL};
    const char *sorts[N_REPORT_SORTS + 1], *sort;
    struct store_report_filter f = {.q = h_param_filter(rq, "q")};
    struct stored_report_page page = {0};
    char since[16], until[16], key[H_CURSOR_KEY_MAX + 1];
    int64_t total = -1;
    bool want_total;
    size_t s = 0;
    enum store_qs qs;

    for (size_t i = 0; i < N_REPORT_SORTS; i++)
        sorts[i] = report_sorts[i].name;
    sorts[N_REPORT_SORTS] = NULL;
    if (!h_params_known(rq, allowed, out) || !h_param_limit(rq, &f.limit, out) ||
        !h_param_choice(rq, "sort", sorts, sorts[0], &sort, out) ||
        !h_param_choice(rq, "language", languages, NULL, &f.language, out) ||
        !h_param_count(rq, &want_total, out) ||
        !h_param_day(rq, "since", since, &f.since, out) ||
        !h_param_day(rq, "until", until, &f.until, out))
        return;
    while (strcmp(report_sorts[s].name, sort) != 0)
        s++;
    if (!h_param_cursor(rq, report_sorts[s].cursor, &f.after, key, out))
        return;
    f.sort = report_sorts[s].sort;
    h_param_speaker(rq, &f.speaker_id, &f.speaker_name);
    if (want_total && !h_list_total(rq, out, store_report_total(rq->st, &f, &total)))
        return;
    qs = store_report_list(rq->st, &f, &page);
    if (qs < 0) {
        http_store_problem(rq, out, qs);
    } else {
        h_reply_list(rq, out, enc_report_summaries(page.items, page.n), page.more,
                     report_sorts[s].cursor, &page.next, total);
    }
    stored_hold_clear(&page.hold);
}

void h_report_get(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {"include", NULL};
    const char *include = http_query(rq, "include");
    int64_t id;

    if (!h_arg_id(rq, "report", &id, out) || !h_params_known(rq, allowed, out))
        return;
    if (include != NULL && strcmp(include, "text") != 0) {
        http_problem(out, PODIUM_E_BAD_PARAM, rq->id, "include accepts only \"text\"");
        http_problem_add_error(out, "include", "only \"text\"");
        return;
    }
    answer_stored(rq, out, id, 200, include != NULL, true);
}

void h_report_delete(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {NULL};
    int64_t id;
    enum store_qs qs;

    if (!h_arg_id(rq, "report", &id, out) || !h_params_known(rq, allowed, out))
        return;
    qs = store_report_delete(rq->st, id);
    if (qs == STORE_NO_RESULTS)
        http_problem(out, PODIUM_E_NOT_FOUND, rq->id, "no report %lld", (long long)id);
    else if (qs < 0)
        http_store_problem(rq, out, qs);
    else
        http_reply_raw_steal(out, 204, NULL, NULL, 0);
}

/* The people of one report, in text order, a page at a time. */
void h_report_speakers(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {"limit", "cursor", "count", NULL};
    struct store_people_filter f = {0};
    struct stored_appearance_page page = {0};
    char key[H_CURSOR_KEY_MAX + 1];
    int64_t total = -1;
    bool want_total;
    enum store_qs qs;

    if (!h_arg_id(rq, "report", &f.report_id, out) || !h_params_known(rq, allowed, out) ||
        !h_param_limit(rq, &f.limit, out) || !h_param_count(rq, &want_total, out) ||
        !h_param_cursor(rq, H_CURSOR_REPORT_PEOPLE, &f.after, key, out))
        return;
    if (f.after.set && f.after.id != f.report_id) {
        http_problem(out, PODIUM_E_BAD_PARAM, rq->id, "cursor belongs to another report");
        http_problem_add_error(out, "cursor", "not a cursor of this list");
        return;
    }
    qs = store_report_exists(rq->st, f.report_id);
    if (qs == STORE_NO_RESULTS) {
        http_problem(out, PODIUM_E_NOT_FOUND, rq->id, "no report %lld", (long long)f.report_id);
        return;
    }
    if (qs < 0) {
        http_store_problem(rq, out, qs);
        return;
    }
    if (want_total && !h_list_total(rq, out, store_report_people_total(rq->st, &f, &total)))
        return;
    qs = store_report_people(rq->st, &f, &page);
    if (qs < 0) {
        http_store_problem(rq, out, qs);
    } else {
        h_reply_list(rq, out, enc_appearance_summaries(page.items, page.n), page.more,
                     H_CURSOR_REPORT_PEOPLE, &page.next, total);
    }
    stored_hold_clear(&page.hold);
}
