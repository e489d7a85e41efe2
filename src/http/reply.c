/* Building replies, problems (RFC 9457, from the error registry) among them:
 * everything a reply holds is owned by it, and http_reply_clear() is the one
 * place that frees it. A problem is one kind of reply, and a reply whose
 * body cannot be encoded becomes a problem, so the two live together. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/http.h"

static void stream_release(struct http_reply *out);

void http_reply_json_steal(struct http_reply *out, unsigned int status, json_t *body)
{
    if (body == NULL) {
        http_problem(out, PODIUM_E_INTERNAL, NULL, "the response could not be encoded");
        return;
    }
    json_decref(out->json);
    free(out->raw);
    stream_release(out);
    out->raw = NULL;
    out->raw_len = 0;
    out->json = body;
    out->status = status;
    out->content_type = "application/json; charset=utf-8";
}

void http_reply_raw_steal(struct http_reply *out, unsigned int status,
                          const char *content_type, char *body, size_t len)
{
    json_decref(out->json);
    free(out->raw);
    stream_release(out);
    out->json = NULL;
    out->raw = body;
    out->raw_len = body ? len : 0;
    out->status = status;
    out->content_type = content_type;
}

/* The formatted value, malloc'd; NULL when out of memory or when it holds
 * a CR or LF, which would let a value smuggle in headers of its own. */
__attribute__((format(printf, 1, 0)))
static char *header_value(const char *fmt, va_list ap)
{
    char *value;

    if (vasprintf(&value, fmt, ap) < 0)
        return NULL;
    if (strpbrk(value, "\r\n") != NULL) {
        free(value);
        return NULL;
    }
    return value;
}

/* The index of the header named name, or n_headers when there is none. */
static size_t header_index(const struct http_reply *out, const char *name)
{
    size_t i = 0;

    while (i < out->n_headers && strcasecmp(out->headers[i].name, name) != 0)
        i++;
    return i;
}

static void stream_release(struct http_reply *out)
{
    if (out->stream.free != NULL)
        out->stream.free(out->stream.cls);
    memset(&out->stream, 0, sizeof out->stream);
}

void http_reply_stream(struct http_reply *out, unsigned int status, const char *content_type,
                       struct http_stream stream)
{
    http_reply_raw_steal(out, status, content_type, NULL, 0);
    out->stream = stream;
}

/* Formats the value and puts it at index i: the header there is replaced,
 * or at n_headers one is added. */
__attribute__((format(printf, 4, 0)))
static bool header_put(struct http_reply *out, size_t i, const char *name, const char *fmt,
                       va_list ap)
{
    char *value;

    if (i >= HTTP_MAX_HEADERS || (value = header_value(fmt, ap)) == NULL)
        return false;
    if (i == out->n_headers) {
        out->headers[i].name = name;
        out->n_headers++;
    } else {
        free(out->headers[i].value);
    }
    out->headers[i].value = value;
    return true;
}

bool http_reply_header(struct http_reply *out, const char *name, const char *fmt, ...)
{
    va_list ap;
    bool ok;

    va_start(ap, fmt);
    ok = header_put(out, out->n_headers, name, fmt, ap);
    va_end(ap);
    return ok;
}

const char *http_reply_header_get(const struct http_reply *out, const char *name)
{
    size_t i = header_index(out, name);

    return i < out->n_headers ? out->headers[i].value : NULL;
}

bool http_reply_header_set(struct http_reply *out, const char *name, const char *fmt, ...)
{
    va_list ap;
    bool ok;

    va_start(ap, fmt);
    ok = header_put(out, header_index(out, name), name, fmt, ap);
    va_end(ap);
    return ok;
}

void http_reply_clear(struct http_reply *out)
{
    json_decref(out->json);
    free(out->raw);
    stream_release(out);
    for (size_t i = 0; i < out->n_headers; i++)
        free(out->headers[i].value);
    memset(out, 0, sizeof *out);
}

void http_problem(struct http_reply *out, enum podium_err e, const char *request_id,
                  const char *fmt, ...)
{
    char type[96], detail[512] = "";
    va_list ap;

    /* NONE or a stray value is a bug in the caller: still answer, as 500. */
    if (!podium_err_known(e) || e == PODIUM_E_NONE)
        e = PODIUM_E_INTERNAL;
    if (fmt != NULL) {
        va_start(ap, fmt);
        vsnprintf(detail, sizeof detail, fmt, ap);
        va_end(ap);
    }
    snprintf(type, sizeof type, "/problems/%s", podium_err_slug(e));

    json_decref(out->json);
    free(out->raw);
    out->json = NULL;
    out->raw = NULL;
    out->raw_len = 0;
    out->status = podium_err_status(e);
    out->content_type = "application/problem+json";
    /* detail may hold arbitrary client bytes cut at any point: if it is not
     * valid UTF-8, json_pack fails, so fall back to no detail at all. */
    out->json = json_pack("{s:s, s:s, s:i, s:s, s:s*, s:s*}", "type", type, "title",
                          podium_err_title(e), "status", (int)out->status, "code", podium_err_slug(e),
                          "detail", detail[0] ? detail : NULL, "request_id", request_id);
    if (out->json == NULL)
        out->json = json_pack("{s:s, s:s, s:i, s:s, s:s*}", "type", type, "title",
                              podium_err_title(e), "status", (int)out->status, "code",
                              podium_err_slug(e), "request_id", request_id);
    if (out->status == 503 && http_reply_header_get(out, "Retry-After") == NULL)
        http_reply_header(out, "Retry-After", "%d", 5);
    if (out->status == 401 && http_reply_header_get(out, "WWW-Authenticate") == NULL)
        http_reply_header(out, "WWW-Authenticate", "Bearer");
}

void http_problem_add_error(struct http_reply *out, const char *field, const char *detail)
{
    json_t *errors, *item;

    if (out->json == NULL)
        return;
    errors = json_object_get(out->json, "errors");
    if (errors == NULL) {
        errors = json_array();
        if (errors == NULL || json_object_set_new(out->json, "errors", errors) != 0)
            return;
    }
    item = json_pack("{s:s, s:s}", "field", field, "detail", detail);
    if (item != NULL)
        json_array_append_new(errors, item);
}

void http_store_problem(const struct http_request *rq, struct http_reply *out, enum store_qs qs)
{
    if (qs == STORE_SOFT_ERROR)
        http_problem(out, PODIUM_E_DB_UNAVAILABLE, rq->id, "the database is busy or was restarted");
    else
        http_problem(out, PODIUM_E_INTERNAL, rq->id, "the database refused the request");
}
