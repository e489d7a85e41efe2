/* RFC 9457 problems from the error registry, and reply ownership. */
#include "check.h"
#include "handlers/handlers.h"
#include "http/http.h"

static void check_problem(enum podium_err e, unsigned int status, const char *slug)
{
    struct http_reply out = {0};
    char type[96];

    http_problem(&out, e, "req-1", "detail %d", 7);
    snprintf(type, sizeof type, "/problems/%s", slug);
    check(out.status == status);
    check_str(out.content_type, "application/problem+json");
    check(out.json != NULL);
    check_str(json_string_value(json_object_get(out.json, "type")), type);
    check_str(json_string_value(json_object_get(out.json, "code")), slug);
    check_str(json_string_value(json_object_get(out.json, "title")), podium_err_title(e));
    check(json_integer_value(json_object_get(out.json, "status")) == status);
    check_str(json_string_value(json_object_get(out.json, "detail")), "detail 7");
    check_str(json_string_value(json_object_get(out.json, "request_id")), "req-1");
    http_reply_clear(&out);
    check(out.json == NULL && out.n_headers == 0);
}

int main(void)
{
    struct http_reply out = {0};

    check_problem(PODIUM_E_NOT_FOUND, 404, "not-found");
    check_problem(PODIUM_E_METHOD_NOT_ALLOWED, 405, "method-not-allowed");
    check_problem(PODIUM_E_BODY_TOO_LARGE, 413, "body-too-large");
    check_problem(PODIUM_E_BAD_JSON, 400, "invalid-json");
    check_problem(PODIUM_E_DB_UNAVAILABLE, 503, "database-unavailable");

    /* Every registered code has a status, a distinct slug and a title. */
    for (int e = 1; e < PODIUM_E_COUNT_; e++) {
        unsigned int st = podium_err_status((enum podium_err)e);

        if (st < 400 || st > 599)
            fail("code %d has status %u", e, st);
        for (int f = 1; f < e; f++)
            if (strcmp(podium_err_slug((enum podium_err)e), podium_err_slug((enum podium_err)f)) == 0)
                fail("codes %d and %d share the slug %s", e, f, podium_err_slug((enum podium_err)e));
        /* Its "type" resolves to a page that says what it means. */
        if (h_problem_explanation((enum podium_err)e) == NULL)
            fail("code %s has no explanation for /problems/%s", podium_err_slug((enum podium_err)e),
                 podium_err_slug((enum podium_err)e));
    }

    /* No detail: the member is left out rather than empty. */
    http_problem(&out, PODIUM_E_NOT_FOUND, "r", NULL);
    check(json_object_get(out.json, "detail") == NULL);
    http_reply_clear(&out);

    /* Invalid UTF-8 in the detail (client bytes) still yields a problem. */
    http_problem(&out, PODIUM_E_BAD_PARAM, "r", "bad value %s", "\xff\xfe");
    check(out.json != NULL && out.status == 400);
    http_reply_clear(&out);

    /* 503 tells clients when to come back; 401 names the scheme; once only. */
    http_problem(&out, PODIUM_E_DB_UNAVAILABLE, "r", NULL);
    http_problem(&out, PODIUM_E_SHUTTING_DOWN, "r", NULL);
    check(http_reply_header_get(&out, "Retry-After") != NULL && out.n_headers == 1);
    http_reply_clear(&out);
    http_problem(&out, PODIUM_E_UNAUTHORIZED, "r", NULL);
    check_str(http_reply_header_get(&out, "WWW-Authenticate"), "Bearer");
    http_reply_clear(&out);

    /* Field errors accumulate in "errors". */
    http_problem(&out, PODIUM_E_BAD_FIELD, "r", "invalid input");
    http_problem_add_error(&out, "text", "must not be empty");
    http_problem_add_error(&out, "url", "must be a string");
    check(json_array_size(json_object_get(out.json, "errors")) == 2);
    check_str(json_string_value(json_object_get(json_array_get(json_object_get(out.json, "errors"), 1),
                                                "field")), "url");
    http_reply_clear(&out);

    /* A NULL document (json_pack failure) turns into a 500, not a crash. */
    http_reply_json_steal(&out, 200, NULL);
    check(out.status == 500);
    http_reply_clear(&out);

    /* Header values that could split the response are refused. */
    check(!http_reply_header(&out, "Location", "/x\r\nSet-Cookie: a=b"));
    check(http_reply_header(&out, "Location", "/reports/%d", 5));
    check_str(http_reply_header_get(&out, "Location"), "/reports/5");
    http_reply_clear(&out);

    /* A stray code is answered as an internal error. */
    http_problem(&out, (enum podium_err)999, "r", NULL);
    check(out.status == 500);
    http_reply_clear(&out);
    return 0;
}
