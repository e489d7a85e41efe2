/* /speakers: people across reports. */
#include <stdio.h>
#include <string.h>

#include "handlers/h_common.h"
#include "handlers/handlers.h"
#include "podium/enc.h"

/* How many remarks and recommendations GET /speakers/{id} shows; the rest
 * are one link away. */
#define SPEAKER_LATEST 10

static const struct {
    const char *name;
    enum store_speaker_sort sort;
    enum h_cursor_kind cursor;
} sorts[] = {
    {"-reports", STORE_SORT_REPORTS, H_CURSOR_SPEAKERS_REPORTS},
    {"name", STORE_SORT_NAME, H_CURSOR_SPEAKERS_NAME},
    {"-last_seen", STORE_SORT_LAST_SEEN, H_CURSOR_SPEAKERS_LAST_SEEN},
};

void h_speaker_list(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {"q", "since", "until", "sort", "limit", "cursor", NULL};
    const char *sort = http_query(rq, "sort");
    struct store_speaker_filter f = {.q = h_param_filter(rq, "q")};
    struct stored_person_page page;
    const struct stored_person *last;
    char key[H_CURSOR_KEY_MAX + 1], since[16], until[16];
    size_t s = 0;
    enum store_qs qs;

    if (!h_params_known(rq, allowed, out) || !h_param_limit(rq, &f.limit, out) ||
        !h_param_day(rq, "since", since, &f.since, out) ||
        !h_param_day(rq, "until", until, &f.until, out))
        return;
    while (sort != NULL && s < sizeof sorts / sizeof sorts[0] && strcmp(sorts[s].name, sort) != 0)
        s++;
    if (s == sizeof sorts / sizeof sorts[0]) {
        http_problem(out, PODIUM_E_BAD_PARAM, rq->id, "sort is one of -reports, name, -last_seen");
        http_problem_add_error(out, "sort", "-reports, name or -last_seen");
        return;
    }
    if (!h_param_cursor(rq, sorts[s].cursor, &f.after, key, out))
        return;
    f.sort = sorts[s].sort;
    qs = store_speaker_list(rq->st, &f, &page);
    if (qs < 0) {
        h_store_problem(rq, out, qs);
    } else {
        struct store_after keyset = {0};

        if (page.n > 0) {
            last = &page.items[page.n - 1];
            keyset = (struct store_after){
                true, f.sort == STORE_SORT_REPORTS ? last->report_count : last->cursor_at,
                last->id, 0, last->name_key};
        }
        h_reply_list(rq, out, enc_person_summaries(page.items, page.n), page.more,
                     sorts[s].cursor, &keyset);
    }
    stored_hold_clear(&page.hold);
}

/* A person's answer is kept in the shared cache under the version of its
 * row: a repeated read costs one primary-key SELECT instead of four
 * statements and an encoding. */
void h_speaker_get(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {NULL};
    struct stored_person person = {0};
    json_t *body;
    int64_t id;
    uint64_t version = 0;
    enum store_qs qs = STORE_ONE_RESULT;

    if (!h_arg_id(rq, "speaker", &id, out) || !h_params_known(rq, allowed, out))
        return;
    if (h_cache_shared != NULL) {
        qs = store_speaker_version(rq->st, id, &version);
        if (qs > 0 && h_reply_cached(rq, out, H_CACHE_SPEAKER, id, version))
            return;
    }
    if (qs > 0)
        qs = store_speaker_get(rq->st, id, SPEAKER_LATEST, &person, &version);
    if (qs == STORE_NO_RESULTS) {
        http_problem(out, PODIUM_E_NOT_FOUND, rq->id, "no speaker %lld", (long long)id);
    } else if (qs < 0) {
        h_store_problem(rq, out, qs);
    } else {
        /* Links from the parsed id, not the path's spelling of it (07):
         * the body is kept for every spelling. */
        char idtext[24];

        snprintf(idtext, sizeof idtext, "%lld", (long long)id);
        body = enc_stored_person(&person, true);
        if (body != NULL)
            json_object_set_new(body, "links", json_pack("{s:s+, s:s+}",
                "reports", "/reports?speaker=", idtext,
                "recommendations", "/recommendations?speaker=", idtext));
        h_reply_etag_kept(rq, out, body, H_CACHE_SPEAKER, id, version);
    }
    stored_hold_clear(&person.hold);
}
