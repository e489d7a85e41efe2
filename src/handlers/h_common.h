/* What the resource handlers share: query parameters checked strictly
 * (unknown names, limit, cursor, ids, RFC 3339 times), opaque keyset cursors,
 * the list answer with its Link header, ETag/304 for single resources, the
 * mapping of store outcomes to problems, and the report input of POST
 * /reports and POST /segment. */
#ifndef PODIUM_H_COMMON_H
#define PODIUM_H_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "handlers/h_cache.h"
#include "http/http.h"
#include "podium/seg.h"
#include "store/store.h"
#include "store/store_api.h"

#define H_LIMIT_DEFAULT 20u
#define H_LIMIT_MAX 100u

/* Answers 400 naming the first query parameter not in the NULL-terminated
 * list `allowed` (at most 32 names), or the first given twice, and returns
 * false. */
bool h_params_known(const struct http_request *rq, const char *const *allowed,
                    struct http_reply *out);

/* Parameter name, when given, must be one of the NULL-terminated choices
 * (else 400 listing them); *value is the choice, or fallback when absent. */
bool h_param_choice(const struct http_request *rq, const char *name, const char *const *choices,
                    const char *fallback, const char **value, struct http_reply *out);

/* Whether the client asked for the list's total: ?count=exact (the only
 * value) or Prefer: count=exact. */
bool h_param_count(const struct http_request *rq, bool *want, struct http_reply *out);

/* A filter value: NULL when absent or empty ("?q=" filters nothing). */
const char *h_param_filter(const struct http_request *rq, const char *name);

/* limit: absent -> H_LIMIT_DEFAULT; else 1..H_LIMIT_MAX or 400. */
bool h_param_limit(const struct http_request *rq, unsigned int *limit, struct http_reply *out);

/* A positive decimal id in s, written canonically (no sign, no leading
 * zero); false for anything else. */
bool h_parse_id(const char *s, int64_t *id);
/* The {id} route argument; anything but a canonical id of a possible row
 * answers 404, saying "no <resource> N" for a number too large to exist. */
bool h_arg_id(const struct http_request *rq, const char *resource, int64_t *id,
              struct http_reply *out);

/* An RFC 3339 date-time (or full-date, read as midnight UTC) from query
 * parameter `name`, checked for real calendar values and copied to buf in a
 * form PostgreSQL reads the same way. *value stays NULL when absent. */
bool h_param_time(const struct http_request *rq, const char *name, char buf[40],
                  const char **value, struct http_reply *out);
/* The same check on a string; false when it is not RFC 3339. */
bool h_time_valid(const char *s, char buf[40]);

/* speaker=ID or a name in either script into *id / *name. */
void h_param_speaker(const struct http_request *rq, int64_t *id, const char **name);

/* Cursors: base64url of a version byte, the list kind and the keyset
 * values. A cursor made for another list or altered is refused with 400. */
enum h_cursor_kind {
    H_CURSOR_REPORTS = 'r',
    H_CURSOR_SPEAKERS_REPORTS = 'c',
    H_CURSOR_SPEAKERS_REPORTS_ASC = 'C',
    H_CURSOR_SPEAKERS_LAST_SEEN = 'l',
    H_CURSOR_SPEAKERS_LAST_SEEN_ASC = 'L',
    H_CURSOR_SPEAKERS_NAME = 'a',           /* 'n' was the code-point order of old */
    H_CURSOR_SPEAKERS_NAME_DESC = 'z',
    H_CURSOR_RECS = 'm',
    H_CURSOR_RECS_OLDEST = 'M',
    H_CURSOR_REPORT_PEOPLE = 'p',           /* id: the report, item: position + 1 */
};
#define H_CURSOR_KEY_MAX 256

/* Reads ?cursor into after (key is copied into key_buf). */
bool h_param_cursor(const struct http_request *rq, enum h_cursor_kind kind,
                    struct store_after *after, char key_buf[H_CURSOR_KEY_MAX + 1],
                    struct http_reply *out);

/* The scheme, host and path prefix links and Location start with:
 * PODIUM_PUBLIC_URL without a trailing '/', else "http://" and the Host
 * header when it is a valid host[:port]. Anything else in Host is never
 * reflected: the links stay relative (""). Returns the length. */
#define H_BASE_URL_MAX 512
size_t h_base_url(const struct http_request *rq, char *buf, size_t size);

/* Answers 200 {"items": items, "next": cursor|null, "total"?} (items is
 * stolen) and a Link header with rel="first" and, when there is a next
 * page, rel="next". last is the keyset of the last item; more says whether
 * a next page exists; total is added (with Preference-Applied) when >= 0. */
void h_reply_list(const struct http_request *rq, struct http_reply *out, json_t *items,
                  bool more, enum h_cursor_kind kind, const struct store_after *last,
                  int64_t total);
/* False, with the problem answered, when the total's query failed. */
bool h_list_total(const struct http_request *rq, struct http_reply *out, enum store_qs qs);

/* Answers 200 with body (stolen) and a strong ETag, or 304 when the
 * request's If-None-Match names the same tag. */
void h_reply_etag(const struct http_request *rq, struct http_reply *out, json_t *body);
/* The same, keeping the encoded body in h_cache_shared under (kind, id,
 * version): version must be that of the row the body was read with, in
 * the same snapshot. */
void h_reply_etag_kept(const struct http_request *rq, struct http_reply *out, json_t *body,
                       enum h_cache_kind kind, int64_t id, uint64_t version);
/* The same for bytes already encoded (body is stolen, may hold NULs), sent
 * with content_type. */
void h_reply_bytes_etag(const struct http_request *rq, struct http_reply *out,
                        const char *content_type, char *body, size_t len);
/* Answers 200 or 304 from h_cache_shared when it keeps (kind, id) at
 * exactly version; false (nothing answered) otherwise. */
bool h_reply_cached(const struct http_request *rq, struct http_reply *out,
                    enum h_cache_kind kind, int64_t id, uint64_t version);

/* 503 for lost or busy database, 500 for any other failure. */
void h_store_problem(const struct http_request *rq, struct http_reply *out, enum store_qs qs);

/* ---- POST /reports and POST /segment bodies (h_input.c) ---- */

struct h_report_input {
    json_t *root;                   /* the parsed JSON body, or NULL for text/plain */
    const char *text;               /* borrowed from the body or root */
    size_t text_len;
    const char *title, *source, *url, *published_at;
    char published_buf[40];
    char *metadata_json;            /* owned */
    struct seg_result *seg;         /* owned */
};

/* Content type, body and segmentation; answers the problem itself (415,
 * 400, 413, 422, 500) and returns false when the input is not usable. */
bool h_report_input_read(const struct http_request *rq, struct h_report_input *in,
                         struct http_reply *out);
void h_report_input_clear(struct h_report_input *in);

#endif
