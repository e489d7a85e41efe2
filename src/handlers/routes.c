/* The route table. One row per method + path; the pattern doubles as the
 * route label in /metrics, so keep {placeholders} rather than literal ids.
 * Order does not matter: a path matches at most one pattern per method. */
#include "handlers/h_cache.h"
#include "handlers/handlers.h"

static const struct http_route routes[] = {
    {"GET", "/healthz", h_healthz, 0},
    {"GET", "/readyz", h_readyz, 0},
    {"GET", "/version", h_version, 0},
    {"GET", "/metrics", h_metrics, 0},
    {"POST", "/reports", h_report_create, HTTP_ROUTE_DB | HTTP_ROUTE_IDEMPOTENT},
    {"POST", "/reports:batch", h_batch, HTTP_ROUTE_DB},
    {"GET", "/reports", h_report_list, HTTP_ROUTE_DB},
    {"GET", "/reports/{id}", h_report_get, HTTP_ROUTE_DB},
    {"DELETE", "/reports/{id}", h_report_delete, HTTP_ROUTE_DB},
    {"GET", "/reports/{id}/speakers", h_report_speakers, HTTP_ROUTE_DB},
    {"GET", "/reports/{id}/recommendations", h_report_recs, HTTP_ROUTE_DB},
    {"GET", "/speakers", h_speaker_list, HTTP_ROUTE_DB},
    {"GET", "/speakers/{id}", h_speaker_get, HTTP_ROUTE_DB},
    {"GET", "/recommendations", h_rec_list, HTTP_ROUTE_DB},
    {"GET", "/export", h_export, HTTP_ROUTE_DB},
    {"POST", "/segment", h_segment, 0},
    {"GET", "/openapi.json", h_openapi, 0},
    {"GET", "/problems/{slug}", h_problem_page, 0},
    {"GET", "/", h_web_index, 0},
    {"GET", "/assets/{file}", h_web_asset, 0},
    {"GET", "/docs", h_docs_page, 0},
    {"GET", "/docs/redoc.standalone.js", h_docs_bundle, 0},
};

static const struct http_line_route line_routes[] = {
    {"POST", "/reports:batch", &h_batch_lines},
};

struct http_app h_app(struct h_cache *cache)
{
    return (struct http_app){
        .routes = routes,
        .n_routes = sizeof routes / sizeof routes[0],
        .line_routes = line_routes,
        .n_line_routes = sizeof line_routes / sizeof line_routes[0],
        .cls = cache,
    };
}

struct h_cache *h_cache_of(const struct http_request *rq)
{
    return rq->app != NULL ? rq->app->cls : NULL;
}
