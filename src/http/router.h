/* Routes, the application value that carries them, and the router. */
#ifndef PODIUM_HTTP_ROUTER_H
#define PODIUM_HTTP_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

enum http_route_flags {
    HTTP_ROUTE_DB = 1u << 0,        /* needs a live database connection: else 503 */
    HTTP_ROUTE_IDEMPOTENT = 1u << 1,/* a write run under its Idempotency-Key, if any */
};

/* A route whose body is read a line at a time as it arrives (NDJSON), so
 * its length is bounded by HTTP_LINES_BODY_MAX rather than kept whole.
 * The server calls begin once the shared checks passed (NULL: out holds
 * the refusal, answered before the body is read), line for each line
 * without its line end (too_long: the line passed PODIUM_MAX_BODY and only
 * its start is given), finish for the answer, and free in any case. */
struct http_lines {
    void *(*begin)(const struct http_request *rq, struct http_reply *out);
    void (*line)(void *state, const struct http_request *rq, const char *line, size_t len,
                 bool too_long);
    void (*finish)(void *state, const struct http_request *rq, struct http_reply *out);
    void (*free)(void *state);
};

/* The whole body of a line route, however many lines: documented in README. */
#define HTTP_LINES_BODY_MAX ((size_t)1 << 30)

struct http_route {
    const char *method;             /* "GET", "POST", "DELETE", ... */
    const char *pattern;            /* "/reports/{id}": {x} matches one non-empty
                                       segment; also the route label in /metrics */
    http_handler_fn handler;
    unsigned int flags;
};

/* Routes whose body the server reads a line at a time; each is also a row
 * of the route table, whose handler takes the body whole (http_lines_run),
 * as in fuzzing. */
struct http_line_route {
    const char *method, *path;
    const struct http_lines *lines;
};

/* Runs h over a body held whole, as the server would line by line. */
void http_lines_run(const struct http_lines *h, const struct http_request *rq,
                    struct http_reply *out);

/* What an application hands the server: everything the http layer runs
 * comes from here, so it knows no handler. cls is the application's own
 * state (the handlers keep their response cache there); handlers reach
 * the whole value as rq->app. */
struct http_app {
    const struct http_route *routes;
    size_t n_routes;
    const struct http_line_route *line_routes;
    size_t n_line_routes;
    void *cls;
};

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

/* The checks of http_dispatch, over rq->app's routes, without the handler: the route when the
 * request may go on, NULL when out holds the answer (404, 405, OPTIONS,
 * cross-site, token, database). */
const struct http_route *http_dispatch_check(struct http_request *rq, char *path_buf,
                                             struct http_reply *out, int *route_index);

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
