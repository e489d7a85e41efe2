/* GET /problems/{slug}: the page a problem's "type" names, for a person
 * who meets the problem and follows the link. Every page is made from the
 * error registry (include/podium/error.h) and the explanations below, so
 * a code added to the registry has a page at once; tests/unit/test_problem
 * fails until it has an explanation too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/h_common.h"
#include "handlers/handlers.h"

/* What the problem means and what the client can do about it. */
static const char *const explanations[PODIUM_E_COUNT_] = {
    [PODIUM_E_BAD_JSON] =
        "The request body is not JSON that can be read: a syntax error, text that is not "
        "UTF-8, or the same member twice in one object. The detail gives the line and column.",
    [PODIUM_E_BAD_FIELD] =
        "The body is JSON, but a member is missing, has the wrong type or an unusable "
        "value, such as a \"text\" holding a NUL byte. The errors list names each field.",
    [PODIUM_E_BAD_PARAM] =
        "A query parameter is not one this resource takes, or its value is outside what it "
        "accepts: a limit beyond 1 to 100, a cursor this list did not hand out, a date that "
        "is not RFC 3339, or a pretty that is not 1, true, 0 or false. The errors list names "
        "the parameter.",
    [PODIUM_E_BAD_UTF8] =
        "The text sent is not valid UTF-8. Podium stores and searches text as UTF-8 and "
        "does not guess other encodings: convert the text before sending it.",
    [PODIUM_E_BAD_REQUEST] =
        "The request itself is malformed, for example two different Content-Length headers. "
        "The connection is closed after this answer; send the request again, well formed.",
    [PODIUM_E_UNAUTHORIZED] =
        "This service requires a token for writing requests. Send the header "
        "Authorization: Bearer followed by the token the operator set in PODIUM_API_TOKEN.",
    [PODIUM_E_CROSS_SITE] =
        "A browser sent a writing request from a page of another site, which this service "
        "does not allow. The operator can list the site in PODIUM_CORS_ORIGINS.",
    [PODIUM_E_NOT_FOUND] =
        "Nothing is at this path: the id is not stored (a deleted report is gone with "
        "everything under it), the id is not written as a plain decimal number, or the path "
        "names no resource at all.",
    [PODIUM_E_METHOD_NOT_ALLOWED] =
        "The resource exists but does not take this method. The Allow header lists the "
        "methods it takes.",
    [PODIUM_E_CONFLICT] =
        "The request conflicts with what is stored now. Read the resource again and decide "
        "whether to repeat the request.",
    [PODIUM_E_IN_PROGRESS] =
        "An earlier request with the same Idempotency-Key has not finished yet. Wait for "
        "the number of seconds in Retry-After and send the request again: you will get its "
        "answer.",
    [PODIUM_E_BODY_TOO_LARGE] =
        "The request body is larger than this service accepts (PODIUM_MAX_BODY, 1 MiB "
        "unless the operator changed it). Split the input, or ask the operator for a larger "
        "limit.",
    [PODIUM_E_URI_TOO_LONG] =
        "The path and query string together exceed 8192 bytes. Shorten the query: a search "
        "term of that length finds nothing a shorter one would not.",
    [PODIUM_E_UNSUPPORTED_MEDIA_TYPE] =
        "The Content-Type of the body is not one this resource reads. Reports are sent as "
        "text/plain or application/json; the Accept-Post header lists them.",
    [PODIUM_E_UNPROCESSABLE] =
        "The request is well formed but cannot be carried out: the report text is empty, "
        "or an Idempotency-Key is being reused for a different request.",
    [PODIUM_E_HEADERS_TOO_LARGE] =
        "The request headers together exceed 16384 bytes. Send fewer or shorter headers.",
    [PODIUM_E_INTERNAL] =
        "Something failed inside the service. The request_id in the answer is in the "
        "service's log with what happened: give it to the operator.",
    [PODIUM_E_DB_UNAVAILABLE] =
        "The database did not answer, or was busy or restarting. Nothing was changed; send "
        "the request again after the number of seconds in Retry-After.",
    [PODIUM_E_MIGRATIONS_PENDING] =
        "The database schema is older than this version of the service. The operator runs "
        "podium migrate; until then the service is not ready.",
    [PODIUM_E_SHUTTING_DOWN] =
        "This instance is stopping and takes no new work. Send the request again: a load "
        "balancer sends it to an instance that is running.",
    [PODIUM_E_DOCS_NOT_INSTALLED] =
        "The page /docs is drawn by Redoc, which the project installs with npm and podium "
        "serves from PODIUM_DOCS_DIR. It was not found there: run scripts/run (or npm ci in "
        "openapi/docs), or point PODIUM_DOCS_DIR at the folder holding redoc.standalone.js. "
        "The API itself works without it; /openapi.json has the same document.",
};

const char *h_problem_explanation(enum podium_err e)
{
    return e > PODIUM_E_NONE && e < PODIUM_E_COUNT_ ? explanations[e] : NULL;
}

/* The code whose slug is s, or PODIUM_E_NONE. */
static enum podium_err slug_code(const char *s)
{
    for (int e = PODIUM_E_NONE + 1; e < PODIUM_E_COUNT_; e++)
        if (strcmp(podium_err_slug((enum podium_err)e), s) == 0)
            return (enum podium_err)e;
    return PODIUM_E_NONE;
}

void h_problem_page(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {NULL};
    enum podium_err e;
    const char *explanation;
    char *page = NULL;
    size_t len = 0;
    FILE *f;

    if (!h_params_known(rq, allowed, out))
        return;
    if ((e = slug_code(rq->args[0])) == PODIUM_E_NONE) {
        http_problem(out, PODIUM_E_NOT_FOUND, rq->id, "no problem type of this name");
        return;
    }
    explanation = h_problem_explanation(e);
    if ((f = open_memstream(&page, &len)) == NULL) {
        http_problem(out, PODIUM_E_INTERNAL, rq->id, "out of memory");
        return;
    }
    /* Only the registry's own words go in: nothing from the request. */
    fprintf(f,
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>%s (%u) - Podium</title>\n</head>\n<body>\n<h1>%s</h1>\n"
            "<p>HTTP status %u. Problem type <code>/problems/%s</code>; the <code>code</code> "
            "member of the answer is <code>%s</code>.</p>\n<p>%s</p>\n"
            "<p>Every problem answer is an RFC 9457 document in "
            "<code>application/problem+json</code>: <code>detail</code> says what was wrong "
            "with this request, and <code>request_id</code> finds it in the service's log.</p>\n"
            "</body>\n</html>\n",
            podium_err_title(e), podium_err_status(e), podium_err_title(e), podium_err_status(e),
            podium_err_slug(e), podium_err_slug(e), explanation != NULL ? explanation : "");
    if (fclose(f) != 0) {
        free(page);
        http_problem(out, PODIUM_E_INTERNAL, rq->id, "out of memory");
        return;
    }
    /* The pages change only with a new version of the service. */
    http_reply_header(out, "Cache-Control", "max-age=86400");
    http_reply_header(out, "Content-Security-Policy", "default-src 'none'");
    http_reply_header(out, "X-Content-Type-Options", "nosniff");
    h_reply_bytes_etag(rq, out, "text/html; charset=utf-8", page, len);
}
