/* Shared handler helpers: strict query parameters, opaque cursors, list and
 * single-resource answers. See h_common.h. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/h_common.h"
#include "podium/enc.h"

/* ---- query parameters ---- */

struct known_ctx {
    const char *const *allowed;
    const char *unknown;
};

static bool check_known(void *cls, const char *key, const char *value)
{
    struct known_ctx *ctx = cls;

    if (http_transfer_param(key))
        return true;
    for (const char *const *a = ctx->allowed; *a != NULL; a++)
        if (strcmp(*a, key) == 0)
            return true;
    ctx->unknown = key;
    return false;
}

bool h_params_known(const struct http_request *rq, const char *const *allowed,
                    struct http_reply *out)
{
    struct known_ctx ctx = {allowed, NULL};

    if (http_query_each(rq, check_known, &ctx))
        return true;
    http_problem(out, PODIUM_E_BAD_PARAM, rq->id, "unknown query parameter \"%.64s\"",
                 ctx.unknown != NULL ? ctx.unknown : "");
    http_problem_add_error(out, ctx.unknown != NULL ? ctx.unknown : "", "not a parameter of this resource");
    return false;
}

/* Strict unsigned decimal: digits only, no sign, no spaces, at most 18. */
static bool parse_decimal(const char *s, int64_t *v)
{
    int64_t n = 0;
    size_t len = strlen(s);

    if (len == 0 || len > 18)
        return false;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        n = n * 10 + (*p - '0');
    }
    *v = n;
    return true;
}

const char *h_param_filter(const struct http_request *rq, const char *name)
{
    const char *s = http_query(rq, name);

    return s != NULL && s[0] != '\0' ? s : NULL;
}

bool h_param_limit(const struct http_request *rq, unsigned int *limit, struct http_reply *out)
{
    const char *s = http_query(rq, "limit");
    int64_t v;

    *limit = H_LIMIT_DEFAULT;
    if (s == NULL)
        return true;
    if (!parse_decimal(s, &v) || v < 1 || v > H_LIMIT_MAX) {
        http_problem(out, PODIUM_E_BAD_PARAM, rq->id, "limit must be an integer from 1 to %u",
                     H_LIMIT_MAX);
        http_problem_add_error(out, "limit", "an integer from 1 to 100");
        return false;
    }
    *limit = (unsigned int)v;
    return true;
}

/* Canonical only: "01" or "+1" would name the same row under a second
 * path, which caches and clients would treat as another resource. */
bool h_parse_id(const char *s, int64_t *id)
{
    return s != NULL && s[0] != '0' && parse_decimal(s, id) && *id > 0;
}

