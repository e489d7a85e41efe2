/* Idempotency-Key around the writes whose route carries
 * HTTP_ROUTE_IDEMPOTENT: the key is reserved before the handler runs, so a
 * second request with it waits (409) or is answered from the record of the
 * first (its status, Location and body, marked Idempotent-Replayed), and a
 * key used for another request is refused (422). An answer worth replaying
 * (200, 201) is recorded; any other gives the key up, so a retry runs. */
#include <stdlib.h>
#include <string.h>

#include "http/idempotency.h"
#include "http/proto.h"
#include "podium/log.h"
#include "store/store.h"

#define IDEMPOTENCY_KEY_MAX 255

/* The path of the answer's Location (http_reply_location made it absolute):
 * the record keeps the path alone, since a replay may come through another
 * address. "" when it has none. */
static const char *location_path(const struct http_request *rq, const struct http_reply *out)
{
    const char *location = http_reply_header_get(out, "Location");
    char base[HTTP_BASE_URL_MAX];
    size_t n = http_base_url(rq, base, sizeof base);

    if (location == NULL)
        return "";
    return strncmp(location, base, n) == 0 ? location + n : location;
}

static bool key_sane(const char *key)
{
    size_t n = strlen(key);

    if (n == 0 || n > IDEMPOTENCY_KEY_MAX)
        return false;
    for (const char *p = key; *p; p++)
        if (*p < '!' || *p > '~')    /* visible ASCII */
            return false;
    return true;
}

/* The request as the idempotency record identifies it, hex-encoded;
 * malloc'd. Hex because the parts are raw bytes (a Content-Type may carry
 * 0x80-0xFF, a body need not be valid yet): the database hashes
 * decode($2, 'hex') and never sees them as text, which it would refuse. */
static char *request_fingerprint(const struct http_request *rq)
{
    static const char hex[] = "0123456789abcdef";
    const char *ct = http_header(rq, "Content-Type");
    const char *parts[] = {rq->method, " ", rq->path, "\n", ct != NULL ? ct : "", "\n"};
    size_t lens[7], total = 0, o = 0;
    char *s;

    for (size_t i = 0; i < 6; i++)
        lens[i] = strlen(parts[i]);
    lens[6] = rq->body != NULL ? rq->body_len : 0;
    for (size_t i = 0; i < 7; i++)
        total += lens[i];
    if ((s = malloc(2 * total + 1)) == NULL)
        return NULL;
    for (size_t i = 0; i < 7; i++) {
        const unsigned char *p = (const unsigned char *)(i < 6 ? parts[i] : rq->body);

        for (size_t j = 0; j < lens[i]; j++) {
            s[o++] = hex[p[j] >> 4];
            s[o++] = hex[p[j] & 15];
        }
    }
    s[o] = '\0';
    return s;
}

/* Answers from what an earlier request with this key left: its answer,
 * 422 for another request, 409 while it still runs. False when the key is
 * not held (anymore) and may be reserved. */
static bool replayed(const struct http_request *rq, const char *key, const char *fingerprint,
                     struct http_reply *out)
{
    struct store_replay rp;
    enum store_qs qs = store_idempotency_get(rq->st, key, fingerprint, &rp);
    json_t *body;

    if (qs == STORE_NO_RESULTS)
        return false;
    if (qs < 0) {
        http_store_problem(rq, out, qs);
    } else if (!rp.same_request) {
        http_problem(out, PODIUM_E_UNPROCESSABLE, rq->id,
                     "this Idempotency-Key was used for a different request");
    } else if (rp.in_progress) {
        http_problem(out, PODIUM_E_IN_PROGRESS, rq->id,
                     "the first request with this Idempotency-Key has not finished; retry");
        http_reply_header(out, "Retry-After", "1");
    } else {
        body = json_loads(rp.body_json, 0, NULL);
        if (rp.location != NULL && rp.location[0] != '\0')
            http_reply_location(rq, out, rp.location);
        /* The client can tell a retry that did nothing from the first run. */
        http_reply_header(out, "Idempotent-Replayed", "true");
        http_reply_json_steal(out, (unsigned int)rp.status, body);
    }
    stored_hold_clear(&rp.hold);
    return true;
}

/* True when this request now holds the key; otherwise out holds the answer.
 * A key freed between the two look-ups (its request failed) is tried once
 * more, then reported as in progress. */
static bool key_reserved(const struct http_request *rq, const char *key, const char *fingerprint,
                         struct http_reply *out)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        enum store_qs qs = store_idempotency_reserve(rq->st, key, fingerprint);

        if (qs == STORE_ONE_RESULT)
            return true;
        if (qs < 0) {
            http_store_problem(rq, out, qs);
            return false;
        }
        if (replayed(rq, key, fingerprint, out))
            return false;
    }
    http_problem(out, PODIUM_E_IN_PROGRESS, rq->id,
                 "another request with this Idempotency-Key is running; retry");
    http_reply_header(out, "Retry-After", "1");
    return false;
}

/* Fills in the reserved key with the answer, or gives the key up when the
 * answer is not one to replay (the database failed: a retry must run). */
static void key_settle(const struct http_request *rq, const char *key, const char *fingerprint,
                       const struct http_reply *out)
{
    char *body = NULL;

    if (out->status == 200 || out->status == 201) {
        /* The write is done either way: failing to record the answer
         * leaves a reservation that is abandoned after a minute. */
        body = out->json != NULL ? json_dumps(out->json, JSON_COMPACT) : NULL;
        if (body == NULL ||
            store_idempotency_complete(rq->st, key, fingerprint, (int)out->status,
                                       location_path(rq, out), body) < 0)
            log_warn("idempotency key not recorded request_id=%s", rq->id);
    } else if (store_idempotency_release(rq->st, key, fingerprint) < 0) {
        log_warn("idempotency key not released request_id=%s", rq->id);
    }
    free(body);
}

void http_idempotent_run(http_handler_fn handler, const struct http_request *rq,
                         struct http_reply *out)
{
    const char *key = http_header(rq, "Idempotency-Key");
    char *fingerprint;

    if (key == NULL) {
        handler(rq, out);
        return;
    }
    if (!key_sane(key)) {
        http_problem(out, PODIUM_E_BAD_PARAM, rq->id,
                     "Idempotency-Key must be 1 to 255 visible ASCII characters");
        return;
    }
    if ((fingerprint = request_fingerprint(rq)) == NULL) {
        http_problem(out, PODIUM_E_INTERNAL, rq->id, "out of memory");
        return;
    }
    if (key_reserved(rq, key, fingerprint, out)) {
        handler(rq, out);
        key_settle(rq, key, fingerprint, out);
    }
    free(fingerprint);
}
