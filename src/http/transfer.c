/* How a reply goes on the wire: the JSON text (a final newline, ?pretty),
 * Cache-Control, the ETag of the representation actually sent and the 304
 * that follows from it, and gzip. It runs once after the handler, for
 * every answer, so handlers only say what the resource is and how long it
 * may be kept; none of them can forget a header or compare a tag against
 * bytes it did not send. */
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "http/http.h"
#include "podium/enc.h"

/* Below this a body goes plain: gzip's header, trailer and deflate state
 * cost more than a small body saves, and problems stay readable on the
 * wire. */
#define GZIP_MIN_BYTES 1024
/* Level 1: measured on a page of 20 reports (7.7 kB) it sends 2255 bytes
 * where zlib's default (6) sends 2126, at half the CPU time (about 0.3 ms
 * against 0.6 ms here); on 100 reports (27 kB), 6.9 kB against 6.1 kB at
 * 1.1 ms against 2.1 ms. A list page grows by 6 to 12 %: less than what
 * the CPU time saved is worth on a server that compresses every answer. */
#define GZIP_LEVEL 1
/* 15-bit window (zlib's largest) plus 16: a gzip wrapper, not zlib's. */
#define GZIP_WINDOW_BITS (15 + 16)
#define GZIP_MEM_LEVEL 8

#define PRETTY_DUMP_FLAGS ((ENC_DUMP_FLAGS & ~JSON_COMPACT) | JSON_INDENT(2))

bool http_transfer_param(const char *key)
{
    return strcmp(key, "pretty") == 0;
}

/* ?pretty (or =1, =true) indents, =0 or =false does not; false for any
 * other value. */
