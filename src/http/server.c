/* libmicrohttpd glue. MHD calls the access handler several times per
 * request (headers, each body chunk, the final call); per-request state is
 * created on the first call and freed only in the completion callback. */
#include "http/server.h"

#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "bytebuf.h"
#include "http/deadline.h"
#include "http/http.h"
#include "http/metrics.h"
#include "http/router.h"
#include "podium/enc.h"
#include "podium/log.h"
#include "store/store.h"

/* After a body passed the limit, how much more we read and discard before
 * the 413 can be sent; a client sending more loses the connection instead. */
#define DRAIN_LIMIT ((size_t)8 << 20)
/* Our own limits on the request target and the headers, below where
 * libmicrohttpd's 32 KiB connection memory makes it answer 414 or 431
 * itself, in HTML: between the two the client gets a problem document. */
#define TARGET_MAX ((size_t)8 << 10)
#define HEADERS_MAX ((size_t)16 << 10)
/* A write answers with its WAL position in this header; a read that sends
 * it back is answered from data at least that new (README, read replicas). */
#define LSN_HEADER "Podium-LSN"
/* How long a read carrying Podium-LSN waits for the replica to replay that
 * far before the primary answers it: a replica on a LAN replays in
 * milliseconds, and one further behind is better skipped than waited for. */
#define READ_YOUR_WRITE_WAIT_MS 100u

struct http_server {
    struct MHD_Daemon *daemon;
    const struct cfg *cfg;
    struct http_app app;
    pthread_key_t store_key;
    pthread_key_t read_store_key;    /* DATABASE_READ_URL's connections */
    atomic_int in_flight;
    struct http_deadlines *deadlines;
    uint64_t id_seed;                /* random per process: ids of instances differ */
    atomic_uint_fast64_t id_count;
};

/* What belongs to one TCP connection rather than one request: libmicrohttpd's
 * socket context. */
#define PARAM_NAME_MAX 64

struct http_socket {
    struct http_deadline *deadline;
    bool path_escape_refused;       /* the last string unescaped held %2F or %00 */
    char bad_escape[PARAM_NAME_MAX + 1];   /* the request's parameter with a malformed %, or "" */
};

struct http_conn {
    struct http_request rq;
    struct http_server *srv;
    struct MHD_Connection *mhd;
    struct http_deadline *deadline; /* the connection's, shared by its requests */
    bool path_escape_refused;       /* the path held %2F or %00: it names no resource */
    char bad_escape[PARAM_NAME_MAX + 1];   /* a query parameter whose % is not followed by two hex digits */
    struct timespec started;
    char *method;                    /* rq.method: MHD's copy lives in its connection pool */
    char *path;                      /* rq.path */
    char *path_buf;                  /* split by the router; rq.args point here */
    char *body;
    size_t body_len, body_cap, drained;
    bool too_large, answered;
    /* A line route (struct http_lines): body holds the line being read. */
    const struct http_lines *lines;
    void *lines_state;
    size_t lines_read;              /* bytes of the body so far */
    bool line_too_long;             /* the current line passed max_body */
    unsigned int status;
    size_t bytes;
    int route_index;
};

static atomic_bool shutting_down;

bool http_shutting_down(void)
{
    return atomic_load(&shutting_down);
}

/* ---- request access for handlers: the libmicrohttpd source ---- */

static const char *mhd_header(void *cls, const char *name)
{
    struct http_conn *c = cls;

    return MHD_lookup_connection_value(c->mhd, MHD_HEADER_KIND, name);
}

static const char *mhd_query(void *cls, const char *key)
{
    struct http_conn *c = cls;
    const char *value = NULL;
    size_t value_len = 0;

    if (MHD_lookup_connection_value_n(c->mhd, MHD_GET_ARGUMENT_KIND, key, strlen(key),
                                      &value, &value_len) != MHD_YES)
        return NULL;
    return value ? value : "";       /* "?key" without '=' */
}

struct query_walk {
    http_query_fn fn;
    void *cls;
    bool stopped;
};

