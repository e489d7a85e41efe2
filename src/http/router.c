/* Routing and the checks every request shares, so handlers only handle. */
#include <string.h>
#include <strings.h>

#include "http/idempotency.h"
#include "http/router.h"
#include "store/store.h"

#define MAX_SEGMENTS 16

/* Splits "/a/b" in place into {"a", "b"}. Returns false for a path that
 * does not start with '/' or has more segments than any route can have. */
static bool split_path(char *path, char *segs[MAX_SEGMENTS], size_t *n)
{
    *n = 0;
    if (path[0] != '/')
        return false;
    if (path[1] == '\0')
        return true;
    for (char *p = path + 1;;) {
        char *slash = strchr(p, '/');

        if (*n == MAX_SEGMENTS)
            return false;
        segs[(*n)++] = p;
        if (slash == NULL)
            return true;
        *slash = '\0';
        p = slash + 1;
    }
}

static bool pattern_matches(const char *pattern, char *const segs[], size_t n_segs,
                            const char *args[HTTP_MAX_ARGS], size_t *n_args)
{
    const char *p = pattern + 1;     /* patterns start with '/' */

    *n_args = 0;
    for (size_t i = 0; i < n_segs; i++) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);

        if (len == 0)                /* pattern has fewer segments than path */
            return false;
        if (p[0] == '{' && p[len - 1] == '}') {
            if (segs[i][0] == '\0' || *n_args == HTTP_MAX_ARGS)
                return false;
            args[(*n_args)++] = segs[i];
        } else if (strncmp(p, segs[i], len) != 0 || segs[i][len] != '\0') {
            return false;
        }
        p = end ? end + 1 : p + len;
    }
    return *p == '\0';
}

static bool method_fits(const char *route_method, const char *method)
{
    return strcmp(route_method, method) == 0 ||
           (strcmp(method, "HEAD") == 0 && strcmp(route_method, "GET") == 0);
}

static void allow_add(char *allow, size_t allow_size, const char *method)
{
    size_t used = strlen(allow);

    /* Each method once, however many rows name it. */
    for (const char *p = allow; (p = strstr(p, method)) != NULL; p++) {
        size_t mlen = strlen(method);

        if ((p == allow || p[-1] == ' ') && (p[mlen] == ',' || p[mlen] == '\0'))
            return;
    }
    snprintf(allow + used, allow_size - used, "%s%s", used ? ", " : "", method);
}

enum http_match http_route_match(const struct http_route *routes, size_t n_routes,
                                 const char *method, char *path_buf,
                                 const struct http_route **route,
                                 const char *args[HTTP_MAX_ARGS], size_t *n_args,
                                 char *allow, size_t allow_size)
{
    char *segs[MAX_SEGMENTS];
    const char *scratch[HTTP_MAX_ARGS];
    size_t n_segs, n_scratch;
    const struct http_route *same_path = NULL;

    *route = NULL;
    *n_args = 0;
    if (allow != NULL && allow_size > 0)
        allow[0] = '\0';
    if (!split_path(path_buf, segs, &n_segs))
        return HTTP_MATCH_NO_PATH;
    for (size_t i = 0; i < n_routes; i++) {
        if (!pattern_matches(routes[i].pattern, segs, n_segs, scratch, &n_scratch))
            continue;
        if (same_path == NULL)
            same_path = &routes[i];
        if (*route == NULL && method_fits(routes[i].method, method)) {
            *route = &routes[i];
            memcpy(args, scratch, n_scratch * sizeof scratch[0]);
            *n_args = n_scratch;
        }
        if (allow != NULL) {
            allow_add(allow, allow_size, routes[i].method);
            if (strcmp(routes[i].method, "GET") == 0)
                allow_add(allow, allow_size, "HEAD");
        }
    }
    if (*route != NULL)
        return HTTP_MATCH_OK;
    *route = same_path;
    return same_path ? HTTP_MATCH_NO_METHOD : HTTP_MATCH_NO_PATH;
}

static bool is_write(const char *method)
{
    return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
           strcmp(method, "PATCH") == 0 || strcmp(method, "DELETE") == 0;
}

/* Compares the whole token whatever the input, so timing does not reveal
 * how many leading bytes were right. */
static bool token_matches(const char *authorization, const char *token)
{
    static const char scheme[] = "Bearer ";
    size_t given_len, token_len = strlen(token);
    unsigned char diff = 0;

    if (authorization == NULL || strncasecmp(authorization, scheme, sizeof scheme - 1) != 0)
        return false;
    authorization += sizeof scheme - 1;
    given_len = strlen(authorization);
    for (size_t i = 0; i < token_len; i++)
        diff |= (unsigned char)token[i] ^ (unsigned char)(i < given_len ? authorization[i] : 0);
    return diff == 0 && given_len == token_len;
}