static bool pretty_param(const struct http_request *rq, bool *pretty)
{
    const char *v = http_query(rq, "pretty");

    *pretty = v != NULL && (*v == '\0' || strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    return v == NULL || *pretty || strcmp(v, "0") == 0 || strcmp(v, "false") == 0;
}

bool http_transfer_params_valid(const struct http_request *rq, struct http_reply *out)
{
    bool pretty;

    if (pretty_param(rq, &pretty))
        return true;
    http_problem(out, PODIUM_E_BAD_PARAM, rq->id, "pretty is 1, true, 0 or false");
    http_problem_add_error(out, "pretty", "1, true, 0 or false");
    return false;
}

static bool json_media_type(const char *content_type)
{
    return content_type != NULL &&
           (strncmp(content_type, "application/json", 16) == 0 ||
            strncmp(content_type, "application/problem+json", 24) == 0);
}

static bool compressible_type(const char *content_type)
{
    return json_media_type(content_type) ||
           (content_type != NULL && (strncmp(content_type, "text/", 5) == 0 ||
                                     strncmp(content_type, "image/svg+xml", 13) == 0));
}

/* Appends a newline to a malloc'd text of *len bytes unless it ends with
 * one; NULL (text freed) when out of memory. */
static char *end_line(char *text, size_t *len)
{
    char *grown;

    if (*len > 0 && text[*len - 1] == '\n')
        return text;
    if ((grown = realloc(text, *len + 2)) == NULL) {
        free(text);
        return NULL;
    }
    grown[(*len)++] = '\n';
    grown[*len] = '\0';
    return grown;
}

static char *json_text(const json_t *doc, bool pretty, size_t *len)
{
    char *text = json_dumps(doc, pretty ? PRETTY_DUMP_FLAGS : ENC_DUMP_FLAGS);

    if (text == NULL)
        return NULL;
    *len = strlen(text);
    return end_line(text, len);
}

/* Moves the reply's body into the wire as the bytes to send. JSON kept
 * already encoded (the handlers' tagged bodies) is parsed again only for
 * ?pretty, which is for people reading, not for speed. */
static bool body_take(struct http_reply *out, bool pretty, struct http_wire *wire)
{
    json_t *doc;

    if (out->json != NULL) {
        wire->body = json_text(out->json, pretty, &wire->len);
        json_decref(out->json);
        out->json = NULL;
        return wire->body != NULL;
    }
    wire->body = out->raw;
    wire->len = out->raw_len;
    out->raw = NULL;
    out->raw_len = 0;
    if (wire->body == NULL || !json_media_type(out->content_type))
        return true;
    if (pretty && (doc = json_loadb(wire->body, wire->len, 0, NULL)) != NULL) {
        free(wire->body);
        wire->body = json_text(doc, true, &wire->len);
        json_decref(doc);
    } else {
        wire->body = end_line(wire->body, &wire->len);
    }
    return wire->body != NULL;
}

/* True when q=VALUE, up to end, is a weight of zero: "0", "0.", "0.000"
 * (RFC 9110, 12.4.2). Anything else, even malformed, counts as a yes. */
static bool weight_zero(const char *v, const char *end)
{
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    if (v == end || *v != '0')
        return false;
    v++;
    if (v < end && *v == '.')
        for (v++; v < end && *v == '0'; v++)
            continue;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    return v == end;
}

/* Whether Accept-Encoding allows gzip: named (or as x-gzip) with a weight
 * above zero, or not named while "*" is allowed. */
static bool accepts_gzip(const char *header)
{
    int gzip = -1, any = -1;        /* -1 not named, 0 refused, 1 accepted */

    for (const char *p = header; p != NULL && *p != '\0';) {
        const char *end = p + strcspn(p, ","), *param;
        size_t name_len;
        bool zero = false;

        while (*p == ' ' || *p == '\t')
            p++;
        name_len = strcspn(p, ";, \t");
        for (param = p + name_len; param < end && (param = memchr(param, ';', (size_t)(end - param))) != NULL;) {
            const char *next;

            param++;
            while (param < end && (*param == ' ' || *param == '\t'))
                param++;
            next = memchr(param, ';', (size_t)(end - param));
            if (next == NULL)
                next = end;
            if (end - param >= 2 && strncasecmp(param, "q=", 2) == 0)
                zero = weight_zero(param + 2, next);
            param = next;
        }
        if ((name_len == 4 && strncasecmp(p, "gzip", 4) == 0) ||
            (name_len == 6 && strncasecmp(p, "x-gzip", 6) == 0))
            gzip = !zero;
        else if (name_len == 1 && *p == '*')
            any = !zero;
        p = *end != '\0' ? end + 1 : end;
    }
    return gzip >= 0 ? gzip == 1 : any == 1;
}

/* Replaces the body with its gzip form; false (body untouched) when zlib
 * cannot. Memory: zlib's state (about 256 KiB at these settings) and one
 * buffer the size of the body, both gone when this returns. */
static bool gzip_body(struct http_wire *wire)
{
    z_stream zs;
    char *packed = NULL;
    uLong bound;
    int rc = Z_STREAM_ERROR;

    if (wire->len > UINT_MAX)       /* one deflate() call takes a uInt */
        return false;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, GZIP_LEVEL, Z_DEFLATED, GZIP_WINDOW_BITS, GZIP_MEM_LEVEL,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    bound = deflateBound(&zs, (uLong)wire->len);
    if (bound <= UINT_MAX && (packed = malloc(bound)) != NULL) {
        zs.next_in = (Bytef *)wire->body;
        zs.avail_in = (uInt)wire->len;
        zs.next_out = (Bytef *)packed;
        zs.avail_out = (uInt)bound;
        rc = deflate(&zs, Z_FINISH);
    }
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        free(packed);
        return false;
    }
    free(wire->body);
    wire->body = packed;
    wire->len = zs.total_out;
    return true;
}

void http_reply_vary(struct http_reply *out, const char *field)
{
    const char *vary = http_reply_header_get(out, "Vary");

    if (vary == NULL)
        http_reply_header(out, "Vary", "%s", field);
    else
        http_reply_header_set(out, "Vary", "%s, %s", vary, field);
}

