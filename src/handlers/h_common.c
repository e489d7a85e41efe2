/* Shared handler helpers: strict query parameters, opaque cursors, list and
 * single-resource answers. See h_common.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "handlers/h_common.h"
#include "podium/enc.h"

/* ---- query parameters ---- */

struct known_ctx {
    const char *const *allowed;
    const char *unknown, *repeated;
    unsigned int seen;              /* bit i: allowed[i] was given */
};

static bool check_known(void *cls, const char *key, const char *value)
{
    struct known_ctx *ctx = cls;

    (void)value;
    if (http_transfer_param(key))
        return true;
    for (unsigned int i = 0; ctx->allowed[i] != NULL; i++) {
        if (strcmp(ctx->allowed[i], key) != 0)
            continue;
        /* Which of two values counts is anyone's guess (a proxy or cache
         * may read the other one): refuse rather than pick. */
        if (ctx->seen & (1u << i)) {
            ctx->repeated = key;
            return false;
        }
        ctx->seen |= 1u << i;
        return true;
    }
    ctx->unknown = key;
    return false;
}

bool h_params_known(const struct http_request *rq, const char *const *allowed,
                    struct http_reply *out)
{
    struct known_ctx ctx = {allowed, NULL, NULL, 0};

    if (http_query_each(rq, check_known, &ctx))
        return true;
    if (ctx.repeated != NULL) {
        http_problem(out, PODIUM_E_BAD_PARAM, rq->id, "query parameter \"%.64s\" is given twice",
                     ctx.repeated);
        http_problem_add_error(out, ctx.repeated, "given more than once");
        return false;
    }
    http_problem(out, PODIUM_E_BAD_PARAM, rq->id, "unknown query parameter \"%.64s\"",
                 ctx.unknown != NULL ? ctx.unknown : "");
    http_problem_add_error(out, ctx.unknown != NULL ? ctx.unknown : "", "not a parameter of this resource");
    return false;
}

bool h_param_choice(const struct http_request *rq, const char *name, const char *const *choices,
                    const char *fallback, const char **value, struct http_reply *out)
{
    const char *s = http_query(rq, name);
    char list[256] = "";
    size_t used = 0;

    *value = fallback;
    if (s == NULL)
        return true;
    for (const char *const *c = choices; *c != NULL; c++) {
        if (strcmp(*c, s) == 0) {
            *value = *c;
            return true;
        }
        used += (size_t)snprintf(list + used, used < sizeof list ? sizeof list - used : 0, "%s%s",
                                 c == choices ? "" : ", ", *c);
        if (used >= sizeof list)
            used = sizeof list - 1;
    }
    http_problem(out, PODIUM_E_BAD_PARAM, rq->id, "%s must be one of %s", name, list);
    http_problem_add_error(out, name, list);
    return false;
}

/* Prefer (RFC 7240): a comma-separated list of preferences, each maybe
 * with parameters after ';'; only count=exact is ours. */
static bool prefers_count(const char *prefer)
{
    const char *p = prefer;

    while (p != NULL && *p != '\0') {
        size_t len;

        p += strspn(p, " \t,");
        len = strcspn(p, ",;");
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len == 11 && strncasecmp(p, "count=exact", 11) == 0)
            return true;
        p = strchr(p, ',');
    }
    return false;
}

