/* Operations endpoints: liveness, readiness, version, metrics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/h_cache.h"
#include "handlers/handlers.h"
#include "http/metrics.h"
#include "podium_build.h"
#include "store/store.h"

void h_healthz(const struct http_request *rq, struct http_reply *out)
{
    /* Liveness only: answering at all is the proof. No database here, or a
     * database outage would get healthy processes restarted. */
    static const char body[] = "{\"status\":\"ok\"}";
    char *copy = malloc(sizeof body);

    /* Probes call this often: a constant body, not a JSON encoding. */
    if (copy == NULL) {
        http_reply_json_steal(out, 200, NULL);     /* answers 500 */
        return;
    }
    memcpy(copy, body, sizeof body);
    http_reply_raw_steal(out, 200, "application/json; charset=utf-8", copy, sizeof body - 1);
}

void h_readyz(const struct http_request *rq, struct http_reply *out)
{
    int pending;

    if (http_shutting_down()) {
        http_problem(out, PODIUM_E_SHUTTING_DOWN, rq->id, "not taking new work");
        return;
    }
    /* libpq's message names hosts and socket paths: it goes to the log,
     * the client gets a fixed sentence. */
    if (rq->st == NULL || !store_ping(rq->st)) {
        log_warn("readyz: database unavailable request_id=%s: %s", rq->id,
                 rq->st ? store_error_message(rq->st) : "no connection");
        http_problem(out, PODIUM_E_DB_UNAVAILABLE, rq->id, "the database does not answer");
        return;
    }
    pending = store_migrations_pending(rq->st, rq->cfg->migrations_dir);
    if (pending < 0) {
        http_problem(out, PODIUM_E_DB_UNAVAILABLE, rq->id,
                     "cannot compare %s with schema_migrations", rq->cfg->migrations_dir);
        return;
    }
    if (pending > 0) {
        http_problem(out, PODIUM_E_MIGRATIONS_PENDING, rq->id,
                     "%d migration(s) not applied: run podium migrate", pending);
        return;
    }
    http_reply_json_steal(out, 200, json_pack("{s:s}", "status", "ready"));
}

void h_version(const struct http_request *rq, struct http_reply *out)
{
    http_reply_json_steal(out, 200, json_pack("{s:s, s:s}", "name", "podium", "version",
                                              PODIUM_VERSION));
}

void h_metrics(const struct http_request *rq, struct http_reply *out)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);

    if (f == NULL) {
        http_problem(out, PODIUM_E_INTERNAL, rq->id, "out of memory");
        return;
    }
    http_metrics_write(f, rq->app);
    fprintf(f,
            "# HELP podium_db_errors_total Database errors: failed connections and statements.\n"
            "# TYPE podium_db_errors_total counter\n"
            "podium_db_errors_total %llu\n"
            "# HELP podium_build_info Build information; the value is always 1.\n"
            "# TYPE podium_build_info gauge\n"
            "podium_build_info{version=\"%s\"} 1\n",
            (unsigned long long)store_error_count(), PODIUM_VERSION);
    if (h_cache_of(rq) != NULL) {
        struct h_cache_stats cache = h_cache_stats(h_cache_of(rq));

        fprintf(f,
                "# HELP podium_cache_lookups_total Reads of single resources looked up in the"
                " cache, by outcome.\n"
                "# TYPE podium_cache_lookups_total counter\n"
                "podium_cache_lookups_total{outcome=\"hit\"} %llu\n"
                "podium_cache_lookups_total{outcome=\"miss\"} %llu\n"
                "# HELP podium_cache_bytes Bytes the cache of single resources holds.\n"
                "# TYPE podium_cache_bytes gauge\n"
                "podium_cache_bytes %zu\n",
                (unsigned long long)cache.hits, (unsigned long long)cache.misses, cache.bytes);
    }
    if (fclose(f) != 0) {
        free(text);
        http_problem(out, PODIUM_E_INTERNAL, rq->id, "out of memory");
        return;
    }
    http_reply_raw_steal(out, 200, "text/plain; version=0.0.4; charset=utf-8", text, len);
}
