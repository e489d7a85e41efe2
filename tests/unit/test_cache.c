/* The cache of single resources: a body is served only at the version it
 * was kept under, the budget holds, and the least recently used go first. */
#include <pthread.h>

#include "check.h"
#include "handlers/h_cache.h"

/* Looks (kind, id) up at version; returns the body or NULL, freed by caller. */
static char *lookup(struct h_cache *c, enum h_cache_kind kind, int64_t id, uint64_t version)
{
    char *body = NULL, tag[HTTP_ETAG_SIZE];
    size_t len = 0;

    if (!h_cache_get(c, kind, id, version, &body, &len, tag))
        return NULL;
    check(strlen(body) == len);
    check_str(tag, "\"t\"");
    return body;
}

static void put(struct h_cache *c, enum h_cache_kind kind, int64_t id, uint64_t version,
                const char *body)
{
    h_cache_put(c, kind, id, version, body, strlen(body), "\"t\"");
}

static void test_versions_and_kinds(void)
{
    struct h_cache *c = h_cache_new(1 << 20);
    char *got;

    check(c != NULL);
    check(lookup(c, H_CACHE_SPEAKER, 1, 7) == NULL);
    put(c, H_CACHE_SPEAKER, 1, 7, "{\"v\":7}");
    check((got = lookup(c, H_CACHE_SPEAKER, 1, 7)) != NULL);
    check_str(got, "{\"v\":7}");
    free(got);
    /* the same id of another kind is another resource */
    check(lookup(c, H_CACHE_REPORT, 1, 7) == NULL);
    /* a newer version of the row: the kept body is never served again */
    check(lookup(c, H_CACHE_SPEAKER, 1, 8) == NULL);
    check(lookup(c, H_CACHE_SPEAKER, 1, 7) == NULL);
    check(h_cache_stats(c).entries == 0 && h_cache_stats(c).bytes == 0);
    /* a put replaces what was kept for the same resource */
    put(c, H_CACHE_SPEAKER, 1, 8, "{\"v\":8}");
    put(c, H_CACHE_SPEAKER, 1, 9, "{\"v\":9}");
    check(h_cache_stats(c).entries == 1);
    check(h_cache_stats(c).hits == 1 && h_cache_stats(c).misses == 4);
    check((got = lookup(c, H_CACHE_SPEAKER, 1, 9)) != NULL);
    check_str(got, "{\"v\":9}");
    free(got);
    h_cache_free(c);
}

static void test_budget_and_recency(void)
{
    enum { BUDGET = 64 * 1024, BODY = 1000 };
    struct h_cache *c = h_cache_new(BUDGET);
    char body[BODY + 1], *got;
    size_t kept;

    memset(body, 'x', BODY);
    body[BODY] = '\0';
    for (int64_t id = 1; id <= 1000; id++) {
        put(c, H_CACHE_REPORT, id, 1, body);
        check(h_cache_stats(c).bytes <= BUDGET);
        if (id == 30) {               /* keep id 1 the most recently used */
            check((got = lookup(c, H_CACHE_REPORT, 1, 1)) != NULL);
            free(got);
        }
    }
    kept = h_cache_stats(c).entries;
    check(kept > 30 && kept < 64);
    check((got = lookup(c, H_CACHE_REPORT, 1000, 1)) != NULL);
    free(got);
    check(lookup(c, H_CACHE_REPORT, 2, 1) == NULL);       /* the oldest went first */
    /* an eighth of the budget or more is not kept at all */
    {
        size_t big = BUDGET / 8;
        char *large = malloc(big + 1);

        check(large != NULL);
        memset(large, 'y', big);
        large[big] = '\0';
        put(c, H_CACHE_SPEAKER, 5, 1, large);
        check(lookup(c, H_CACHE_SPEAKER, 5, 1) == NULL);
        check(h_cache_stats(c).entries == kept);
        free(large);
    }
    h_cache_free(c);
}

static void test_zero_budget(void)
{
    struct h_cache *c = h_cache_new(0);

    put(c, H_CACHE_SPEAKER, 1, 1, "{}");
    check(lookup(c, H_CACHE_SPEAKER, 1, 1) == NULL);
    check(h_cache_stats(c).bytes == 0);
    h_cache_free(c);
}

/* Threads putting and getting the same few ids: under the sanitizers this
 * is where a missing lock or a use after free would show. */
static void *hammer(void *cls)
{
    struct h_cache *c = cls;
    char body[64], *got;

    for (int i = 0; i < 20000; i++) {
        int64_t id = 1 + i % 37;
        uint64_t version = (uint64_t)(i / 100);

        snprintf(body, sizeof body, "{\"id\":%lld,\"v\":%llu}", (long long)id,
                 (unsigned long long)version);
        if ((got = lookup(c, H_CACHE_SPEAKER, id, version)) != NULL) {
            check_str(got, body);
            free(got);
        } else {
            put(c, H_CACHE_SPEAKER, id, version, body);
        }
    }
    return NULL;
}

static void test_threads(void)
{
    struct h_cache *c = h_cache_new(4096);
    pthread_t t[4];

    for (int i = 0; i < 4; i++)
        check(pthread_create(&t[i], NULL, hammer, c) == 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    check(h_cache_stats(c).bytes <= 4096);
    h_cache_free(c);
}

int main(void)
{
    test_versions_and_kinds();
    test_budget_and_recency();
    test_zero_budget();
    test_threads();
    return 0;
}
