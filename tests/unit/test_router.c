/* The route matcher: {id} arguments, 404 vs 405 and the Allow list. */
#include "check.h"
#include "handlers/handlers.h"
#include "http/router.h"

static void h_dummy(const struct http_request *rq, struct http_reply *out)
{
    (void)rq;
    (void)out;
}

static const struct http_route routes[] = {
    {"GET", "/reports", h_dummy, 0},
    {"POST", "/reports", h_dummy, 0},
    {"GET", "/reports/{id}", h_dummy, 0},
    {"DELETE", "/reports/{id}", h_dummy, 0},
    {"GET", "/reports/{id}/speakers", h_dummy, 0},
    {"GET", "/a/{x}/b/{y}", h_dummy, 0},
    {"GET", "/", h_dummy, 0},
};
#define N_ROUTES (sizeof routes / sizeof routes[0])

struct outcome {
    enum http_match m;
    const struct http_route *route;
    const char *args[HTTP_MAX_ARGS];
    size_t n_args;
    char allow[128];
    char buf[256];
};

static struct outcome *match(const char *method, const char *path)
{
    static struct outcome o;

    memset(&o, 0, sizeof o);
    snprintf(o.buf, sizeof o.buf, "%s", path);
    o.m = http_route_match(routes, N_ROUTES, method, o.buf, &o.route, o.args, &o.n_args,
                           o.allow, sizeof o.allow);
    return &o;
}

int main(void)
{
    struct outcome *o;

    o = match("GET", "/reports");
    check(o->m == HTTP_MATCH_OK && o->route == &routes[0] && o->n_args == 0);
    o = match("POST", "/reports");
    check(o->m == HTTP_MATCH_OK && o->route == &routes[1]);

    o = match("GET", "/reports/42");
    check(o->m == HTTP_MATCH_OK && o->route == &routes[2] && o->n_args == 1);
    check_str(o->args[0], "42");
    o = match("DELETE", "/reports/42");
    check(o->m == HTTP_MATCH_OK && o->route == &routes[3]);
    o = match("GET", "/reports/7/speakers");
    check(o->m == HTTP_MATCH_OK && o->route == &routes[4]);
    check_str(o->args[0], "7");
    o = match("GET", "/a/1/b/two");
    check(o->m == HTTP_MATCH_OK && o->n_args == 2);
    check_str(o->args[0], "1");
    check_str(o->args[1], "two");
    o = match("GET", "/");
    check(o->m == HTTP_MATCH_OK && o->route == &routes[6]);

    /* HEAD is served by GET routes and listed next to GET. */
    o = match("HEAD", "/reports/1");
    check(o->m == HTTP_MATCH_OK && o->route == &routes[2]);

    /* Known path, wrong method: 405 with every method of the path, once. */
    o = match("PUT", "/reports/9");
    check(o->m == HTTP_MATCH_NO_METHOD && o->route == &routes[2]);
    check_str(o->allow, "GET, HEAD, DELETE");
    o = match("DELETE", "/reports");
    check(o->m == HTTP_MATCH_NO_METHOD);
    check_str(o->allow, "GET, HEAD, POST");

    /* Unknown paths: extra or missing segments, empty {id}, trailing slash. */
    const char *unknown[] = {"/report", "/reports/1/2", "/reports/", "/reports//speakers",
                             "/reports/1/speakers/", "//", "", "reports",
                             "/a/1/b", "/reportsx", "/x/y/z/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        o = match("GET", unknown[i]);
        if (o->m != HTTP_MATCH_NO_PATH)
            fail("\"%s\" should be unknown, got %d", unknown[i], (int)o->m);
    }

    /* The real table: every ops endpoint is routed, with no duplicates. */
    const struct http_app app = h_app(NULL);
    const char *ops[] = {"/healthz", "/readyz", "/version", "/metrics"};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        char buf[64];
        const struct http_route *r;
        const char *args[HTTP_MAX_ARGS];
        size_t n;

        snprintf(buf, sizeof buf, "%s", ops[i]);
        if (http_route_match(app.routes, app.n_routes, "GET", buf, &r, args, &n, NULL, 0) !=
            HTTP_MATCH_OK)
            fail("%s is not routed", ops[i]);
    }
    for (size_t i = 0; i < app.n_routes; i++)
        for (size_t j = i + 1; j < app.n_routes; j++)
            if (strcmp(app.routes[i].method, app.routes[j].method) == 0 &&
                strcmp(app.routes[i].pattern, app.routes[j].pattern) == 0)
                fail("route %s %s appears twice", app.routes[i].method, app.routes[i].pattern);
    return 0;
}