static bool origin_allowed(const char *origins, const char *origin)
{
    size_t len = strlen(origin);

    if (strcmp(origins, "*") == 0)
        return true;
    for (const char *p = origins; *p;) {
        const char *comma = strchr(p, ',');
        size_t item_len;

        while (*p == ' ')
            p++;
        item_len = comma ? (size_t)(comma - p) : strlen(p);
        while (item_len > 0 && p[item_len - 1] == ' ')
            item_len--;
        if (item_len == len && strncmp(p, origin, len) == 0)
            return true;
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    return false;
}

/* True when origin ("scheme://host[:port]") names the authority the client
 * addressed (Host): a page served by Podium itself, or through the same
 * proxy. Either scheme counts, since a TLS proxy forwards plain HTTP. */
static bool same_origin(const char *origin, const char *host)
{
    const char *authority = strstr(origin, "://");

    return host != NULL && authority != NULL && strcasecmp(authority + 3, host) == 0 &&
           (strncasecmp(origin, "http://", 7) == 0 || strncasecmp(origin, "https://", 8) == 0);
}

/* CORS decides what a page may read, not what it may send: a form, or a
 * fetch of text/plain, reaches the server from any site without a
 * preflight. An unsafe method is therefore refused when a browser says it
 * comes from another site: by an Origin that is neither this server nor
 * one PODIUM_CORS_ORIGINS allows, or, without Origin, by Sec-Fetch-Site.
 * Clients that are not browsers send neither and are not affected. */
static bool cross_site_write(const struct http_request *rq)
{
    const char *origin = http_header(rq, "Origin");
    const char *site;

    if (origin != NULL)
        return !same_origin(origin, http_header(rq, "Host")) &&
               (rq->cfg->cors_origins == NULL || !origin_allowed(rq->cfg->cors_origins, origin));
    site = http_header(rq, "Sec-Fetch-Site");
    return site != NULL && strcasecmp(site, "cross-site") == 0;
}

bool http_cors_headers(const struct http_request *rq, struct http_reply *out)
{
    const char *origins = rq->cfg->cors_origins, *origin;

    if (origins == NULL)
        return false;
    /* The answer depends on Origin even when it is refused: caches must know. */
    http_reply_header(out, "Vary", "Origin");
    origin = http_header(rq, "Origin");
    if (origin == NULL || !origin_allowed(origins, origin))
        return false;
    http_reply_header(out, "Access-Control-Allow-Origin", "%s",
                      strcmp(origins, "*") == 0 ? "*" : origin);
    http_reply_header(out, "Access-Control-Expose-Headers",
                      "Link, ETag, Location, X-Request-Id, Retry-After, Podium-LSN, Preference-Applied");
    return true;
}

static void answer_options(const struct http_request *rq, const char *allow,
                           struct http_reply *out)
{
    bool allowed = http_cors_headers(rq, out);

    http_reply_raw_steal(out, 204, NULL, NULL, 0);
    http_reply_header(out, "Allow", "%s, OPTIONS", allow);
    /* A preflight carries no credentials: answer it without the token. */
    if (allowed && http_header(rq, "Access-Control-Request-Method") != NULL) {
        http_reply_header(out, "Access-Control-Allow-Methods", "%s", allow);
        http_reply_header(out, "Access-Control-Allow-Headers",
                          "Authorization, Content-Type, Idempotency-Key, If-None-Match, "
                          "X-Request-Id, Podium-LSN, Prefer");
        http_reply_header(out, "Access-Control-Max-Age", "600");
    }
}

const struct http_route *http_dispatch_check(struct http_request *rq, char *path_buf,
                                             struct http_reply *out, int *route_index)
{
    const struct http_route *route;
    char allow[128];
    enum http_match m;

    *route_index = -1;
    m = http_route_match(rq->app->routes, rq->app->n_routes, rq->method, path_buf, &route,
                         rq->args, &rq->n_args, allow, sizeof allow);
    if (m == HTTP_MATCH_NO_PATH) {
        http_cors_headers(rq, out);
        http_problem(out, PODIUM_E_NOT_FOUND, rq->id, "no resource at this path");
        return NULL;
    }
    if (m == HTTP_MATCH_NO_METHOD && strcmp(rq->method, "OPTIONS") == 0) {
        answer_options(rq, allow, out);
        return NULL;
    }
    http_cors_headers(rq, out);
    *route_index = (int)(route - rq->app->routes);      /* the path's row, for metrics */
    rq->route = route->pattern;
    if (m == HTTP_MATCH_NO_METHOD) {
        http_problem(out, PODIUM_E_METHOD_NOT_ALLOWED, rq->id, "%s is not allowed here; use %s",
                     rq->method, allow);
        http_reply_header(out, "Allow", "%s", allow);
        return NULL;
    }
    if (is_write(rq->method) && cross_site_write(rq)) {
        http_problem(out, PODIUM_E_CROSS_SITE, rq->id,
                     "%s from another site: its origin is not in PODIUM_CORS_ORIGINS", rq->method);
        return NULL;
    }
    if (rq->cfg->api_token != NULL && is_write(rq->method) &&
        !token_matches(http_header(rq, "Authorization"), rq->cfg->api_token)) {
        http_problem(out, PODIUM_E_UNAUTHORIZED, rq->id,
                     "send Authorization: Bearer with the service's API token");
        return NULL;
    }
    if ((route->flags & HTTP_ROUTE_DB) != 0 && (rq->st == NULL || !store_connected(rq->st))) {
        http_problem(out, PODIUM_E_DB_UNAVAILABLE, rq->id, "no connection to the database");
        return NULL;
    }
    if (!http_transfer_params_valid(rq, out))
        return NULL;
    return route;
}

void http_dispatch(struct http_request *rq, char *path_buf, struct http_reply *out,
                   int *route_index)
{
    const struct http_route *route = http_dispatch_check(rq, path_buf, out, route_index);

    if (route == NULL)
        return;
    if ((route->flags & HTTP_ROUTE_IDEMPOTENT) != 0)
        http_idempotent_run(route->handler, rq, out);
    else
        route->handler(rq, out);
    if (out->status == 0)            /* a handler that forgot to answer is a bug */
        http_problem(out, PODIUM_E_INTERNAL, rq->id, "the handler gave no answer");
}

void http_lines_run(const struct http_lines *h, const struct http_request *rq,
                    struct http_reply *out)
{
    const char *p = rq->body != NULL ? rq->body : "", *end = p + rq->body_len;
    void *state = h->begin(rq, out);

    if (state == NULL)
        return;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((nl != NULL ? nl : end) - p);

        h->line(state, rq, p, len, false);
        p += len + (nl != NULL);
    }
    h->finish(state, rq, out);
    h->free(state);
}
