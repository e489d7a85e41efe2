/* Request metrics. Label values come only from the route table, a fixed set
 * of methods and the status, so a client cannot grow the series without
 * bound by sending odd paths or methods. */
#include "http/metrics.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "http/router.h"

#define MAX_SERIES 512
#define MAX_ROUTES 128                /* rows beyond this are counted as unmatched */

static const char *const methods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
                                      "OPTIONS", "other"};
#define N_METHODS (sizeof methods / sizeof methods[0])

static const uint64_t bucket_us[] = {100, 250, 500, 1000, 2500, 5000, 10000, 25000,
                                     50000, 100000, 250000, 500000, 1000000, 2500000,
                                     5000000, 10000000};
#define N_BUCKETS (sizeof bucket_us / sizeof bucket_us[0])

struct series {
    int route;
    unsigned int method, status;
    uint64_t count;
};

struct histogram {
    uint64_t buckets[N_BUCKETS];      /* non-cumulative; summed when written */
    uint64_t count, sum_us;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct series series[MAX_SERIES];
static size_t n_series;
static uint64_t dropped;              /* observations beyond MAX_SERIES */
/* By route (last: unmatched) and method: one series per label set. */
static struct histogram histograms[MAX_ROUTES + 1][N_METHODS];
static atomic_uint_fast64_t connections_cut;

static unsigned int method_slot(const char *method)
{
    for (unsigned int i = 0; i < N_METHODS - 1; i++)
        if (strcmp(methods[i], method) == 0)
            return i;
    return N_METHODS - 1;
}

/* The first row of the route's path: rows of one path differ only in their
 * method, which has a label of its own, so every row of a path must count
 * under one route label or the same series would be written twice. */
static int path_row(const struct http_route *routes, int route_index)
{
    for (int i = 0; i < route_index; i++)
        if (strcmp(routes[i].pattern, routes[route_index].pattern) == 0)
            return i;
    return route_index;
}

/* The rows of app that get labels of their own. */
static size_t labelled_routes(const struct http_app *app)
{
    if (app == NULL)
        return 0;
    return app->n_routes < MAX_ROUTES ? app->n_routes : MAX_ROUTES;
}

void http_metrics_observe(const struct http_app *app, int route_index, const char *method,
                          unsigned int status, uint64_t micros)
{
    unsigned int m = method_slot(method);
    size_t h, b;

    if (route_index < 0 || (size_t)route_index >= labelled_routes(app))
        route_index = -1;
    else
        route_index = path_row(app->routes, route_index);
    h = route_index < 0 ? MAX_ROUTES : (size_t)route_index;
    for (b = 0; b < N_BUCKETS && micros > bucket_us[b]; b++)
        ;
    pthread_mutex_lock(&lock);
    size_t i;
    for (i = 0; i < n_series; i++)
        if (series[i].route == route_index && series[i].method == m &&
            series[i].status == status)
            break;
    if (i == n_series && n_series < MAX_SERIES)
        series[n_series++] = (struct series){route_index, m, status, 0};
    if (i < n_series)
        series[i].count++;
    else
        dropped++;
    if (b < N_BUCKETS)
        histograms[h][m].buckets[b]++;
    histograms[h][m].count++;
    histograms[h][m].sum_us += micros;
    pthread_mutex_unlock(&lock);
}

static const char *route_label(const struct http_app *app, size_t h)
{
    return h < labelled_routes(app) ? app->routes[h].pattern : "unmatched";
}

void http_metrics_connection_cut(void)
{
    atomic_fetch_add(&connections_cut, 1);
}

void http_metrics_write(FILE *f, const struct http_app *app)
{
    size_t n_routes = labelled_routes(app);

    pthread_mutex_lock(&lock);
    fputs("# HELP podium_http_requests_total HTTP requests by route template, method and status.\n"
          "# TYPE podium_http_requests_total counter\n", f);
    for (size_t i = 0; i < n_series; i++)
        fprintf(f, "podium_http_requests_total{route=\"%s\",method=\"%s\",status=\"%u\"} %llu\n",
                route_label(app, series[i].route < 0 ? MAX_ROUTES : (size_t)series[i].route),
                methods[series[i].method], series[i].status,
                (unsigned long long)series[i].count);
    fputs("# HELP podium_http_requests_unlabelled_total Requests beyond the series limit.\n"
          "# TYPE podium_http_requests_unlabelled_total counter\n", f);
    fprintf(f, "podium_http_requests_unlabelled_total %llu\n", (unsigned long long)dropped);

    fputs("# HELP podium_http_connections_cut_total Connections closed because a request or"
          " its answer took longer than PODIUM_CONN_TIMEOUT.\n"
          "# TYPE podium_http_connections_cut_total counter\n", f);
    fprintf(f, "podium_http_connections_cut_total %llu\n",
            (unsigned long long)atomic_load(&connections_cut));

    fputs("# HELP podium_http_request_duration_seconds Time from request start to completion, by route template and method.\n"
          "# TYPE podium_http_request_duration_seconds histogram\n", f);
    for (size_t h = 0; h <= MAX_ROUTES; h++) {
        if (h < MAX_ROUTES && h >= n_routes)
            continue;
        for (size_t m = 0; m < N_METHODS; m++) {
            const struct histogram *hist = &histograms[h][m];
            uint64_t cumulative = 0;

            if (hist->count == 0)
                continue;
            for (size_t b = 0; b < N_BUCKETS; b++) {
                cumulative += hist->buckets[b];
                fprintf(f, "podium_http_request_duration_seconds_bucket{route=\"%s\",method=\"%s\","
                        "le=\"%g\"} %llu\n", route_label(app, h), methods[m],
                        (double)bucket_us[b] / 1e6, (unsigned long long)cumulative);
            }
            fprintf(f, "podium_http_request_duration_seconds_bucket{route=\"%s\",method=\"%s\","
                    "le=\"+Inf\"} %llu\n", route_label(app, h), methods[m],
                    (unsigned long long)hist->count);
            fprintf(f, "podium_http_request_duration_seconds_sum{route=\"%s\",method=\"%s\"} %.6f\n",
                    route_label(app, h), methods[m], (double)hist->sum_us / 1e6);
            fprintf(f, "podium_http_request_duration_seconds_count{route=\"%s\",method=\"%s\"} %llu\n",
                    route_label(app, h), methods[m], (unsigned long long)hist->count);
        }
    }
    pthread_mutex_unlock(&lock);
}
