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

static bool field_problem(const struct http_request *rq, struct http_reply *out,
                          const char *field, const char *detail)
{
    http_problem(out, PODIUM_E_BAD_FIELD, rq->id, "%s: %s", field, detail);
    http_problem_add_error(out, field, detail);
    return false;
}

/* Optional string member: absent or null leaves *value NULL. */
static bool optional_string(const struct http_request *rq, struct http_reply *out, json_t *root,
                            const char *field, const char **value)
{
    json_t *v = json_object_get(root, field);

    *value = NULL;
    if (v == NULL || json_is_null(v))
        return true;
    if (!json_is_string(v))
        return field_problem(rq, out, field, "must be a string");
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

static bool read_json(const struct http_request *rq, struct h_report_input *in,
                      struct http_reply *out)
{
    static const char *const fields[] = {"text", "title", "source", "url", "published_at",
                                         "metadata", NULL};
    json_error_t jerr;
    json_t *text, *metadata, *v;
    const char *key;

    in->root = json_loadb(rq->body != NULL ? rq->body : "", rq->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (in->root == NULL) {
        http_problem(out, PODIUM_E_BAD_JSON, rq->id, "line %d column %d: %s", jerr.line,
                     jerr.column, jerr.text);
        return false;
    }
    if (!json_is_object(in->root))
        return field_problem(rq, out, "(body)", "must be a JSON object");
    json_object_foreach(in->root, key, v) {
        const char *const *f = fields;

        while (*f != NULL && strcmp(*f, key) != 0)
            f++;
        if (*f == NULL)
            return field_problem(rq, out, key, "is not a field of a report");
    }
    text = json_object_get(in->root, "text");
    if (!json_is_string(text))
        return field_problem(rq, out, "text", "is required and must be a string");
    in->text = json_string_value(text);
    in->text_len = json_string_length(text);
    if (!optional_string(rq, out, in->root, "title", &in->title) ||
        !optional_string(rq, out, in->root, "source", &in->source) ||
        !optional_string(rq, out, in->root, "url", &in->url) ||
        !optional_string(rq, out, in->root, "published_at", &in->published_at))
        return false;
    if (in->url != NULL && !web_url(in->url))
        return field_problem(rq, out, "url", "must be an http or https URL");
    if (in->published_at != NULL) {
        if (!h_time_valid(in->published_at, in->published_buf))
            return field_problem(rq, out, "published_at", "must be an RFC 3339 date-time");
        in->published_at = in->published_buf;
    }
    metadata = json_object_get(in->root, "metadata");
    if (metadata != NULL && !json_is_null(metadata)) {
        if (!json_is_object(metadata))
            return field_problem(rq, out, "metadata", "must be a JSON object");
        if ((in->metadata_json = json_dumps(metadata, JSON_COMPACT)) == NULL) {
            http_problem(out, PODIUM_E_INTERNAL, rq->id, "out of memory");
            return false;
        }
    }
    return true;
}

static bool segment(const struct http_request *rq, struct h_report_input *in,
                    struct http_reply *out)
{
    struct seg_error err = {0};

    if (!seg_init(&err) || (in->seg = seg_segment(in->text, in->text_len, &err)) == NULL) {
        switch (err.status) {
        case SEG_E_EMPTY:
            http_problem(out, PODIUM_E_UNPROCESSABLE, rq->id, "the report text is empty");
            break;
        case SEG_E_UTF8:
            http_problem(out, PODIUM_E_BAD_UTF8, rq->id, "%s", err.message);
            break;
        case SEG_E_NUL:
            http_problem(out, PODIUM_E_BAD_FIELD, rq->id, "%s", err.message);
            http_problem_add_error(out, "text", "must not contain NUL bytes");
            break;
        case SEG_E_TOO_LARGE:
            http_problem(out, PODIUM_E_BODY_TOO_LARGE, rq->id, "%s", err.message);
            break;
        default:
            http_problem(out, PODIUM_E_INTERNAL, rq->id, "%s", err.message);
            break;
        }
        return false;
    }
    return true;
}

bool h_report_input_read(const struct http_request *rq, struct h_report_input *in,
                         struct http_reply *out)
{
    enum body_type type = body_type(http_header(rq, "Content-Type"));

    memset(in, 0, sizeof *in);
    if (type == BODY_OTHER) {
        http_problem(out, PODIUM_E_UNSUPPORTED_MEDIA_TYPE, rq->id,
                     "send the report as text/plain; charset=utf-8 or as application/json");
        http_reply_header(out, "Accept-Post", ACCEPTED_TYPES);
        return false;
    }
    if (type == BODY_JSON) {
        if (!read_json(rq, in, out))
            return false;
    } else {
        in->text = rq->body != NULL ? rq->body : "";
        in->text_len = rq->body_len;
    }
    return segment(rq, in, out);
}

void h_report_input_clear(struct h_report_input *in)
{
    json_decref(in->root);
    free(in->metadata_json);
    seg_result_free(in->seg);
    memset(in, 0, sizeof *in);
}