static enum MHD_Result query_step(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    struct query_walk *w = cls;

    if (w->fn(w->cls, key, value ? value : ""))
        return MHD_YES;
    w->stopped = true;
    return MHD_NO;
}

static bool mhd_query_each(void *cls, http_query_fn fn, void *fn_cls)
{
    struct http_conn *c = cls;
    struct query_walk w = {fn, fn_cls, false};

    MHD_get_connection_values(c->mhd, MHD_GET_ARGUMENT_KIND, query_step, &w);
    return !w.stopped;
}

static const struct http_source mhd_source = {mhd_header, mhd_query, mhd_query_each};

struct bad_query {
    const char *name;               /* the parameter, or NULL */
    bool nul;                       /* a %00 rather than invalid UTF-8 */
};

static enum MHD_Result find_bad(void *cls, enum MHD_ValueKind kind, const char *key,
                                size_t key_size, const char *value, size_t value_size)
{
    struct bad_query *bad = cls;

    (void)kind;
    if (strlen(key) != key_size || (value != NULL && strlen(value) != value_size))
        bad->nul = true;
    else if (!enc_utf8_valid(key, key_size) || (value != NULL && !enc_utf8_valid(value, value_size)))
        bad->nul = false;
    else
        return MHD_YES;
    bad->name = key;
    return MHD_NO;
}

/* Finds a query parameter holding a %00 or bytes that are not UTF-8.
 * Handlers see C strings, which would end at the NUL and read as something
 * else; the database refuses text that is not UTF-8. */
static struct bad_query query_bad(struct http_conn *c)
{
    struct bad_query bad = {NULL, false};

    MHD_get_connection_values_n(c->mhd, MHD_GET_ARGUMENT_KIND, find_bad, &bad);
    return bad;
}

/* ---- per-request state ---- */

static bool request_id_sane(const char *id)
{
    size_t n = 0;

    if (id == NULL)
        return false;
    for (; id[n] != '\0'; n++) {
        char ch = id[n];

        if (n >= HTTP_REQUEST_ID_SIZE - 1)
            return false;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '-' || ch == '_' || ch == '.' || ch == ':'))
            return false;
    }
    return n > 0;
}

/* A process-wide random seed read once at start and a counter, mixed by
 * splitmix64's finaliser, a bijection: ids never repeat within a process
 * and look random across instances, without a getrandom() system call on
 * every request. */
static void mint_request_id(struct http_server *srv, char out[HTTP_REQUEST_ID_SIZE])
{
    uint64_t z = srv->id_seed + 0x9e3779b97f4a7c15ULL * (atomic_fetch_add(&srv->id_count, 1) + 1);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    snprintf(out, HTTP_REQUEST_ID_SIZE, "%016llx", (unsigned long long)z);
}

static void conn_free(struct http_conn *c)
{
    if (c == NULL)
        return;
    if (c->lines_state != NULL)
        c->lines->free(c->lines_state);
    free(c->method);
    free(c->path);
    free(c->path_buf);
    free(c->body);
    free(c);
}

static struct store *worker_store(struct http_server *srv, pthread_key_t key, const char *url)
{
    struct store *st = pthread_getspecific(key);

    if (st == NULL) {
        st = store_open(url);
        if (st != NULL)
            store_set_statement_timeout(st, srv->cfg->db_timeout_s);
        if (st != NULL && pthread_setspecific(key, st) != 0) {
            store_close(st);
            st = NULL;
        }
    }
    return st;
}

static void worker_store_destroy(void *st)
{
    store_close(st);
}

/* The content of a 304, which libmicrohttpd never reads: see send_reply. */
static ssize_t no_content(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)cls, (void)pos, (void)buf, (void)max;
    return MHD_CONTENT_READER_END_WITH_ERROR;
}

/* How much of a streamed body libmicrohttpd asks for at once. */
#define STREAM_BLOCK ((size_t)64 << 10)

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    struct http_stream *s = cls;
    ssize_t n = s->read(s->cls, buf, max);

    (void)pos;
    return n > 0 ? n : n == 0 ? MHD_CONTENT_READER_END_OF_STREAM
                              : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void stream_free(void *cls)
{
    struct http_stream *s = cls;

    if (s->free != NULL)
        s->free(s->cls);
    free(s);
}

