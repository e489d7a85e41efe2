/* Route table (src/handlers/routes.c) and the pure matcher behind the router. */
#ifndef PODIUM_HTTP_ROUTER_H
#define PODIUM_HTTP_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

enum http_route_flags {
    HTTP_ROUTE_DB = 1u << 0,        /* needs a live database connection: else 503 */
};

struct http_route {
    const char *method;             /* "GET", "POST", "DELETE", ... */
    const char *pattern;            /* "/reports/{id}": {x} matches one non-empty
                                       segment; also the route label in /metrics */
    http_handler_fn handler;
    unsigned int flags;
};

extern const struct http_route http_routes[];
extern const size_t http_routes_count;

enum http_match {
    HTTP_MATCH_OK,                  /* *route and args are set */
    HTTP_MATCH_NO_PATH,             /* 404 */
    HTTP_MATCH_NO_METHOD,           /* 405: allow holds e.g. "GET, HEAD, DELETE" */
};

/* Finds the route for method + path. HEAD matches GET routes. On NO_METHOD,
 * *route is the first row with this path (its pattern labels metrics). args receives
 * pointers into path_buf, which the matcher splits in place (it must be a
 * writable copy of the path). allow may be NULL. */
enum http_match http_route_match(const struct http_route *routes, size_t n_routes,
                                 const char *method, char *path_buf,
                                 const struct http_route **route,
                                 const char *args[HTTP_MAX_ARGS], size_t *n_args,
                                 char *allow, size_t allow_size);

/* Everything between "request fully read" and "reply ready": route match,
 * 404/405, CORS, bearer token, database availability, then the handler.
 * path_buf is a writable copy of rq->path that outlives the request (the
 * route arguments point into it). *route_index is the matched row or -1. */
void http_dispatch(struct http_request *rq, char *path_buf, struct http_reply *out,
                   int *route_index);

/* Adds the CORS headers PODIUM_CORS_ORIGINS calls for (Vary: Origin, and for
 * an allowed Origin Access-Control-Allow-Origin and -Expose-Headers); true
 * when the origin may read. Every reply gets them from here, including those
 * the server answers before dispatch (413, bad query parameters). */
bool http_cors_headers(const struct http_request *rq, struct http_reply *out);

#endif
