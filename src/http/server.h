/* The HTTP server: libmicrohttpd with a pool of worker threads on epoll. */
#ifndef PODIUM_HTTP_SERVER_H
#define PODIUM_HTTP_SERVER_H

#include <stddef.h>

#include "podium/config.h"

struct http_server;

struct http_app;

/* Listens on cfg->listen_addr and answers with app's routes (copied; what
 * it points to, like cfg, must outlive the server). NULL on failure, with
 * one line in err. */
struct http_server *http_server_start(const struct cfg *cfg, const struct http_app *app,
                                      char *err, size_t err_size);
/* The bound port (useful when port 0 asked for an ephemeral one). */
unsigned int http_server_port(const struct http_server *srv);
/* Graceful stop: refuse new connections at once, let requests in flight
 * finish for up to grace_ms, then close everything, including every worker's
 * database connection. Frees srv. */
void http_server_stop(struct http_server *srv, unsigned int grace_ms);

#endif