/* The reply's stream as a libmicrohttpd response, which takes it over. */
static struct MHD_Response *stream_response(struct http_reply *out)
{
    struct http_stream *s = malloc(sizeof *s);
    struct MHD_Response *resp;

    if (s == NULL)
        return NULL;
    *s = out->stream;
    memset(&out->stream, 0, sizeof out->stream);
    resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK, stream_read, s,
                                             stream_free);
    if (resp == NULL)
        stream_free(s);
    return resp;
}

/* GET, HEAD and OPTIONS change nothing, so a replica may answer them. */
static bool reads_only(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0 ||
           strcmp(method, "OPTIONS") == 0;
}

/* The replica's connection when it may answer this request: it is up, and
 * it has replayed the write whose LSN the client sent back (waiting for
 * that a little). Otherwise NULL, and the primary answers: a replica that
 * is down or behind costs time, never an error. */
static struct store *replica_for(struct http_server *srv, struct http_conn *c, const char *lsn)
{
    struct store *rd;

    if (srv->cfg->database_read_url == NULL || !reads_only(c->rq.method))
        return NULL;
    rd = worker_store(srv, srv->read_store_key, srv->cfg->database_read_url);
    if (rd == NULL || !store_connected(rd))
        return NULL;
    if (lsn != NULL && !store_wait_replayed(rd, lsn, READ_YOUR_WRITE_WAIT_MS))
        return NULL;
    return rd;
}

/* With replicas, a write's answer tells where its commit is in the WAL, so
 * that the client's next read can ask for at least that (replica_for). */
static void add_write_lsn(struct http_server *srv, struct http_conn *c, struct http_reply *out)
{
    char lsn[STORE_LSN_SIZE];

    if (srv->cfg->database_read_url == NULL || reads_only(c->rq.method) || out->status >= 300)
        return;
    if (store_wal_insert_lsn(c->rq.st, lsn))
        http_reply_header(out, LSN_HEADER, "%s", lsn);
    else
        log_warn("no WAL position for %s: %s", LSN_HEADER, store_error_message(c->rq.st));
}

/* Queues the reply and releases what it owned. */
static enum MHD_Result send_reply(struct http_conn *c, struct http_reply *out)
{
    struct MHD_Response *resp;
    enum MHD_Result ok;
    struct http_wire wire;
    bool streamed = out->stream.read != NULL;

    /* a streamed body passes through untouched: no tag, no gzip, no 304,
     * but the caching headers of every answer */
    http_transfer_prepare(&c->rq, out, &wire);
    /* libmicrohttpd 0.9.75 frames a 304 like a body: from a buffer it
     * writes Content-Length, "0" for an empty one, which RFC 9110 (8.6)
     * forbids unless the 200 is empty too, and the 200's length, which
     * the RFC allows, leaves clients built on older HTTP parsers (wrk,
     * older Node.js) waiting for a body that never comes; from a size it
     * does not know, chunked framing and a last chunk no client expects.
     * A response of unknown size that may not be chunked has neither: the
     * connection closes after it, the cost of one reconnect per 304. */
    if (streamed) {
        resp = stream_response(out);
    } else if (wire.send_body) {
        resp = MHD_create_response_from_buffer(wire.len, wire.body,
                                               wire.body ? MHD_RESPMEM_MUST_FREE
                                                         : MHD_RESPMEM_PERSISTENT);
    } else {
        resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024, no_content, NULL, NULL);
        if (resp != NULL &&
            MHD_set_response_options(resp, MHD_RF_HTTP_1_0_COMPATIBLE_STRICT, MHD_RO_END) != MHD_YES) {
            MHD_destroy_response(resp);
            resp = NULL;
        }
    }
    if (resp == NULL) {
        free(wire.body);
        http_reply_clear(out);
        return MHD_NO;
    }
    if (out->content_type != NULL && wire.status != 204 && wire.status != 304)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, out->content_type);
    MHD_add_response_header(resp, "X-Request-Id", c->rq.id);
    for (size_t i = 0; i < out->n_headers; i++)
        MHD_add_response_header(resp, out->headers[i].name, out->headers[i].value);
    /* While shutting down, keep-alive would only hold the door open. */
    if (http_shutting_down())
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    ok = MHD_queue_response(c->mhd, wire.status, resp);
    MHD_destroy_response(resp);
    if (ok == MHD_YES) {
        /* The answer must leave in time too; a streamed one takes as long
         * as its data, so only libmicrohttpd's inactivity timeout holds. */
        http_deadline_arm(c->deadline, !streamed);
        c->answered = true;
        c->status = wire.status;
        c->bytes = wire.send_body ? wire.len : 0;
    }
    http_reply_clear(out);
    return ok;
}

