/* Building replies: everything a reply holds is owned by it, and
 * http_reply_clear() is the one place that frees it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

bool http_reply_header(struct http_reply *out, const char *name, const char *fmt, ...)
{
    va_list ap;
    char *value;
    int n;

    if (out->n_headers >= HTTP_MAX_HEADERS)
        return false;
    va_start(ap, fmt);
    n = vasprintf(&value, fmt, ap);
    va_end(ap);
    if (n < 0)
        return false;
    /* A CR or LF would let a value smuggle in headers of its own. */
    if (strpbrk(value, "\r\n") != NULL) {
        free(value);
        return false;
    }
    out->headers[out->n_headers].name = name;
    out->headers[out->n_headers].value = value;
    out->n_headers++;
    return true;
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