bool h_param_count(const struct http_request *rq, bool *want, struct http_reply *out)
{
    static const char *const counts[] = {"exact", NULL};
    const char *count;

    if (!h_param_choice(rq, "count", counts, NULL, &count, out))
        return false;
    *want = count != NULL || prefers_count(http_header(rq, "Prefer"));
    return true;
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

/* ---- RFC 3339 days ---- */

bool h_day_of(const char *s, char buf[16])
{
    char time[40];
    int year, month, day;
    const char *clock = s + 10;

    if (!http_time_valid(s, time) || sscanf(time, "%4d-%2d-%2d", &year, &month, &day) != 3)
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

static bool kind_by_name(enum h_cursor_kind kind)
{
    return kind == H_CURSOR_SPEAKERS_NAME || kind == H_CURSOR_SPEAKERS_NAME_DESC;
}

/* malloc'd cursor text, or NULL when out of memory. A name cursor holds
 * the id, then the name key; the others (at, id, item). */
static char *cursor_encode(enum h_cursor_kind kind, const struct store_after *last)
{
    unsigned char raw[CURSOR_RAW_MAX];
    size_t n = 2;
    char *text;

    raw[0] = CURSOR_VERSION;
    raw[1] = (unsigned char)kind;
    if (kind_by_name(kind)) {
        size_t len = last->key != NULL ? strlen(last->key) : 0;

        /* Cut on a character boundary: back off continuation bytes so the
         * key stays valid UTF-8 (h_param_cursor refuses anything else). */
        if (len > H_CURSOR_KEY_MAX - 8) {
            len = H_CURSOR_KEY_MAX - 8;
            while (len > 0 && ((unsigned char)last->key[len] & 0xC0) == 0x80)
                len--;
        }
        put_i64(raw + 2, last->id);
        memcpy(raw + 10, last->key, len);
        n += 8 + len;
    } else {
        put_i64(raw + 2, last->at);
        put_i64(raw + 10, last->id);
        put_i64(raw + 18, last->item);
        n = CURSOR_KEYSET_LEN;
    }
    if ((text = malloc(HTTP_B64URL_SIZE(n))) != NULL)
        http_b64url_encode(raw, n, text);
    return text;
}

/* Whether the keyset values are ones kind could have given out: anything
 * else is tampering, and out-of-range values must not reach PostgreSQL as
 * a server fault. */
static bool keyset_plausible(enum h_cursor_kind kind, const struct store_after *after)
{
    bool has_item = kind == H_CURSOR_RECS || kind == H_CURSOR_RECS_OLDEST ||
                    kind == H_CURSOR_REPORT_PEOPLE;

    if (after->id <= 0 || after->item < 0 || has_item != (after->item > 0))
        return false;
    switch (kind) {
    case H_CURSOR_SPEAKERS_REPORTS:
    case H_CURSOR_SPEAKERS_REPORTS_ASC:       /* an integer count */
        return after->at >= 0 && after->at <= INT32_MAX;
    case H_CURSOR_REPORT_PEOPLE:              /* a position, which is an integer */
        return after->at == 0 && after->item <= (int64_t)INT32_MAX + 1;
    case H_CURSOR_RECS:
    case H_CURSOR_RECS_OLDEST:
    case H_CURSOR_REPORTS_DATE_DESC:
    case H_CURSOR_REPORTS_DATE:               /* a day */
        return after->at >= CURSOR_DAYS_MIN && after->at <= CURSOR_DAYS_MAX;
    default:                                  /* a time */
        return after->at >= CURSOR_MICROS_MIN && after->at <= CURSOR_MICROS_MAX;
    }
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
    n = strlen(s) <= (CURSOR_RAW_MAX + 2) / 3 * 4 ? http_b64url_decode(s, raw, sizeof raw) : -1;
    if (n < 2 || raw[0] != CURSOR_VERSION || raw[1] != (unsigned char)kind)
        goto bad;
    if (kind_by_name(kind)) {
        if (n <= 10 || memchr(raw + 10, '\0', (size_t)n - 10) != NULL ||
            !enc_utf8_valid(raw + 10, (size_t)n - 10))
            goto bad;
        after->id = get_i64(raw + 2);
        memcpy(key_buf, raw + 10, (size_t)n - 10);
        key_buf[n - 10] = '\0';
        after->key = key_buf;
        if (after->id <= 0)
            goto bad;
    } else {
        if (n != CURSOR_KEYSET_LEN)
            goto bad;
        after->at = get_i64(raw + 2);
        after->id = get_i64(raw + 10);
        after->item = get_i64(raw + 18);
        if (!keyset_plausible(kind, after))
            goto bad;
    }
    after->set = true;
    return true;
bad:
    http_problem(out, PODIUM_E_BAD_PARAM, rq->id,
                 "cursor is not one this list gave out in this order; start again without it");
    http_problem_add_error(out, "cursor", "not a cursor of this list and sort");
    return false;
}

/* ---- list answers ---- */

void h_reply_list(const struct http_request *rq, struct http_reply *out, json_t *items,
                  bool more, enum h_cursor_kind kind, const struct store_after *last,
                  int64_t total)
{
    char *next = more && last != NULL ? cursor_encode(kind, last) : NULL;
    char *links = NULL;
    json_t *body;

    if (more && next == NULL) {
        json_decref(items);
        http_problem(out, PODIUM_E_INTERNAL, rq->id, "out of memory");
        return;
    }
    body = json_pack("{s:o, s:s?}", "items", items, "next", next);
    http_reply_vary(out, "Prefer");    /* Prefer: count=exact adds total */
    if (body != NULL && total >= 0) {
        json_object_set_new(body, "total", json_integer(total));
        http_reply_header(out, "Preference-Applied", "count=exact");
    }
    if (body != NULL && (links = http_list_links(rq, next)) != NULL)
        http_reply_header(out, "Link", "%s", links);
    free(links);
    free(next);
    /* Tagged like a single resource: the tag is the page's bytes, so it
     * changes whenever an item on it does. */
    h_reply_etag(rq, out, body);
}

bool h_list_total(const struct http_request *rq, struct http_reply *out, enum store_qs qs)
{
    if (qs >= 0)
        return true;
    http_store_problem(rq, out, qs);
    return false;
}

/* ---- single resources ---- */

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
    char tag[HTTP_ETAG_SIZE];

    http_etag_of(body, len, tag);
    reply_tagged(out, content_type, body, len, tag, NULL);
}

/* Encodes body (stolen) once: the text hashed for the tag is the text sent,
 * since encoding it twice took a fifth of the CPU time of GET
 * /reports/{id}. Keeps it in the cache when kind is not
 * H_CACHE_KINDS_. */
static void reply_encoded(const struct http_request *rq, struct http_reply *out, json_t *body,
                          enum h_cache_kind kind, int64_t id, uint64_t version)
{
    char *text = body != NULL ? json_dumps(body, ENC_DUMP_FLAGS) : NULL;
    char tag[HTTP_ETAG_SIZE];
    size_t len;

    json_decref(body);
    if (text == NULL) {
        http_reply_json_steal(out, 200, NULL);     /* answers 500 */
        return;
    }
    len = strlen(text);
    http_etag_of(text, len, tag);
    if (kind != H_CACHE_KINDS_ && h_cache_of(rq) != NULL)
        h_cache_put(h_cache_of(rq), kind, id, version, text, len, tag);
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
    char *text, tag[HTTP_ETAG_SIZE];
    size_t len;

    if (h_cache_of(rq) == NULL || !h_cache_get(h_cache_of(rq), kind, id, version, &text, &len, tag))
        return false;
    reply_tagged(out, JSON_TYPE, text, len, tag, cache_policy(kind));
    return true;
}