static enum MHD_Result refuse_too_large(struct http_conn *c)
{
    struct http_reply out = {0};

    http_cors_headers(&c->rq, &out);
    http_problem(&out, PODIUM_E_BODY_TOO_LARGE, c->rq.id, "the body exceeds %zu bytes",
                 c->lines != NULL ? HTTP_LINES_BODY_MAX : c->rq.cfg->max_body);
    return send_reply(c, &out);
}

/* Answers before the body is read; libmicrohttpd then closes the
 * connection, which is what a request of doubtful framing deserves. */
static enum MHD_Result refuse_early(struct http_conn *c, enum podium_err e, const char *detail)
{
    struct http_reply out = {0};

    http_cors_headers(&c->rq, &out);
    http_problem(&out, e, c->rq.id, "%s", detail);
    return send_reply(c, &out);
}

struct header_walk {
    const char *length;             /* the first Content-Length */
    bool lengths_differ;
    size_t bytes;                   /* names and values, as on the wire */
};

static enum MHD_Result walk_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    struct header_walk *w = cls;

    (void)kind;
    value = value != NULL ? value : "";
    w->bytes += strlen(key) + strlen(value) + 4;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
        if (w->length == NULL)
            w->length = value;
        else if (strcmp(w->length, value) != 0)
            w->lengths_differ = true;
    }
    return MHD_YES;
}

static enum MHD_Result add_target_bytes(void *cls, enum MHD_ValueKind kind, const char *key,
                                        const char *value)
{
    size_t *bytes = cls;

    (void)kind;
    *bytes += strlen(key) + (value != NULL ? strlen(value) + 1 : 0) + 1;
    return MHD_YES;
}

/* The line route method and url name, if any; nothing else of the request
 * is checked here (http_dispatch_check does that in lines_begin). */
static const struct http_lines *lines_route(const struct http_app *app, const char *method,
                                            const char *url)
{
    for (size_t i = 0; i < app->n_line_routes; i++)
        if (strcmp(app->line_routes[i].method, method) == 0 &&
            strcmp(app->line_routes[i].path, url) == 0)
            return app->line_routes[i].lines;
    return NULL;
}

/* The checks every request gets, then the route's begin; a refusal is
 * answered before the body is read. */
static enum MHD_Result lines_begin(struct http_conn *c)
{
    struct http_reply out = {0};

    c->rq.st = worker_store(c->srv, c->srv->store_key, c->srv->cfg->database_url);
    if (c->path_escape_refused || query_bad(c).name != NULL ||
        http_dispatch_check(&c->rq, c->path_buf, &out, &c->route_index) == NULL ||
        (c->lines_state = c->lines->begin(&c->rq, &out)) == NULL) {
        if (out.status == 0)
            http_problem(&out, PODIUM_E_BAD_REQUEST, c->rq.id,
                         "the path or a query parameter holds %%2F, %%00 or bytes that are not UTF-8");
        return send_reply(c, &out);
    }
    return MHD_YES;
}

static bool body_append(struct http_conn *c, const char *data, size_t size);

/* Hands each complete line of the chunk to the route, keeping the part of
 * a line still arriving in c->body (at most max_body bytes of it). */
