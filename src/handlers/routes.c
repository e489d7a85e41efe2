/* The route table. One row per method + path; the pattern doubles as the
 * route label in /metrics, so keep {placeholders} rather than literal ids.
 * Order does not matter: a path matches at most one pattern per method. */
#include "handlers/handlers.h"
#include "http/router.h"

const struct http_route http_routes[] = {
    {"GET", "/healthz", h_healthz, 0},
    {"GET", "/readyz", h_readyz, 0},
    {"GET", "/version", h_version, 0},
    {"GET", "/metrics", h_metrics, 0},
};

const size_t http_routes_count = sizeof http_routes / sizeof http_routes[0];
