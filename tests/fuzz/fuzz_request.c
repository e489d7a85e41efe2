/* libFuzzer target of request parsing: everything between "request fully
 * read" and "reply ready" -- path matching and {id} arguments, query
 * parameters (limit, cursors, dates, filters, unknown names), headers
 * (Content-Type, Authorization, Origin, If-None-Match, Idempotency-Key) and
 * JSON or text bodies -- through the real router and handlers.
 *
 * Input, loosely HTTP/1.1 so libFuzzer's mutations stay meaningful:
 *   METHOD SP TARGET LF  (Name: value LF)*  LF  BODY
 * The target is percent-decoded with libmicrohttpd's own decoder, as the
 * server does. The database is unreachable on purpose: routes that need it
 * are run twice, through the router (503) and by calling the handler
 * directly, so handlers parse everything before their store call fails.
 *
 * Any answer is fine as long as it is a well-formed one; a crash, a leak,
 * an answer without a status or a problem without a code aborts. */
#include <microhttpd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "handlers/handlers.h"
#include "http/http.h"
#include "http/router.h"
#include "podium/config.h"
#include "podium/log.h"
#include "store/store.h"

#define MAX_FIELDS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct field {
    char *name, *value;
};

struct fuzz_source {
    struct field headers[MAX_FIELDS], query[MAX_FIELDS];
    size_t n_headers, n_query;
};

static const char *fuzz_header(void *cls, const char *name)
{
    struct fuzz_source *src = cls;

    for (size_t i = 0; i < src->n_headers; i++)
        if (strcasecmp(src->headers[i].name, name) == 0)
            return src->headers[i].value;
    return NULL;
}

static const char *fuzz_query(void *cls, const char *key)
{
    struct fuzz_source *src = cls;

    for (size_t i = 0; i < src->n_query; i++)
        if (strcmp(src->query[i].name, key) == 0)
            return src->query[i].value;
    return NULL;
}

static bool fuzz_query_each(void *cls, http_query_fn fn, void *fn_cls)
{
    struct fuzz_source *src = cls;

    for (size_t i = 0; i < src->n_query; i++)
        if (!fn(fn_cls, src->query[i].name, src->query[i].value))
            return false;
    return true;
}

static const struct http_source fuzz_source_table = {fuzz_header, fuzz_query, fuzz_query_each};

static const char *fuzz_env(const char *name)
{
    static const char *const vars[] = {
        "DATABASE_URL", "host=/nonexistent/podium-fuzz port=1",
        "PODIUM_API_TOKEN", "fuzz-token-0123456789",
        "PODIUM_CORS_ORIGINS", "https://a.example",
        "PODIUM_MAX_BODY", "65536",
        "PODIUM_LOG", "error",
        NULL};

    for (size_t i = 0; vars[i] != NULL; i += 2)
        if (strcmp(vars[i], name) == 0)
            return vars[i + 1];
    return NULL;
}

/* Splits "a=b&c" into decoded fields (libmicrohttpd's decoder, in place). */
static void parse_query(char *q, struct fuzz_source *src)
{
    while (q != NULL && src->n_query < MAX_FIELDS) {
        char *amp = strchr(q, '&'), *eq;

        if (amp != NULL)
            *amp = '\0';
        eq = strchr(q, '=');
        if (eq != NULL)
            *eq = '\0';
        MHD_http_unescape(q);
        if (eq != NULL)
            MHD_http_unescape(eq + 1);
        src->query[src->n_query++] = (struct field){q, eq != NULL ? eq + 1 : (char *)""};
        q = amp != NULL ? amp + 1 : NULL;
    }
}

/* "Name: value" lines up to the first empty line; returns the body. */
static char *parse_headers(char *p, struct fuzz_source *src)
{
    while (p != NULL && *p != '\0') {
        char *nl = strchr(p, '\n'), *colon;

        if (nl != NULL)
            *nl = '\0';
        if (*p == '\0')
            return nl != NULL ? nl + 1 : NULL;
        colon = strchr(p, ':');
        if (colon != NULL && src->n_headers < MAX_FIELDS) {
            *colon = '\0';
            colon++;
            while (*colon == ' ')
                colon++;
            src->headers[src->n_headers++] = (struct field){p, colon};
        }
        p = nl != NULL ? nl + 1 : NULL;
    }
    return NULL;
}

static void check_reply(const struct http_reply *out)
{
    if (out->status < 100 || out->status > 599)
        abort();
    if (out->status >= 400 && (out->json == NULL ||
                               !json_is_string(json_object_get(out->json, "code"))))
        abort();
}

static void run_one(const struct http_request *proto, const char *path,
                    bool direct_handler)
{
    struct http_request rq = *proto;
    struct http_reply out = {0};
    struct http_wire wire;
    char *path_buf = strdup(path);
    const struct http_route *route = NULL;
    int route_index;

    if (path_buf == NULL)
        return;
    if (!direct_handler) {
        http_dispatch(&rq, path_buf, &out, &route_index);
    } else if (http_route_match(rq.app->routes, rq.app->n_routes, rq.method, path_buf, &route,
                                rq.args, &rq.n_args, NULL, 0) == HTTP_MATCH_OK &&
               (route->flags & HTTP_ROUTE_DB) != 0) {
        rq.route = route->pattern;
        route->handler(&rq, &out);
    } else {
        free(path_buf);
        return;
    }
    check_reply(&out);
    /* And through what the server does with every reply before sending. */
    http_transfer_prepare(&rq, &out, &wire);
    free(wire.body);
    http_reply_clear(&out);
    free(path_buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct cfg cfg;
    static struct store *st;
    static struct http_app app;
    struct fuzz_source src = {0};
    struct http_request rq = {0};
    char *copy, *line_end, *sp, *target, *query, *body;
    char err[256];

    if (st == NULL) {
        if (!cfg_load(&cfg, fuzz_env, err, sizeof err))
            abort();
        log_set_level(cfg.log_level);
        st = store_open(cfg.database_url);
        if (st == NULL)
            abort();
        app = h_app(NULL);
    }
    if ((copy = malloc(size + 1)) == NULL)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    line_end = strchr(copy, '\n');
    sp = strchr(copy, ' ');
    if (line_end == NULL || sp == NULL || sp > line_end)
        goto out;
    *line_end = '\0';
    *sp = '\0';
    target = sp + 1;
    if ((query = strchr(target, '?')) != NULL)
        *query++ = '\0';
    MHD_http_unescape(target);
    parse_query(query, &src);
    body = parse_headers(line_end + 1, &src);

    rq.method = copy;
    rq.path = target;
    /* The body may hold NULs: its length is what is left of the input. */
    rq.body = body;
    rq.body_len = body != NULL ? size - (size_t)(body - copy) : 0;
    snprintf(rq.id, sizeof rq.id, "fuzz");
    rq.st = st;
    rq.cfg = &cfg;
    rq.app = &app;
    rq.source = &fuzz_source_table;
    rq.source_cls = &src;
    run_one(&rq, target, false);
    run_one(&rq, target, true);
out:
    free(copy);
    return 0;
}