static void lines_feed(struct http_conn *c, const char *data, size_t size)
{
    while (size > 0) {
        const char *nl = memchr(data, '\n', size);
        size_t part = nl != NULL ? (size_t)(nl - data) : size;

        if (!c->line_too_long && !body_append(c, data, part)) {
            size_t room = c->rq.cfg->max_body - c->body_len;

            body_append(c, data, part < room ? part : room);
            c->line_too_long = true;
        }
        if (nl == NULL)
            return;
        c->lines->line(c->lines_state, &c->rq, c->body != NULL ? c->body : "", c->body_len,
                       c->line_too_long);
        c->body_len = 0;
        c->line_too_long = false;
        /* A line done is progress: the client gets the connection's time
         * again for the next one, however long the whole body is. */
        http_deadline_arm(c->deadline, true);
        data += part + 1;
        size -= part + 1;
    }
}

static enum MHD_Result request_begin(struct http_server *srv, struct MHD_Connection *mhd,
                                     const char *url, const char *method, void **req_cls)
{
    struct http_conn *c = calloc(1, sizeof *c);
    const union MHD_ConnectionInfo *info;
    struct header_walk headers = {NULL, false, 0};
    size_t target = strlen(url);
    const char *id;

    if (c == NULL)
        return MHD_NO;
    clock_gettime(CLOCK_MONOTONIC, &c->started);
    c->srv = srv;
    c->mhd = mhd;
    c->route_index = -1;
    c->method = strdup(method);
    c->path = strdup(url);
    c->path_buf = strdup(url);
    if (c->method == NULL || c->path == NULL || c->path_buf == NULL) {
        conn_free(c);
        return MHD_NO;
    }
    c->rq.method = c->method;
    c->rq.path = c->path;
    c->rq.cfg = srv->cfg;
    c->rq.app = &srv->app;
    c->rq.source = &mhd_source;
    c->rq.source_cls = c;
    info = MHD_get_connection_info(mhd, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    if (info != NULL && info->socket_context != NULL) {
        struct http_socket *sock = info->socket_context;

        c->deadline = sock->deadline;
        c->path_escape_refused = sock->path_escape_refused;
        memcpy(c->bad_escape, sock->bad_escape, sizeof c->bad_escape);
    }
    id = MHD_lookup_connection_value(mhd, MHD_HEADER_KIND, "X-Request-Id");
    if (request_id_sane(id))
        snprintf(c->rq.id, sizeof c->rq.id, "%s", id);
    else
        mint_request_id(srv, c->rq.id);
    *req_cls = c;
    atomic_fetch_add(&srv->in_flight, 1);

    MHD_get_connection_values(mhd, MHD_HEADER_KIND, walk_header, &headers);
    MHD_get_connection_values(mhd, MHD_GET_ARGUMENT_KIND, add_target_bytes, &target);
    /* libmicrohttpd reads the body by the first of two Content-Lengths;
     * a proxy in front may have used the other (RFC 9112, 6.3). */
    if (headers.lengths_differ)
        return refuse_early(c, PODIUM_E_BAD_REQUEST, "two different Content-Length headers");
    if (target > TARGET_MAX)
        return refuse_early(c, PODIUM_E_URI_TOO_LONG, "the path and query exceed 8192 bytes");
    if (headers.bytes > HEADERS_MAX)
        return refuse_early(c, PODIUM_E_HEADERS_TOO_LARGE, "the headers exceed 16384 bytes");
    c->lines = lines_route(&srv->app, method, url);
    /* Refuse an announced oversize body before reading any of it. MHD has
     * already rejected a Content-Length that is not a number. */
    if (headers.length != NULL) {
        unsigned long long n;

        if (!cfg_parse_size(headers.length, 0, ~0ULL, &n) ||
            n > (c->lines != NULL ? HTTP_LINES_BODY_MAX : srv->cfg->max_body)) {
            c->too_large = true;
            return refuse_too_large(c);
        }
    }
    return c->lines != NULL ? lines_begin(c) : MHD_YES;
}

/* Keeps up to max_body bytes; false once the body is larger. */
static bool body_append(struct http_conn *c, const char *data, size_t size)
{
    return bytebuf_append(&c->body, &c->body_len, &c->body_cap, data, size,
                          c->rq.cfg->max_body + 1);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mhd, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **req_cls)
{
    struct http_server *srv = cls;
    struct http_conn *c = *req_cls;
    struct http_reply out = {0};
    struct bad_query bad;
    struct store *primary, *replica;
    const char *lsn;

    if (c == NULL)
        return request_begin(srv, mhd, url, method, req_cls);
    if (*upload_size != 0) {
        size_t size = *upload_size;

        *upload_size = 0;
        if (c->too_large || c->answered) {
            c->drained += size;
            return c->drained > DRAIN_LIMIT ? MHD_NO : MHD_YES;
        }
        if (c->lines_state != NULL) {
            c->lines_read += size;
            if (c->lines_read <= HTTP_LINES_BODY_MAX) {
                lines_feed(c, upload, size);
                return MHD_YES;
            }
            c->too_large = true;
            c->drained = size;
            return MHD_YES;
        }
        /* libmicrohttpd 0.9.75 refuses to queue a response while a body is
         * still arriving, so past the limit we stop keeping bytes, discard
         * up to DRAIN_LIMIT more and answer 413 on the final call. */
        if (!body_append(c, upload, size)) {
            c->too_large = true;
            c->drained = size;
        }
        return MHD_YES;
    }
    if (c->answered)
        return MHD_YES;
    /* The whole request is in: what follows is our time, not the client's. */
    http_deadline_arm(c->deadline, false);
    if (c->too_large)
        return refuse_too_large(c);
    if (c->lines_state != NULL) {
        if (c->body_len > 0 || c->line_too_long)     /* a last line without its line end */
            c->lines->line(c->lines_state, &c->rq, c->body, c->body_len, c->line_too_long);
        c->lines->finish(c->lines_state, &c->rq, &out);
        return send_reply(c, &out);
    }
    c->rq.body = c->body;
    c->rq.body_len = c->body_len;
    /* "/reports%2F1" must not be "/reports/1", nor "/healthz%00x" "/healthz"
     * (the decoded NUL ends the string): the same resource under a second
     * name, and a way around anything that matches paths. */
    if (c->path_escape_refused) {
        http_cors_headers(&c->rq, &out);
        http_problem(&out, PODIUM_E_NOT_FOUND, c->rq.id,
                     "no resource at this path: it holds an escaped / or NUL");
        return send_reply(c, &out);
    }
    if (c->bad_escape[0] != '\0') {
        http_cors_headers(&c->rq, &out);
        http_problem(&out, PODIUM_E_BAD_PARAM, c->rq.id,
                     "query parameter \"%s\" has a %% not followed by two hex digits", c->bad_escape);
        http_problem_add_error(&out, c->bad_escape, "malformed percent-encoding");
        return send_reply(c, &out);
    }
    bad = query_bad(c);
    if (bad.name != NULL) {
        http_cors_headers(&c->rq, &out);
        http_problem(&out, PODIUM_E_BAD_PARAM, c->rq.id, bad.nul
                     ? "a query parameter holds a NUL byte"
                     : "a query parameter is not valid UTF-8");
        http_problem_add_error(&out, enc_utf8_valid(bad.name, strlen(bad.name)) ? bad.name
                                                                             : "(query)",
                               bad.nul ? "must not contain %00" : "must be valid UTF-8");
        return send_reply(c, &out);
    }
    lsn = http_header(&c->rq, LSN_HEADER);
    if (lsn != NULL && !store_lsn_valid(lsn)) {
        http_cors_headers(&c->rq, &out);
        http_problem(&out, PODIUM_E_BAD_REQUEST, c->rq.id,
                     "%s must be a WAL position as a write answered it, like 0/16B3748",
                     LSN_HEADER);
        return send_reply(c, &out);
    }
    primary = worker_store(srv, srv->store_key, srv->cfg->database_url);
    replica = replica_for(srv, c, lsn);
    c->rq.st = replica ? replica : primary;
    http_dispatch(&c->rq, c->path_buf, &out, &c->route_index);
    /* The replica went away during the request: a read may run again. */
    if (replica != NULL && out.status == MHD_HTTP_SERVICE_UNAVAILABLE && !store_connected(replica)) {
        log_info("replica lost during %s %s: reading from the primary", c->rq.method, c->rq.path);
        http_reply_clear(&out);
        strcpy(c->path_buf, c->path);
        c->rq.st = primary;
        http_dispatch(&c->rq, c->path_buf, &out, &c->route_index);
    }
    add_write_lsn(srv, c, &out);
    return send_reply(c, &out);
}

static void on_completed(void *cls, struct MHD_Connection *mhd, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct http_server *srv = cls;
    struct http_conn *c = *req_cls;
    struct timespec now;
    uint64_t micros;

    if (c == NULL)
        return;
    clock_gettime(CLOCK_MONOTONIC, &now);
    micros = (uint64_t)(now.tv_sec - c->started.tv_sec) * 1000000u +
             (uint64_t)((now.tv_nsec - c->started.tv_nsec) / 1000);
    log_access(c->rq.method, c->rq.path, c->status, c->bytes, (unsigned long long)micros,
               c->rq.id);
    if (c->answered)
        http_metrics_observe(&srv->app, c->route_index, c->rq.method, c->status, micros);
    /* A kept-alive connection has as long for its next request. */
    http_deadline_arm(c->deadline, true);
    conn_free(c);
    *req_cls = NULL;
    atomic_fetch_sub(&srv->in_flight, 1);
}

static void on_connection(void *cls, struct MHD_Connection *mhd, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct http_server *srv = cls;
    const union MHD_ConnectionInfo *info;

    struct http_socket *sock = *socket_context;

    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        /* Out of memory: the connection works without a deadline and
         * without the %2F check, as libmicrohttpd alone would. */
        if ((sock = calloc(1, sizeof *sock)) != NULL) {
            info = MHD_get_connection_info(mhd, MHD_CONNECTION_INFO_CONNECTION_FD);
            if (info != NULL)
                sock->deadline = http_deadline_add(srv->deadlines, info->connect_fd);
        }
        *socket_context = sock;
    } else if (sock != NULL) {
        /* libmicrohttpd closes the socket only after this call. */
        http_deadline_remove(srv->deadlines, sock->deadline);
        free(sock);
        *socket_context = NULL;
    }
}

