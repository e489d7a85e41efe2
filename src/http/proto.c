/* Protocol rules the handlers build their answers with, kept out of the
 * handlers so each is written once: RFC 3339 date-times, unpadded
 * base64url (RFC 4648, section 5), absolute URLs and the Link header of a
 * paged list (RFC 8288). See proto.h. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytebuf.h"
#include "http/proto.h"
#include "podium/seg.h"

/* ---- RFC 3339 ---- */

static bool digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        *v = *v * 10 + (s[i] - '0');
    }
    return true;
}

bool http_time_valid(const char *s, char buf[40])
{
    int year, month, day, hour, minute, second, oh, om;
    const char *p = s + 10;
    size_t len = strlen(s);

    if (len < 10 || len > 35 || !digits(s, 4, &year) || s[4] != '-' || !digits(s + 5, 2, &month) ||
        s[7] != '-' || !digits(s + 8, 2, &day) || year < 1 || month < 1 || month > 12 ||
        day < 1 || day > seg_days_in_month(year, month))
        return false;
    if (*p == '\0') {               /* full-date: midnight UTC */
        snprintf(buf, 40, "%.10sT00:00:00Z", s);
        return true;
    }
    if ((*p != 'T' && *p != 't') || !digits(p + 1, 2, &hour) || p[3] != ':' ||
        !digits(p + 4, 2, &minute) || p[6] != ':' || !digits(p + 7, 2, &second) ||
        hour > 23 || minute > 59 || second > 59)
        return false;
    p += 9;
    if (*p == '.') {
        const char *frac = ++p;

        while (*p >= '0' && *p <= '9')
            p++;
        if (p == frac || p - frac > 9)
            return false;
    }
    if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
        /* fall through to the copy */
    } else if ((*p == '+' || *p == '-') && digits(p + 1, 2, &oh) && p[3] == ':' &&
               digits(p + 4, 2, &om) && p[6] == '\0' && oh <= 23 && om <= 59) {
        /* an explicit offset */
    } else {
        return false;
    }
    snprintf(buf, 40, "%s", s);
    return true;
}

/* ---- base64url ---- */

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void http_b64url_encode(const unsigned char *in, size_t n, char *out)
{
    size_t o = 0;

    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;

        if (i + 1 < n)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        out[o++] = b64url[(v >> 18) & 63];
        out[o++] = b64url[(v >> 12) & 63];
        if (i + 1 < n)
            out[o++] = b64url[(v >> 6) & 63];
        if (i + 2 < n)
            out[o++] = b64url[v & 63];
    }
    out[o] = '\0';
}

long http_b64url_decode(const char *in, unsigned char *out, size_t cap)
{
    size_t len = strlen(in), o = 0;
    uint32_t acc = 0;
    int bits = 0;

    if (len % 4 == 1)
        return -1;
    for (size_t i = 0; i < len; i++) {
        const char *pos = in[i] != '\0' ? strchr(b64url, in[i]) : NULL;

        if (pos == NULL)
            return -1;
        acc = (acc << 6) | (uint32_t)(pos - b64url);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (o == cap)
                return -1;
            out[o++] = (unsigned char)(acc >> bits);
        }
    }
    if ((acc & ((1u << bits) - 1)) != 0)   /* leftover bits must be zero */
        return -1;
    return (long)o;
}

/* ---- absolute URLs and Link ---- */

static bool url_unreserved(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

size_t http_base_url(const struct http_request *rq, char *buf, size_t size)
{
    const char *pub = rq->cfg != NULL ? rq->cfg->public_url : NULL;
    const char *host = http_header(rq, "Host");
    int n;

    if (pub != NULL) {
        size_t len = strlen(pub);

        while (len > 0 && pub[len - 1] == '/')    /* paths bring their own */
            len--;
        n = snprintf(buf, size, "%.*s", (int)len, pub);
    } else if (host != NULL && cfg_host_valid(host, strlen(host))) {
        n = snprintf(buf, size, "http://%s", host);
    } else {
        n = snprintf(buf, size, "%s", "");
    }
    if (n < 0 || (size_t)n >= size) {
        buf[0] = '\0';
        return 0;
    }
    return (size_t)n;
}

void http_reply_location(const struct http_request *rq, struct http_reply *out,
                         const char *path)
{
    char base[HTTP_BASE_URL_MAX];

    http_base_url(rq, base, sizeof base);
    http_reply_header(out, "Location", "%s%s", base, path);
}

struct link_ctx {
    char *buf;
    size_t len, cap;
    bool ok;
};

/* Appends s; with encode, everything but unreserved characters (and keep,
 * when not '\0') is percent-encoded. */
static void link_append(struct link_ctx *l, const char *s, bool encode, char keep)
{
    for (; *s && l->ok; s++) {
        unsigned char c = (unsigned char)*s;
        char piece[4] = {(char)c};
        size_t n = 1;

        if (encode && !url_unreserved(c) && (keep == '\0' || c != (unsigned char)keep))
            n = (size_t)snprintf(piece, sizeof piece, "%%%02X", c);
        l->ok = bytebuf_append(&l->buf, &l->len, &l->cap, piece, n, SIZE_MAX);
    }
}

struct query_ctx {
    struct link_ctx *link;
    bool first;
};

static bool link_param(void *cls, const char *key, const char *value)
{
    struct query_ctx *q = cls;

    if (strcmp(key, "cursor") == 0)
        return true;
    link_append(q->link, q->first ? "?" : "&", false, 0);
    q->first = false;
    link_append(q->link, key, true, 0);
    link_append(q->link, "=", false, 0);
    link_append(q->link, value != NULL ? value : "", true, 0);
    return q->link->ok;
}

char *http_list_links(const struct http_request *rq, const char *next)
{
    char base[HTTP_BASE_URL_MAX];
    struct link_ctx page = {NULL, 0, 0, true}, value = {NULL, 0, 0, true};
    struct query_ctx query = {&page, true};

    http_base_url(rq, base, sizeof base);
    link_append(&page, base, false, 0);
    link_append(&page, rq->path, true, '/');
    if (page.ok)
        http_query_each(rq, link_param, &query);
    if (next != NULL) {
        link_append(&value, "<", false, 0);
        link_append(&value, page.buf != NULL ? page.buf : "", false, 0);
        link_append(&value, query.first ? "?cursor=" : "&cursor=", false, 0);
        link_append(&value, next, false, 0);
        link_append(&value, ">; rel=\"next\", ", false, 0);
    }
    link_append(&value, "<", false, 0);
    link_append(&value, page.buf != NULL ? page.buf : "", false, 0);
    link_append(&value, ">; rel=\"first\"", false, 0);
    free(page.buf);
    if (!page.ok || !value.ok) {
        free(value.buf);
        return NULL;
    }
    return value.buf;
}
