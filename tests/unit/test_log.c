/* Log lines: one valid JSON object per line whatever the message holds,
 * level filtering, and the access-log fields. */
#include <jansson.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"
#include "podium/log.h"

static FILE *captured;

/* Sends fd 2 to a temporary file so the lines can be read back. */
static void capture(void)
{
    int original = dup(STDERR_FILENO);

    captured = tmpfile();
    check(captured != NULL && original >= 0);
    check(dup2(fileno(captured), STDERR_FILENO) == STDERR_FILENO);
    /* Failures of this test must stay visible. */
    FILE *visible = fdopen(original, "w");

    if (visible == NULL)
        exit(1);
    stderr = visible;
}

static json_t *next_line(void)
{
    static long offset;
    char line[4096];
    json_error_t jerr;
    json_t *doc;

    fflush(captured);
    fseek(captured, offset, SEEK_SET);
    if (fgets(line, sizeof line, captured) == NULL)
        return NULL;
    offset = ftell(captured);
    check(strchr(line, '\n') != NULL);
    doc = json_loads(line, 0, &jerr);
    if (doc == NULL)
        fail("not JSON (%s): %s", jerr.text, line);
    return doc;
}

int main(void)
{
    char long_cjk[2048] = "";
    json_t *doc;
    enum log_level level;

    capture();
    check(log_level_parse("warn", &level) && level == LOG_LEVEL_WARN);
    check(!log_level_parse("WARN", &level) && !log_level_parse("", &level));

    log_set_level(LOG_LEVEL_INFO);
    log_debug("hidden %d", 1);
    log_info("visible %s", "说明");
    doc = next_line();
    check(doc != NULL);
    check_str(json_string_value(json_object_get(doc, "level")), "info");
    check_str(json_string_value(json_object_get(doc, "msg")), "visible 说明");
    check(json_string_value(json_object_get(doc, "ts")) != NULL);
    json_decref(doc);

    /* Quotes, newlines and control bytes stay inside one line. */
    log_warn("a \"quoted\"\nsecond line\x01");
    doc = next_line();
    check_str(json_string_value(json_object_get(doc, "msg")), "a \"quoted\"\nsecond line\x01");
    json_decref(doc);

    /* Cut by the buffer in the middle of a character: still valid, still CJK. */
    for (size_t i = 0; i + 3 < sizeof long_cjk; i += 3)
        strcat(long_cjk, "中");
    log_error("x%s", long_cjk);
    doc = next_line();
    check(strncmp(json_string_value(json_object_get(doc, "msg")), "x中中", 7) == 0);
    json_decref(doc);

    /* Bytes that are not UTF-8 are replaced, not the line dropped. */
    log_error("bad \xff\xfe bytes");
    doc = next_line();
    check_str(json_string_value(json_object_get(doc, "msg")), "bad ?? bytes");
    json_decref(doc);

    log_access("GET", "/reports/\xff", 404, 123, 4567, "rid-1");
    doc = next_line();
    check_str(json_string_value(json_object_get(doc, "msg")), "access");
    check_str(json_string_value(json_object_get(doc, "path")), "/reports/?");
    check(json_integer_value(json_object_get(doc, "status")) == 404);
    check(json_integer_value(json_object_get(doc, "bytes")) == 123);
    check(json_integer_value(json_object_get(doc, "us")) == 4567);
    check_str(json_string_value(json_object_get(doc, "request_id")), "rid-1");
    json_decref(doc);

    /* Above the level: nothing written, access lines included. */
    log_set_level(LOG_LEVEL_ERROR);
    log_warn("hidden");
    log_access("GET", "/", 200, 0, 1, "r");
    check(next_line() == NULL);
    fclose(captured);
    return 0;
}