static bool hex_digit(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

/* The name of the first query parameter of uri whose key or value holds a
 * '%' not followed by two hex digits, into name ("" when none): such a
 * '%' reaches handlers as itself, so "q=50%" and "q=50%25" would look the
 * same. Names that are not plain visible ASCII are given as "(query)". */
static void find_bad_escape(const char *uri, char name[PARAM_NAME_MAX + 1])
{
    const char *p = strchr(uri, '?');

    name[0] = '\0';
    while (p != NULL && *p != '\0') {
        const char *param = ++p;
        size_t len = strcspn(param, "&"), key_len = strcspn(param, "=&");

        for (size_t i = 0; i < len; i++) {
            if (param[i] != '%' || (i + 2 < len && hex_digit(param[i + 1]) && hex_digit(param[i + 2])))
                continue;
            snprintf(name, PARAM_NAME_MAX + 1, "%.*s", (int)key_len, param);
            for (size_t k = 0; name[k] != '\0'; k++)
                if (name[k] <= ' ' || name[k] > '~' || name[k] == '%' || name[k] == '"' ||
                    name[k] == '\\') {
                    snprintf(name, PARAM_NAME_MAX + 1, "%s", "(query)");
                    break;
                }
            if (name[0] == '\0')
                snprintf(name, PARAM_NAME_MAX + 1, "%s", "(query)");
            return;
        }
        p = param[len] == '&' ? param + len : NULL;
    }
}

/* Called with the request target as received, before libmicrohttpd
 * decodes it (which leaves a malformed escape as it is). Returns NULL: the
 * access handler's first call must still find no request state. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *mhd)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(mhd, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    (void)cls;
    if (info != NULL && info->socket_context != NULL)
        find_bad_escape(uri, ((struct http_socket *)info->socket_context)->bad_escape);
    return NULL;
}

/* libmicrohttpd unescapes each query key and value, then the path, before
 * the first call of the access handler; so when that call comes, the flag
 * tells whether the path held an escaped '/' or NUL, which decoding would
 * turn into a separator or an end no client meant. */
static size_t unescape(void *cls, struct MHD_Connection *mhd, char *s)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(mhd, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

    (void)cls;
    if (info != NULL && info->socket_context != NULL)
        ((struct http_socket *)info->socket_context)->path_escape_refused =
            strcasestr(s, "%2f") != NULL || strstr(s, "%00") != NULL;
    return MHD_http_unescape(s);
}

__attribute__((format(printf, 2, 0)))
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512];

    vsnprintf(msg, sizeof msg, fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    log_warn("libmicrohttpd: %s", msg);
}

