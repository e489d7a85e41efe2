/* HTTP layer seen from handlers: one request in, one reply out.
 *
 * The router (router.c) does the shared work before a handler runs: path
 * matching with {id} arguments, 404 vs 405 + Allow, body limit (413), bearer
 * token for POST/DELETE when PODIUM_API_TOKEN is set, CORS, request id, and
 * 503 when a route needs the database and the worker has no connection.
 * Handlers never see libmicrohttpd or libpq types. */
#ifndef PODIUM_HTTP_H
#define PODIUM_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

#include "podium/config.h"
#include "podium/error.h"
#include "store/store.h"

struct http_source;
struct http_app;

#define HTTP_MAX_ARGS 4
#define HTTP_MAX_HEADERS 16
#define HTTP_REQUEST_ID_SIZE 65     /* up to 64 characters + NUL */

struct http_request {
    const char *method;             /* "GET", "POST", ... (HEAD is routed as GET) */
    const char *path;               /* percent-decoded path, no query string */
    const char *route;              /* matched route template, e.g. "/reports/{id}" */
    const char *args[HTTP_MAX_ARGS];/* {id} segments in pattern order, NUL-terminated */
    size_t n_args;
    const char *body;               /* NUL-terminated (the NUL is not counted) or NULL */
    size_t body_len;
    char id[HTTP_REQUEST_ID_SIZE];  /* X-Request-Id: echoed when sane, else minted */
    struct store *st;               /* this worker thread's connection; never shared */
    const struct cfg *cfg;
    const struct http_app *app;     /* routes and the application's state (router.h) */
    const struct http_source *source;   /* where headers and the query string come from */
    void *source_cls;
};

struct http_header {
    const char *name;               /* static string */
    char *value;                    /* owned by the reply */
};

/* A body made while it is sent, so its size never has to fit in memory.
 * read fills buf with up to max bytes and returns how many, 0 at the end,
 * -1 on failure (the connection is then cut: a client sees a body without
 * its end, never a complete-looking one). It runs on the worker thread
 * that ran the handler, between that thread's other requests, so it may
 * use the request's connection (rq->st) for statements but must hold no
 * transaction open across calls. free releases cls, once, sent or not. */
struct http_stream {
    ssize_t (*read)(void *cls, char *buf, size_t max);
    void (*free)(void *cls);
    void *cls;
};

/* Exactly one of json/raw/stream is set, or neither for an empty body (204, 304).
 * Everything in here is owned by the reply and freed by http_reply_clear(). */
struct http_reply {
    unsigned int status;
    json_t *json;                   /* sent with ENC_DUMP_FLAGS */
    char *raw;                      /* malloc'd */
    size_t raw_len;
    const char *content_type;       /* static; default application/json; charset=utf-8 */
    struct http_stream stream;      /* read == NULL: none */
    struct http_header headers[HTTP_MAX_HEADERS];
    size_t n_headers;
};

typedef void (*http_handler_fn)(const struct http_request *rq, struct http_reply *out);

/* ---- request access (borrowed strings, valid during the handler call) ---- */

/* Value of a query parameter, NULL when absent ("" for "?a" or "?a="). */
const char *http_query(const struct http_request *rq, const char *key);
/* Calls fn for every query parameter in order; stops and returns false as
 * soon as fn returns false (used to reject unknown parameters). */
typedef bool (*http_query_fn)(void *cls, const char *key, const char *value);
bool http_query_each(const struct http_request *rq, http_query_fn fn, void *cls);
/* Value of a request header (case-insensitive name), NULL when absent. */
const char *http_header(const struct http_request *rq, const char *name);

/* The functions above read through this table: libmicrohttpd's connection
 * in the server (server.c), plain data in the fuzz targets, so everything
 * from the router down runs without a socket. cls is rq->source_cls. */
struct http_source {
    const char *(*header)(void *cls, const char *name);
    const char *(*query)(void *cls, const char *key);
    bool (*query_each)(void *cls, http_query_fn fn, void *fn_cls);
};