static bool all_digits(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

bool h_arg_id(const struct http_request *rq, const char *resource, int64_t *id,
              struct http_reply *out)
{
    const char *arg = rq->n_args >= 1 ? rq->args[0] : "";

    if (h_parse_id(arg, id))
        return true;
    /* Beyond 18 digits a number may still be canonical: it names no row,
     * like any id not stored. */
    if (arg[0] != '0' && all_digits(arg) && strlen(arg) <= 64)
        http_problem(out, PODIUM_E_NOT_FOUND, rq->id, "no %s %s", resource, arg);
    else
        http_problem(out, PODIUM_E_NOT_FOUND, rq->id,
                     "no %s here: an id is a decimal number from 1, without sign or leading zeros",
                     resource);
    return false;
}

void h_param_speaker(const struct http_request *rq, int64_t *id, const char **name)
{
    const char *s = h_param_filter(rq, "speaker");

    *id = 0;
    *name = NULL;
    if (s == NULL)
        return;
    if (!h_parse_id(s, id))
        *name = s;
}

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

bool h_time_valid(const char *s, char buf[40])
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

bool h_day_of(const char *s, char buf[16])
{
    char time[40];
    int year, month, day;
    const char *clock = s + 10;

    if (!h_time_valid(s, time) || sscanf(time, "%4d-%2d-%2d", &year, &month, &day) != 3)
        return false;
    /* past midnight (any digit of the clock other than 0): the next day */
    if (*clock != '\0' && strcspn(clock + 1, "123456789") < strcspn(clock + 1, "Zz+-") &&
        ++day > seg_days_in_month(year, month)) {
        day = 1;
        if (++month > 12)
            month = 1, year++;
    }
    snprintf(buf, 16, "%04d-%02d-%02d", year, month, day);
    return true;
}

bool h_param_day(const struct http_request *rq, const char *name, char buf[16],
                 const char **value, struct http_reply *out)
{
    const char *s = http_query(rq, name);

    *value = NULL;
    if (s == NULL)
        return true;
    if (!h_day_of(s, buf)) {
        http_problem(out, PODIUM_E_BAD_PARAM, rq->id,
                     "%s must be a date such as 2023-11-23 or an RFC 3339 date-time such as"
                     " 2023-11-23T09:00:00+08:00", name);
        http_problem_add_error(out, name, "an RFC 3339 date or date-time");
        return false;
    }
    *value = buf;
    return true;
}

/* ---- cursors ---- */

#define CURSOR_VERSION 1
#define CURSOR_RAW_MAX (2 + H_CURSOR_KEY_MAX)
#define CURSOR_KEYSET_LEN (2 + 3 * 8)   /* version, kind, at, id, item */

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static void b64_encode(const unsigned char *in, size_t n, char *out)
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

/* Unpadded base64url only; returns the byte count or -1. */
static long b64_decode(const char *in, unsigned char *out, size_t cap)
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

static void put_i64(unsigned char *p, int64_t v)
{
    for (int i = 7; i >= 0; i--, v = (int64_t)((uint64_t)v >> 8))
        p[i] = (unsigned char)(v & 0xff);
}

static int64_t get_i64(const unsigned char *p)
{
    uint64_t v = 0;

    for (int i = 0; i < 8; i++)
        v = (v << 8) | p[i];
    return (int64_t)v;
}

/* Keyset times are microseconds since the epoch. PostgreSQL's timestamptz
 * reaches 4713 BC .. 294276 AD; a tampered value beyond it fails in
 * podium_from_micros with a 500, so refuse anything outside years
 * 0001..9999 (no stored time is near either end). */
#define CURSOR_MICROS_MIN (-62135596800LL * 1000000)          /* 0001-01-01T00:00:00Z */
#define CURSOR_MICROS_MAX (253402300800LL * 1000000 - 1)      /* 9999-12-31T23:59:59.999999Z */
#define CURSOR_DAYS_MIN (-719162LL)                          /* 0001-01-01 */
#define CURSOR_DAYS_MAX 2932896LL                            /* 9999-12-31 */

/* Whether a cursor's at can be a key of its list: out-of-range values are
 * tampering, and PostgreSQL would refuse them with a 500. */
static bool cursor_at_sane(enum h_cursor_kind kind, int64_t at)
{
    switch (kind) {
    case H_CURSOR_SPEAKERS_REPORTS:
        return at >= 0 && at <= INT32_MAX;
    case H_CURSOR_RECS:
    case H_CURSOR_REPORTS_DATE_DESC:
    case H_CURSOR_REPORTS_DATE:
        return at >= CURSOR_DAYS_MIN && at <= CURSOR_DAYS_MAX;
    default:
        return at >= CURSOR_MICROS_MIN && at <= CURSOR_MICROS_MAX;
    }
}

/* malloc'd cursor text, or NULL when out of memory. */
static char *cursor_encode(enum h_cursor_kind kind, const struct store_after *last)
{
    unsigned char raw[CURSOR_RAW_MAX];
    size_t n = 2;
    char *text;

    raw[0] = CURSOR_VERSION;
    raw[1] = (unsigned char)kind;
    if (kind == H_CURSOR_SPEAKERS_NAME) {
        size_t len = last->key != NULL ? strlen(last->key) : 0;

        /* Cut on a character boundary: back off continuation bytes so the
         * key stays valid UTF-8 (h_param_cursor refuses anything else). */
        if (len > H_CURSOR_KEY_MAX) {
            len = H_CURSOR_KEY_MAX;
            while (len > 0 && ((unsigned char)last->key[len] & 0xC0) == 0x80)
                len--;
        }
        memcpy(raw + 2, last->key, len);
        n += len;
    } else {
        put_i64(raw + 2, last->at);
        put_i64(raw + 10, last->id);
        put_i64(raw + 18, last->item);
        n = CURSOR_KEYSET_LEN;
    }
    if ((text = malloc((n + 2) / 3 * 4 + 1)) != NULL)
        b64_encode(raw, n, text);
    return text;
}

bool h_param_cursor(const struct http_request *rq, enum h_cursor_kind kind,
                    struct store_after *after, char key_buf[H_CURSOR_KEY_MAX + 1],
                    struct http_reply *out)
{
    const char *s = http_query(rq, "cursor");
    unsigned char raw[CURSOR_RAW_MAX];
    long n;

    memset(after, 0, sizeof *after);
    if (s == NULL)
        return true;
    n = strlen(s) <= (CURSOR_RAW_MAX + 2) / 3 * 4 ? b64_decode(s, raw, sizeof raw) : -1;
    if (n < 2 || raw[0] != CURSOR_VERSION || raw[1] != (unsigned char)kind)
        goto bad;
    if (kind == H_CURSOR_SPEAKERS_NAME) {
        if (n == 2 || memchr(raw + 2, '\0', (size_t)n - 2) != NULL ||
            !http_utf8_valid(raw + 2, (size_t)n - 2))
            goto bad;
        memcpy(key_buf, raw + 2, (size_t)n - 2);
        key_buf[n - 2] = '\0';
        after->key = key_buf;
    } else {
        if (n != CURSOR_KEYSET_LEN)
            goto bad;
        after->at = get_i64(raw + 2);
        after->id = get_i64(raw + 10);
        after->item = get_i64(raw + 18);
        if (after->id <= 0 || after->item < 0 || (kind == H_CURSOR_RECS) != (after->item > 0))
            goto bad;
        if (!cursor_at_sane(kind, after->at))
            goto bad;
    }
    after->set = true;
    return true;
bad:
    http_problem(out, PODIUM_E_BAD_PARAM, rq->id,
                 "cursor is not one this list gave out; start again without it");
    http_problem_add_error(out, "cursor", "not a cursor of this list");
    return false;
}

/* ---- list answers ---- */

static bool url_unreserved(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

struct link_ctx {
    char *buf;
    size_t len, cap;
    bool ok;
};

static void link_append(struct link_ctx *l, const char *s, bool encode)
{
    for (; *s && l->ok; s++) {
        unsigned char c = (unsigned char)*s;
        size_t need = encode && !url_unreserved(c) ? 3 : 1;

        if (l->len + need + 1 > l->cap) {
            size_t cap = l->cap * 2 + need + 64;
            char *grown = realloc(l->buf, cap);

            if (grown == NULL) {
                l->ok = false;
                return;
            }
            l->buf = grown;
            l->cap = cap;
        }
        if (need == 3)
            l->len += (size_t)sprintf(l->buf + l->len, "%%%02X", c);
        else
            l->buf[l->len++] = (char)c;
        l->buf[l->len] = '\0';
    }
}

static bool link_param(void *cls, const char *key, const char *value)
{
    struct link_ctx *l = cls;

    if (strcmp(key, "cursor") == 0)
        return true;
    link_append(l, l->len == 0 ? "?" : "&", false);
    link_append(l, key, true);
    link_append(l, "=", false);
    link_append(l, value != NULL ? value : "", true);
    return l->ok;
}

void h_reply_list(const struct http_request *rq, struct http_reply *out, json_t *items,
                  bool more, enum h_cursor_kind kind, const struct store_after *last)
{
    char *next = more && last != NULL ? cursor_encode(kind, last) : NULL;
    struct link_ctx query = {NULL, 0, 0, true};
    json_t *body;

    if (more && next == NULL) {
        json_decref(items);
        http_problem(out, PODIUM_E_INTERNAL, rq->id, "out of memory");
        return;
    }
    body = json_pack("{s:o, s:s?}", "items", items, "next", next);
    if (body != NULL && next != NULL) {
        http_query_each(rq, link_param, &query);
        if (query.ok)
            http_reply_header(out, "Link", "<%s%s%scursor=%s>; rel=\"next\"", rq->path,
                              query.len != 0 ? query.buf : "", query.len != 0 ? "&" : "?", next);
    }
    free(query.buf);
    free(next);
    /* Tagged like a single resource: the tag is the page's bytes, so it
     * changes whenever an item on it does. */
    h_reply_etag(rq, out, body);
}

/* ---- single resources ---- */

/* FNV-1a over the serialised body: the tag changes whenever a byte does. */
static uint64_t body_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static const char JSON_TYPE[] = "application/json; charset=utf-8";

/* Answers 200 with text (stolen), its tag and how long caches may keep it
 * (NULL: as the handler already said). Whether the client's copy is still
 * good is decided on the wire (http_transfer_prepare), against the tag of
 * the bytes actually sent. */
static void reply_tagged(struct http_reply *out, const char *content_type, char *text,
                         size_t len, const char *tag, const char *cache_control)
{
    http_reply_header(out, "ETag", "%s", tag);
    if (cache_control != NULL)
        http_reply_header_set(out, "Cache-Control", "%s", cache_control);
    http_reply_raw_steal(out, 200, content_type, text, len);
}

/* A stored report is written once; everything else answers what the
 * database holds now. */
static const char *cache_policy(enum h_cache_kind kind)
{
    return kind == H_CACHE_REPORT || kind == H_CACHE_REPORT_TEXT ? HTTP_CACHE_IMMUTABLE
                                                                 : HTTP_CACHE_REVALIDATE;
}

void h_reply_bytes_etag(const struct http_request *rq, struct http_reply *out,
                        const char *content_type, char *body, size_t len)
{
    char tag[H_TAG_SIZE];

    snprintf(tag, sizeof tag, "\"%016" PRIx64 "\"", body_hash(body, len));
    reply_tagged(out, content_type, body, len, tag, NULL);
}

/* Encodes body (stolen) once: the text hashed for the tag is the text sent,
 * since encoding it twice took a fifth of the CPU time of GET
 * /reports/{id}. Keeps it in the shared cache when kind is not
 * H_CACHE_KINDS_. */
static void reply_encoded(const struct http_request *rq, struct http_reply *out, json_t *body,
                          enum h_cache_kind kind, int64_t id, uint64_t version)
{
    char *text = body != NULL ? json_dumps(body, ENC_DUMP_FLAGS) : NULL;
    char tag[H_TAG_SIZE];
    size_t len;

    json_decref(body);
    if (text == NULL) {
        http_reply_json_steal(out, 200, NULL);     /* answers 500 */
        return;
    }
    len = strlen(text);
    snprintf(tag, sizeof tag, "\"%016" PRIx64 "\"", body_hash(text, len));
    if (kind != H_CACHE_KINDS_ && h_cache_shared != NULL)
        h_cache_put(h_cache_shared, kind, id, version, text, len, tag);
    reply_tagged(out, JSON_TYPE, text, len, tag, cache_policy(kind));
}

void h_reply_etag(const struct http_request *rq, struct http_reply *out, json_t *body)
{
    reply_encoded(rq, out, body, H_CACHE_KINDS_, 0, 0);
}

void h_reply_etag_kept(const struct http_request *rq, struct http_reply *out, json_t *body,
                       enum h_cache_kind kind, int64_t id, uint64_t version)
{
    reply_encoded(rq, out, body, kind, id, version);
}

bool h_reply_cached(const struct http_request *rq, struct http_reply *out,
                    enum h_cache_kind kind, int64_t id, uint64_t version)
{
    char *text, tag[H_TAG_SIZE];
    size_t len;

    if (h_cache_shared == NULL || !h_cache_get(h_cache_shared, kind, id, version, &text, &len, tag))
        return false;
    reply_tagged(out, JSON_TYPE, text, len, tag, cache_policy(kind));
    return true;
}

void h_store_problem(const struct http_request *rq, struct http_reply *out, enum store_qs qs)
{
    if (qs == STORE_SOFT_ERROR)
        http_problem(out, PODIUM_E_DB_UNAVAILABLE, rq->id, "the database is busy or was restarted");
    else
        http_problem(out, PODIUM_E_INTERNAL, rq->id, "the database refused the request");
}
