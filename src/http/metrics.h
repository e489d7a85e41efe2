/* Request counters and latency histograms for /metrics. */
#ifndef PODIUM_HTTP_METRICS_H
#define PODIUM_HTTP_METRICS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct http_app;

/* route_index: row of app's routes, or -1 when no route matched. */
void http_metrics_observe(const struct http_app *app, int route_index, const char *method,
                          unsigned int status, uint64_t micros);
/* Counts a connection closed for taking longer than PODIUM_CONN_TIMEOUT. */
void http_metrics_connection_cut(void);
/* Writes the HTTP metrics in Prometheus text format (0.0.4), routes
 * labelled by the patterns of app, the one they were observed with. */
void http_metrics_write(FILE *f, const struct http_app *app);

#endif
