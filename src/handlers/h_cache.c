/* A byte-budgeted LRU map from (kind, id) to the last body encoded for it.
 * One mutex guards it all: a lookup is a hash probe and a copy of a few
 * kilobytes, far shorter than the database round trip every request makes
 * anyway, so the lock is not where threads wait. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/h_cache.h"

struct entry {
    struct entry *chain;            /* next in the same bucket */
    struct entry *newer, *older;    /* recency list */
    uint64_t key;
    uint64_t version;
    size_t len;
    char tag[HTTP_ETAG_SIZE];
    char body[];
};

struct h_cache {
    pthread_mutex_t lock;
    struct entry **buckets;
    size_t n_buckets;               /* a power of two */
    struct entry *newest, *oldest;
    size_t budget;
    struct h_cache_stats stats;
};

/* Enough buckets for a budget's worth of 2 kB bodies; chains stay short
 * for larger ones and the table stays a small part of the budget. */
#define BUCKET_PER_BYTES 2048u
#define BUCKETS_MIN 64u

static uint64_t cache_key(enum h_cache_kind kind, int64_t id)
{
    return (uint64_t)id * H_CACHE_KINDS_ + (uint64_t)kind;
}

static size_t bucket_of(const struct h_cache *c, uint64_t key)
{
    key ^= key >> 29;               /* consecutive ids spread over the table */
    key *= 0xbf58476d1ce4e5b9ULL;
    key ^= key >> 32;
    return (size_t)(key & (c->n_buckets - 1));
}

static size_t entry_size(size_t len)
{
    return sizeof(struct entry) + len;
}

struct h_cache *h_cache_new(size_t budget)
{
    struct h_cache *c = calloc(1, sizeof *c);

    if (c == NULL)
        return NULL;
    c->budget = budget;
    c->n_buckets = BUCKETS_MIN;
    while (c->n_buckets < budget / BUCKET_PER_BYTES)
        c->n_buckets *= 2;
    if ((c->buckets = calloc(c->n_buckets, sizeof *c->buckets)) == NULL ||
        pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c->buckets);
        free(c);
        return NULL;
    }
    return c;
}

void h_cache_free(struct h_cache *c)
{
    struct entry *e, *next;

    if (c == NULL)
        return;
    for (e = c->newest; e != NULL; e = next) {
        next = e->older;
        free(e);
    }
    pthread_mutex_destroy(&c->lock);
    free(c->buckets);
    free(c);
}

static void unlink_recency(struct h_cache *c, struct entry *e)
{
    if (e->newer != NULL)
        e->newer->older = e->older;
    else
        c->newest = e->older;
    if (e->older != NULL)
        e->older->newer = e->newer;
    else
        c->oldest = e->newer;
    e->newer = e->older = NULL;
}

static void link_newest(struct h_cache *c, struct entry *e)
{
    e->older = c->newest;
    e->newer = NULL;
    if (c->newest != NULL)
        c->newest->newer = e;
    c->newest = e;
    if (c->oldest == NULL)
        c->oldest = e;
}

/* The slot that points at the entry for key (or the chain's end). */
static struct entry **find_slot(struct h_cache *c, uint64_t key)
{
    struct entry **slot = &c->buckets[bucket_of(c, key)];

    while (*slot != NULL && (*slot)->key != key)
        slot = &(*slot)->chain;
    return slot;
}

static void drop(struct h_cache *c, struct entry **slot)
{
    struct entry *e = *slot;

    *slot = e->chain;
    unlink_recency(c, e);
    c->stats.bytes -= entry_size(e->len);
    c->stats.entries--;
    free(e);
}

bool h_cache_get(struct h_cache *c, enum h_cache_kind kind, int64_t id, uint64_t version,
                 char **body, size_t *len, char tag[HTTP_ETAG_SIZE])
{
    uint64_t key = cache_key(kind, id);
    struct entry **slot, *e;
    bool hit = false;

    pthread_mutex_lock(&c->lock);
    slot = find_slot(c, key);
    if ((e = *slot) != NULL && e->version != version) {
        drop(c, slot);
    } else if (e != NULL && (*body = malloc(e->len + 1)) != NULL) {
        memcpy(*body, e->body, e->len + 1);
        *len = e->len;
        memcpy(tag, e->tag, HTTP_ETAG_SIZE);
        unlink_recency(c, e);
        link_newest(c, e);
        hit = true;
    }
    if (hit)
        c->stats.hits++;
    else
        c->stats.misses++;
    pthread_mutex_unlock(&c->lock);
    return hit;
}

void h_cache_put(struct h_cache *c, enum h_cache_kind kind, int64_t id, uint64_t version,
                 const char *body, size_t len, const char *tag)
{
    uint64_t key = cache_key(kind, id);
    struct entry **slot, *e;

    if (entry_size(len) > c->budget / 8 || (e = malloc(entry_size(len) + 1)) == NULL)
        return;
    e->key = key;
    e->version = version;
    e->len = len;
    memcpy(e->body, body, len);
    e->body[len] = '\0';
    snprintf(e->tag, sizeof e->tag, "%s", tag);
    pthread_mutex_lock(&c->lock);
    if (*(slot = find_slot(c, key)) != NULL)
        drop(c, slot);
    while (c->oldest != NULL && c->stats.bytes + entry_size(len) > c->budget)
        drop(c, find_slot(c, c->oldest->key));
    slot = &c->buckets[bucket_of(c, key)];
    e->chain = *slot;
    *slot = e;
    link_newest(c, e);
    c->stats.bytes += entry_size(len);
    c->stats.entries++;
    pthread_mutex_unlock(&c->lock);
}

struct h_cache_stats h_cache_stats(struct h_cache *c)
{
    struct h_cache_stats now;

    pthread_mutex_lock(&c->lock);
    now = c->stats;
    pthread_mutex_unlock(&c->lock);
    return now;
}
