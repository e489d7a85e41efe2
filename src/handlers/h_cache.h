/* Encoded bodies of single resources, kept between requests under the
 * version of the database row they were read with.
 *
 * A hit still costs one primary-key SELECT: the handler asks the database
 * for the row's current version and is answered from here only when it is
 * the one the body was made from. What is stored here is therefore never
 * served stale, whatever another instance or another thread wrote, and a
 * race between two fillers only costs a later miss. The memory is bounded
 * by a byte budget, least recently used bodies leaving first. */
#ifndef PODIUM_H_CACHE_H
#define PODIUM_H_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"


enum h_cache_kind { H_CACHE_SPEAKER, H_CACHE_REPORT, H_CACHE_REPORT_TEXT, H_CACHE_KINDS_ };

struct h_cache;

/* budget: bytes of bodies and their bookkeeping together; 0 makes a cache
 * that keeps nothing. NULL on OOM. */
struct h_cache *h_cache_new(size_t budget);
void h_cache_free(struct h_cache *c);

/* A malloc'd copy of the body kept for (kind, id) at exactly this version,
 * with its ETag, or false (nothing kept, another version, or OOM). A body
 * kept under another version is dropped: it can never be served again. */
bool h_cache_get(struct h_cache *c, enum h_cache_kind kind, int64_t id, uint64_t version,
                 char **body, size_t *len, char tag[HTTP_ETAG_SIZE]);

/* Keeps a copy of body for (kind, id, version), replacing what was kept
 * for (kind, id). Bodies larger than an eighth of the budget are not kept,
 * so that one large resource cannot empty the cache. */
void h_cache_put(struct h_cache *c, enum h_cache_kind kind, int64_t id, uint64_t version,
                 const char *body, size_t len, const char *tag);

struct h_cache_stats {
    size_t bytes, entries;          /* held now */
    uint64_t hits, misses;          /* lookups since the start */
};
struct h_cache_stats h_cache_stats(struct h_cache *c);

/* The cache the handlers were given with their routes (h_app), or NULL:
 * then nothing is kept. */
struct h_cache *h_cache_of(const struct http_request *rq);

#endif
