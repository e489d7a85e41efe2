/* /speakers: people across reports. */
#include <stdio.h>
#include <string.h>

#include "handlers/h_common.h"
#include "handlers/handlers.h"
#include "podium/enc.h"

/* How many remarks and recommendations GET /speakers/{id} shows; the rest
 * are one link away. */
#define SPEAKER_LATEST 10

/* Every order both ways; the cursor kind ties a cursor to its order. */
static const struct {
    const char *name;
    enum store_speaker_sort sort;
    enum h_cursor_kind cursor;
} sorts[] = {
    {"-reports", STORE_SORT_REPORTS_DESC, H_CURSOR_SPEAKERS_REPORTS},
    {"reports", STORE_SORT_REPORTS, H_CURSOR_SPEAKERS_REPORTS_ASC},
    {"name", STORE_SORT_NAME, H_CURSOR_SPEAKERS_NAME},
    {"-name", STORE_SORT_NAME_DESC, H_CURSOR_SPEAKERS_NAME_DESC},
    {"-last_seen", STORE_SORT_LAST_SEEN_DESC, H_CURSOR_SPEAKERS_LAST_SEEN},
    {"last_seen", STORE_SORT_LAST_SEEN, H_CURSOR_SPEAKERS_LAST_SEEN_ASC},
};
#define N_SORTS (sizeof sorts / sizeof sorts[0])

void h_speaker_list(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {"q", "role", "since", "until", "sort", "limit",
                                          "cursor", "count", NULL};
    static const char *const roles[] = {"speaker", "summarizer", "moderator", "attendee", NULL};
    const char *names[N_SORTS + 1], *sort;
    struct store_speaker_filter f = {.q = h_param_filter(rq, "q")};
    struct stored_person_page page = {0};
    char key[H_CURSOR_KEY_MAX + 1], since[16], until[16];
    int64_t total = -1;
    bool want_total;
    size_t s = 0;
    enum store_qs qs;

    for (size_t i = 0; i < N_SORTS; i++)
        names[i] = sorts[i].name;
    names[N_SORTS] = NULL;
    if (!h_params_known(rq, allowed, out) || !h_param_limit(rq, &f.limit, out) ||
        !h_param_choice(rq, "sort", names, names[0], &sort, out) ||
        !h_param_choice(rq, "role", roles, NULL, &f.role, out) ||
        !h_param_count(rq, &want_total, out) ||
        !h_param_day(rq, "since", since, &f.since, out) ||
        !h_param_day(rq, "until", until, &f.until, out))
        return;
    while (strcmp(sorts[s].name, sort) != 0)
        s++;
    if (!h_param_cursor(rq, sorts[s].cursor, &f.after, key, out))
        return;
    f.sort = sorts[s].sort;
    if (want_total && !h_list_total(rq, out, store_speaker_total(rq->st, &f, &total)))
        return;
    qs = store_speaker_list(rq->st, &f, &page);
    if (qs < 0) {
        http_store_problem(rq, out, qs);
    } else {
        h_reply_list(rq, out, enc_person_summaries(page.items, page.n), page.more,
                     sorts[s].cursor, &page.next, total);
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
    if (h_cache_of(rq) != NULL) {
        qs = store_speaker_version(rq->st, id, &version);
        if (qs > 0 && h_reply_cached(rq, out, H_CACHE_SPEAKER, id, version))
            return;
    }
    if (qs > 0)
        qs = store_speaker_get(rq->st, id, SPEAKER_LATEST, &person, &version);
    if (qs == STORE_NO_RESULTS) {
        http_problem(out, PODIUM_E_NOT_FOUND, rq->id, "no speaker %lld", (long long)id);
    } else if (qs < 0) {
        http_store_problem(rq, out, qs);
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
