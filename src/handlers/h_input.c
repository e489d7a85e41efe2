/* The report input of POST /reports and POST /segment: text/plain (the
 * report itself) or application/json {"text", "title"?, "source"?, "url"?,
 * "published_at"?, "metadata"?}, segmented once here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "handlers/h_common.h"

#define ACCEPTED_TYPES "text/plain; charset=utf-8, application/json"

enum body_type { BODY_OTHER, BODY_TEXT, BODY_JSON };

/* Media type up to ';' or white space, compared case-insensitively; a
 * charset other than UTF-8 is refused. */
static enum body_type body_type(const char *ct)
{
    size_t n;
    const char *charset;

    if (ct == NULL)
        return BODY_OTHER;
    n = strcspn(ct, "; \t");
    charset = strcasestr(ct + n, "charset=");
    if (charset != NULL) {
        charset += 8;
        if (*charset == '"')
            charset++;
        if (strncasecmp(charset, "utf-8", 5) != 0 ||
            (charset[5] != '\0' && charset[5] != ';' && charset[5] != '"' && charset[5] != ' '))
            return BODY_OTHER;
    }
    if (n == 10 && strncasecmp(ct, "text/plain", n) == 0)
        return BODY_TEXT;
    if (n == 16 && strncasecmp(ct, "application/json", n) == 0)
        return BODY_JSON;
    return BODY_OTHER;
}

static bool field_problem(struct h_input_problem *p, const char *field, const char *detail)
{
    p->code = PODIUM_E_BAD_FIELD;
    p->field = field;
    p->field_detail = detail;
    snprintf(p->detail, sizeof p->detail, "%s: %s", field, detail);
    return false;
}

/* Optional string member: absent or null leaves *value NULL. */
static bool optional_string(struct h_input_problem *p, json_t *root, const char *field,
                            const char **value)
{
    json_t *v = json_object_get(root, field);

    *value = NULL;
    if (v == NULL || json_is_null(v))
        return true;
    if (!json_is_string(v))
        return field_problem(p, field, "must be a string");
    *value = json_string_value(v);
    return true;
}

/* Only addresses a browser fetches as a page: a client that renders the
 * stored url as a link must never be handed javascript: or data:. */
static bool web_url(const char *url)
{
    size_t scheme = strncasecmp(url, "https://", 8) == 0 ? 8
                    : strncasecmp(url, "http://", 7) == 0 ? 7 : 0;

    return scheme > 0 && url[scheme] != '\0' && url[scheme] != '/';
}

bool h_report_json_parse(const char *body, size_t len, struct h_report_input *in,
                         struct h_input_problem *p)
{
    static const char *const fields[] = {"text", "title", "source", "url", "published_at",
                                         "metadata", NULL};
    json_error_t jerr;
    json_t *text, *metadata, *v;
    const char *key;

    in->root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (in->root == NULL) {
        p->code = PODIUM_E_BAD_JSON;
        snprintf(p->detail, sizeof p->detail, "line %d column %d: %s", jerr.line, jerr.column,
                 jerr.text);
        return false;
    }
    if (!json_is_object(in->root))
        return field_problem(p, "(body)", "must be a JSON object");
    json_object_foreach(in->root, key, v) {
        const char *const *f = fields;

        while (*f != NULL && strcmp(*f, key) != 0)
            f++;
        if (*f == NULL)
            return field_problem(p, key, "is not a field of a report");
    }
    text = json_object_get(in->root, "text");
    if (!json_is_string(text))
        return field_problem(p, "text", "is required and must be a string");
    in->text = json_string_value(text);
    in->text_len = json_string_length(text);
    if (!optional_string(p, in->root, "title", &in->title) ||
        !optional_string(p, in->root, "source", &in->source) ||
        !optional_string(p, in->root, "url", &in->url) ||
        !optional_string(p, in->root, "published_at", &in->published_at))
        return false;
    if (in->url != NULL && !web_url(in->url))
        return field_problem(p, "url", "must be an http or https URL");
    if (in->published_at != NULL) {
        if (!http_time_valid(in->published_at, in->published_buf))
            return field_problem(p, "published_at", "must be an RFC 3339 date-time");
        in->published_at = in->published_buf;
    }
    metadata = json_object_get(in->root, "metadata");
    if (metadata != NULL && !json_is_null(metadata)) {
        if (!json_is_object(metadata))
            return field_problem(p, "metadata", "must be a JSON object");
        if ((in->metadata_json = json_dumps(metadata, JSON_COMPACT)) == NULL) {
            p->code = PODIUM_E_INTERNAL;
            snprintf(p->detail, sizeof p->detail, "out of memory");
            return false;
        }
    }
    return true;
}

bool h_report_segment(struct h_report_input *in, struct h_input_problem *p)
{
    struct seg_error err = {0};

    if (seg_init(&err) && (in->seg = seg_segment(in->text, in->text_len, &err)) != NULL)
        return true;
    snprintf(p->detail, sizeof p->detail, "%s", err.message);
    switch (err.status) {
    case SEG_E_EMPTY:
        p->code = PODIUM_E_UNPROCESSABLE;
        snprintf(p->detail, sizeof p->detail, "the report text is empty");
        break;
    case SEG_E_UTF8:
        p->code = PODIUM_E_BAD_UTF8;
        break;
    case SEG_E_NUL:
        p->code = PODIUM_E_BAD_FIELD;
        p->field = "text";
        p->field_detail = "must not contain NUL bytes";
        break;
    case SEG_E_TOO_LARGE:
        p->code = PODIUM_E_BODY_TOO_LARGE;
        break;
    default:
        p->code = PODIUM_E_INTERNAL;
        break;
    }
    return false;
}

void h_input_problem_reply(const struct http_request *rq, const struct h_input_problem *p,
                           struct http_reply *out)
{
    http_problem(out, p->code, rq->id, "%s", p->detail);
    if (p->field != NULL)
        http_problem_add_error(out, p->field, p->field_detail);
}

bool h_report_input_read(const struct http_request *rq, struct h_report_input *in,
                         struct http_reply *out)
{
    enum body_type type = body_type(http_header(rq, "Content-Type"));
    struct h_input_problem p = {0};

    memset(in, 0, sizeof *in);
    if (type == BODY_OTHER) {
        http_problem(out, PODIUM_E_UNSUPPORTED_MEDIA_TYPE, rq->id,
                     "send the report as text/plain; charset=utf-8 or as application/json");
        http_reply_header(out, "Accept-Post", ACCEPTED_TYPES);
        return false;
    }
    if (type == BODY_JSON) {
        if (!h_report_json_parse(rq->body != NULL ? rq->body : "", rq->body_len, in, &p))
            goto refused;
    } else {
        in->text = rq->body != NULL ? rq->body : "";
        in->text_len = rq->body_len;
    }
    if (h_report_segment(in, &p))
        return true;
refused:
    h_input_problem_reply(rq, &p, out);
    return false;
}

void h_report_input_clear(struct h_report_input *in)
{
    json_decref(in->root);
    free(in->metadata_json);
    seg_result_free(in->seg);
    memset(in, 0, sizeof *in);
}
