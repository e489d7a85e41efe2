/* The error registry as data, and RFC 9457 problem documents built from it. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "http/http.h"

static const struct {
    unsigned int status;
    const char *slug, *title;
} errtab[] = {
#define PODIUM_ERR_ROW(name, status, slug, title) [PODIUM_E_##name] = {status, slug, title},
    PODIUM_ERRORS(PODIUM_ERR_ROW)
#undef PODIUM_ERR_ROW
};

static bool known(enum podium_err e)
{
    return (unsigned int)e < sizeof errtab / sizeof errtab[0];
}

unsigned int podium_err_status(enum podium_err e)
{
    return known(e) ? errtab[e].status : 0;
}

const char *podium_err_slug(enum podium_err e)
{
    return known(e) ? errtab[e].slug : errtab[PODIUM_E_INTERNAL].slug;
}

const char *podium_err_title(enum podium_err e)
{
    return known(e) ? errtab[e].title : errtab[PODIUM_E_INTERNAL].title;
}

void http_problem(struct http_reply *out, enum podium_err e, const char *request_id,
                  const char *fmt, ...)
{
    char type[96], detail[512] = "";
    va_list ap;

    /* NONE or a stray value is a bug in the caller: still answer, as 500. */
    if (!known(e) || e == PODIUM_E_NONE)
        e = PODIUM_E_INTERNAL;
    if (fmt != NULL) {
        va_start(ap, fmt);
        vsnprintf(detail, sizeof detail, fmt, ap);
        va_end(ap);
    }
    snprintf(type, sizeof type, "/problems/%s", errtab[e].slug);

    json_decref(out->json);
    free(out->raw);
    out->json = NULL;
    out->raw = NULL;
    out->raw_len = 0;
    out->status = errtab[e].status;
    out->content_type = "application/problem+json";
    /* detail may hold arbitrary client bytes cut at any point: if it is not
     * valid UTF-8, json_pack fails, so fall back to no detail at all. */
    out->json = json_pack("{s:s, s:s, s:i, s:s, s:s*, s:s*}", "type", type, "title",
                          errtab[e].title, "status", (int)out->status, "code", errtab[e].slug,
                          "detail", detail[0] ? detail : NULL, "request_id", request_id);
    if (out->json == NULL)
        out->json = json_pack("{s:s, s:s, s:i, s:s, s:s*}", "type", type, "title",
                              errtab[e].title, "status", (int)out->status, "code",
                              errtab[e].slug, "request_id", request_id);
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