/* ---- building the reply ---- */

/* Takes ownership of body (NULL allowed: then a 500 problem is sent, since
 * a NULL from json_pack means out of memory or invalid UTF-8). */
void http_reply_json_steal(struct http_reply *out, unsigned int status, json_t *body);
/* Takes ownership of a malloc'd body of len bytes. */
void http_reply_raw_steal(struct http_reply *out, unsigned int status,
                          const char *content_type, char *body, size_t len);
/* Answers with a streamed body (see struct http_stream), taking it over. */
void http_reply_stream(struct http_reply *out, unsigned int status, const char *content_type,
                       struct http_stream stream);
/* Adds a header; the value is formatted and copied. False when full or OOM. */
bool http_reply_header(struct http_reply *out, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The value of a header already in the reply (case-insensitive name), or
 * NULL. */
const char *http_reply_header_get(const struct http_reply *out, const char *name);
/* Replaces the value of a header already in the reply, or adds it. */
bool http_reply_header_set(struct http_reply *out, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Adds field to the reply's Vary header (made when there is none). */
void http_reply_vary(struct http_reply *out, const char *field);
/* Frees what the reply owns and zeroes it; safe to call twice. */
void http_reply_clear(struct http_reply *out);

/* RFC 9457 problem: {type:"/problems/<slug>", title, status, detail, code,
 * request_id}. fmt may be NULL (no detail). Replaces anything already in out
 * except headers. */
void http_problem(struct http_reply *out, enum podium_err e, const char *request_id,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Appends {field, detail} to the problem's "errors" array (invalid input). */
void http_problem_add_error(struct http_reply *out, const char *field, const char *detail);
/* A failed store outcome as a problem: 503 for a lost or busy database
 * (worth retrying), 500 for any other failure. */
void http_store_problem(const struct http_request *rq, struct http_reply *out, enum store_qs qs);

/* ---- transfer: how a reply goes on the wire (transfer.c) ---- */

/* How long caches may keep an answer. Writes, problems and anything a
 * handler gives no policy get no-store. */
#define HTTP_CACHE_NONE "no-store"
/* Lists and other answers that change with the data: kept, but asked
 * again with the ETag before every use (a 304 costs the query, not the
 * transfer). Not a few seconds of freshness: the web page, like any
 * client, lists right after it posts or deletes, and must see its write. */
#define HTTP_CACHE_REVALIDATE "no-cache"
/* A stored report's body never changes until it is deleted; a day bounds
 * how long a cache that saw it keeps it after a DELETE it did not see. */
#define HTTP_CACHE_IMMUTABLE "max-age=86400, immutable"

/* A strong entity tag naming body[0..len): quoted, 16 hex digits. Made
 * here, beside the If-None-Match comparison that reads it. */
#define HTTP_ETAG_SIZE 24
void http_etag_of(const char *body, size_t len, char tag[HTTP_ETAG_SIZE]);

/* True for the query parameters every route accepts because the transfer
 * layer answers them rather than the handler ("pretty"). */
bool http_transfer_param(const char *key);
/* Checks those parameters; a bad value answers 400 naming the parameter
 * and returns false. */
bool http_transfer_params_valid(const struct http_request *rq, struct http_reply *out);

/* The answer as it goes on the wire. */
struct http_wire {
    unsigned int status;
    char *body;                     /* malloc'd, or NULL */
    size_t len;                     /* bytes of body */
    bool send_body;                 /* false for 304: no body, no length */
};

/* Encodes the reply for this request: JSON ends with a newline and is
 * indented for ?pretty; Cache-Control on every answer; the ETag of the
 * representation actually sent, and 304 when If-None-Match names it; gzip
 * when the client accepts it and the body is worth compressing, with
 * Vary. The reply keeps its headers (adjusted) and gives up its body. */
void http_transfer_prepare(const struct http_request *rq, struct http_reply *out,
                           struct http_wire *wire);

/* True from the moment graceful shutdown starts. */
bool http_shutting_down(void);

#endif