struct http_server *http_server_start(const struct cfg *cfg, const struct http_app *app,
                                      char *err, size_t err_size)
{
    struct http_server *srv;
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
                         MHD_USE_ERROR_LOG;

    /* libmicrohttpd splits the connection limit among the worker threads. */
    if (cfg->max_connections < cfg->threads) {
        snprintf(err, err_size, "PODIUM_MAX_CONNECTIONS (%u) is below the thread count (%u)",
                 cfg->max_connections, cfg->threads);
        return NULL;
    }
    if ((srv = calloc(1, sizeof *srv)) == NULL) {
        snprintf(err, err_size, "out of memory");
        return NULL;
    }
    if (getrandom(&srv->id_seed, sizeof srv->id_seed, GRND_NONBLOCK) !=
        (ssize_t)sizeof srv->id_seed)
        srv->id_seed = ((uint64_t)time(NULL) << 32) ^ (uint64_t)getpid();
    srv->cfg = cfg;
    srv->app = *app;
    if (pthread_key_create(&srv->store_key, worker_store_destroy) != 0) {
        snprintf(err, err_size, "cannot create the per-thread connection key");
        free(srv);
        return NULL;
    }
    if (pthread_key_create(&srv->read_store_key, worker_store_destroy) != 0) {
        snprintf(err, err_size, "cannot create the per-thread connection key");
        pthread_key_delete(srv->store_key);
        free(srv);
        return NULL;
    }
    if ((srv->deadlines = http_deadlines_start(cfg->conn_timeout_s)) == NULL) {
        snprintf(err, err_size, "cannot start the connection watchdog");
        goto fail;
    }
    if (cfg->listen_addr.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, srv,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,   /* first, or MHD logs the rest itself */
        MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&cfg->listen_addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads,
        MHD_OPTION_CONNECTION_TIMEOUT, cfg->conn_timeout_s,
        MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->max_connections_per_ip,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_END);
    if (srv->daemon == NULL) {
        snprintf(err, err_size, "cannot listen on %s (address in use or not local?)",
                 cfg->listen);
        goto fail;
    }
    return srv;
fail:
    http_deadlines_stop(srv->deadlines);
    pthread_key_delete(srv->store_key);
    pthread_key_delete(srv->read_store_key);
    free(srv);
    return NULL;
}

unsigned int http_server_port(const struct http_server *srv)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);

    return info ? info->port : 0;
}

void http_server_stop(struct http_server *srv, unsigned int grace_ms)
{
    const struct timespec tick = {0, 10 * 1000 * 1000};
    MHD_socket listener;

    atomic_store(&shutting_down, true);
    listener = MHD_quiesce_daemon(srv->daemon);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    for (unsigned int waited = 0; atomic_load(&srv->in_flight) > 0 && waited < grace_ms;
         waited += 10)
        nanosleep(&tick, NULL);
    if (atomic_load(&srv->in_flight) > 0)
        log_warn("shutdown: %d request(s) still running after %u ms; closing them",
                 atomic_load(&srv->in_flight), grace_ms);
    /* Worker threads exit here; their thread-key destructors close each
     * worker's database connection. */
    MHD_stop_daemon(srv->daemon);
    http_deadlines_stop(srv->deadlines);
    pthread_key_delete(srv->store_key);
    pthread_key_delete(srv->read_store_key);
    free(srv);
}