/* FNV-1a over the serialised body: the tag changes whenever a byte does.
 * The offset basis lacks a digit of the published one (14695981039346656037);
 * it stays, since another would change every tag clients hold. */
static uint64_t fnv1a(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void http_etag_of(const char *body, size_t len, char tag[HTTP_ETAG_SIZE])
{
    snprintf(tag, HTTP_ETAG_SIZE, "\"%016" PRIx64 "\"", fnv1a(body, len));
}

/* If-None-Match: "*" or a list of tags, weak or strong, compared weakly
 * as RFC 9110 asks for this header. */
static bool tag_listed(const char *header, const char *tag)
{
    size_t len = strlen(tag);

    for (const char *p = header; (p = strstr(p, tag)) != NULL; p += len)
        if (p[len] == '\0' || p[len] == ',' || p[len] == ' ')
            return true;
    return strcmp(header, "*") == 0;
}

/* A strong tag "x" names the handler's bytes; what is sent differs by the
 * transforms applied here, so each gets a tag of its own ("x-pretty",
 * "x-gzip"), or a cache could pair one variant's tag with another's body.
 * Sets the reply's ETag, if it has one, and returns it. */
static const char *tag_variant(struct http_reply *out, bool pretty, bool gzip)
{
    const char *tag = http_reply_header_get(out, "ETag");
    size_t len = tag != NULL ? strlen(tag) : 0;

    if ((pretty || gzip) && len >= 2 && tag[len - 1] == '"')
        http_reply_header_set(out, "ETag", "%.*s%s%s\"", (int)(len - 1), tag,
                              pretty ? "-pretty" : "", gzip ? "-gzip" : "");
    return http_reply_header_get(out, "ETag");
}

void http_transfer_prepare(const struct http_request *rq, struct http_reply *out,
                           struct http_wire *wire)
{
    bool safe = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
    bool pretty, pretty_applied, gzip = false;
    const char *tag, *inm = http_header(rq, "If-None-Match");

    memset(wire, 0, sizeof *wire);
    /* An invalid value was refused before the handler, unless the answer
     * came first (404, 405): then it reads as plain. */
    if (!pretty_param(rq, &pretty))
        pretty = false;
    pretty_applied = pretty && (out->json != NULL || json_media_type(out->content_type));
    if (!body_take(out, pretty, wire)) {
        http_problem(out, PODIUM_E_INTERNAL, rq->id, "the response could not be encoded");
        if (!body_take(out, false, wire))
            wire->len = 0;
        pretty_applied = false;
    }
    wire->status = out->status;
    wire->send_body = true;
    if (!safe || out->status >= 400 || http_reply_header_get(out, "Cache-Control") == NULL)
        http_reply_header_set(out, "Cache-Control", HTTP_CACHE_NONE);
    if (wire->len >= GZIP_MIN_BYTES && compressible_type(out->content_type)) {
        http_reply_vary(out, "Accept-Encoding");
        gzip = accepts_gzip(http_header(rq, "Accept-Encoding"));
    }
    /* Decided before compressing: a 304 needs the gzip variant's tag, not
     * its bytes. zlib failing afterwards (out of memory) sends the body
     * plain, under the plain tag. */
    tag = tag_variant(out, pretty_applied, gzip);
    if (safe && out->status == 200 && tag != NULL && inm != NULL && tag_listed(inm, tag)) {
        out->status = wire->status = 304;
        wire->send_body = false;
        free(wire->body);
        wire->body = NULL;
        wire->len = 0;
        return;
    }
    if (gzip && !gzip_body(wire)) {
        size_t len = tag != NULL ? strlen(tag) : 0;
        static const char suffix[] = "-gzip\"";

        if (len >= sizeof suffix && strcmp(tag + len - (sizeof suffix - 1), suffix) == 0)
            http_reply_header_set(out, "ETag", "%.*s\"", (int)(len - (sizeof suffix - 1)), tag);
        gzip = false;
    }
    if (gzip)
        http_reply_header(out, "Content-Encoding", "gzip");
}
