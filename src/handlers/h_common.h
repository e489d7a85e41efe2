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
#include "http/proto.h"
#include "http/router.h"
#include "podium/seg.h"
#include "store/store.h"

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

/* since/until over event days: an RFC 3339 date (2023-11-23) or date-time
 * from query parameter `name`, as the first event day at or after it, an
 * event being taken to happen at the start of its day in the offset the
 * parameter is written in: 2023-11-23 and 2023-11-23T00:00:00+08:00 give
 * 2023-11-23, 2023-11-23T10:00:00Z gives 2023-11-24. Written to buf as
 * YYYY-MM-DD; *value stays NULL when absent; anything else is a 400
 * naming the parameter. */
bool h_param_day(const struct http_request *rq, const char *name, char buf[16],
                 const char **value, struct http_reply *out);
/* The same rule on a value s: false when s is neither form. */
bool h_day_of(const char *s, char buf[16]);

/* speaker=ID or a name in either script into *id / *name. */
void h_param_speaker(const struct http_request *rq, int64_t *id, const char **name);

/* Cursors: base64url (http/proto.h) of a version byte, the list kind and the keyset
 * values. A cursor made for another list or altered is refused with 400. */
enum h_cursor_kind {
    H_CURSOR_SPEAKERS_REPORTS = 'c',
    H_CURSOR_SPEAKERS_REPORTS_ASC = 'C',
    H_CURSOR_SPEAKERS_LAST_SEEN = 'l',
    H_CURSOR_SPEAKERS_LAST_SEEN_ASC = 'L',
    /* 'n' was the code-point order of old, keyed by the name alone; the
     * pinyin order is keyed by (name, id), so its cursors got new letters. */
    H_CURSOR_SPEAKERS_NAME = 'y',
    H_CURSOR_SPEAKERS_NAME_DESC = 'z',
    H_CURSOR_RECS = 'e',                  /* at: the event day, in days since 1970 */
    H_CURSOR_RECS_OLDEST = 'E',           /* the same */
    H_CURSOR_REPORTS_DATE_DESC = 'd',     /* the same */
    H_CURSOR_REPORTS_DATE = 'a',          /* the same */
    H_CURSOR_REPORTS_CREATED_DESC = 'k',  /* at: created_at in microseconds */
    H_CURSOR_REPORT_PEOPLE = 'p',         /* id: the report, item: position + 1 */
};
#define H_CURSOR_KEY_MAX 256

/* Reads ?cursor into after (key is copied into key_buf). */
bool h_param_cursor(const struct http_request *rq, enum h_cursor_kind kind,
                    struct store_after *after, char key_buf[H_CURSOR_KEY_MAX + 1],
                    struct http_reply *out);

/* Answers 200 {"items": items, "next": cursor|null, "total"?} (items is
 * stolen), an ETag and a Link header (http_list_links) with rel="first"
 * and, when there is a next page, rel="next". last is the keyset of the
 * last item; more says whether a next page exists; total is added (with
 * Preference-Applied) when >= 0. */
void h_reply_list(const struct http_request *rq, struct http_reply *out, json_t *items,
                  bool more, enum h_cursor_kind kind, const struct store_after *last,
                  int64_t total);
/* False, with the problem answered, when the total's query failed. */
bool h_list_total(const struct http_request *rq, struct http_reply *out, enum store_qs qs);

/* Answers 200 with body (stolen), a strong ETag and Cache-Control
 * HTTP_CACHE_REVALIDATE; the transfer layer turns it into 304 when the
 * request's If-None-Match names the tag of what would be sent. */
void h_reply_etag(const struct http_request *rq, struct http_reply *out, json_t *body);
/* The same, keeping the encoded body in h_cache_of(rq) under (kind, id,
 * version): version must be that of the row the body was read with, in
 * the same snapshot. A stored report is HTTP_CACHE_IMMUTABLE. */
void h_reply_etag_kept(const struct http_request *rq, struct http_reply *out, json_t *body,
                       enum h_cache_kind kind, int64_t id, uint64_t version);
/* The same for bytes already encoded (body is stolen, may hold NULs), sent
 * with content_type, and with the Cache-Control the caller set (else none
 * is kept: no-store). */
void h_reply_bytes_etag(const struct http_request *rq, struct http_reply *out,
                        const char *content_type, char *body, size_t len);
/* Answers as h_reply_etag_kept from h_cache_of(rq) when it keeps (kind,
 * id) at exactly version; false (nothing answered) otherwise. */
bool h_reply_cached(const struct http_request *rq, struct http_reply *out,
                    enum h_cache_kind kind, int64_t id, uint64_t version);

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

/* Why a report input was refused: the problem's code and detail, and the
 * field at fault for its "errors" list (NULL when none). field points into
 * static strings or the parsed JSON, valid until h_report_input_clear. */
struct h_input_problem {
    enum podium_err code;
    const char *field, *field_detail;
    char detail[256];
};

/* Parses a report object (the JSON body of POST /reports, or one line of
 * NDJSON) into in, which borrows its strings from in->root. False with p
 * filled in when it is not one; in is cleared by h_report_input_clear
 * either way. No request needed: the batch and `podium import` use it. */
bool h_report_json_parse(const char *body, size_t len, struct h_report_input *in,
                         struct h_input_problem *p);
/* Segments in->text into in->seg; false with p filled in when it cannot. */
bool h_report_segment(struct h_report_input *in, struct h_input_problem *p);
/* Answers the problem p describes. */
void h_input_problem_reply(const struct http_request *rq, const struct h_input_problem *p,
                           struct http_reply *out);

/* Content type, body and segmentation; answers the problem itself (415,
 * 400, 413, 422, 500) and returns false when the input is not usable. */
bool h_report_input_read(const struct http_request *rq, struct h_report_input *in,
                         struct http_reply *out);
void h_report_input_clear(struct h_report_input *in);

#endif
