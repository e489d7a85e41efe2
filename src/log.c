/* Logging: one JSON object per line on stderr, written with a single write()
 * so lines from concurrent worker threads never interleave. */
#include "podium/log.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static _Atomic int min_level = LOG_LEVEL_INFO;

static const char *const level_names[] = {
    [LOG_LEVEL_DEBUG] = "debug",
    [LOG_LEVEL_INFO] = "info",
    [LOG_LEVEL_WARN] = "warn",
    [LOG_LEVEL_ERROR] = "error",
};

void log_set_level(enum log_level level)
{
    atomic_store(&min_level, (int)level);
}

bool log_enabled(enum log_level level)
{
    return (int)level >= atomic_load(&min_level);
}

bool log_level_parse(const char *name, enum log_level *out)
{
    for (size_t i = 0; i < sizeof level_names / sizeof level_names[0]; i++) {
        if (strcmp(name, level_names[i]) == 0) {
            *out = (enum log_level)i;
            return true;
        }
    }
    return false;
}

void log_write_line(const char *line, size_t len)
{
    /* Partial writes to a pipe are possible in theory; retry the rest. */
    while (len > 0) {
        ssize_t n = write(STDERR_FILENO, line, len);

        if (n <= 0)
            return;
        line += n;
        len -= (size_t)n;
    }
}

/* A JSON string of text that may not be UTF-8 (libpq errors in a server
 * locale, a client's percent-decoded path): bytes that would make it
 * invalid are replaced rather than the whole line lost. */
static json_t *lossy_string(const char *text)
{
    json_t *s = json_string(text);
    size_t len, start;
    char *copy;

    if (s != NULL || text == NULL)
        return s;
    /* Most often a message was only cut inside a character by the buffer
     * limit: then drop that last, incomplete character. */
    len = start = strlen(text);
    while (start > 0 && len - start < 3 && ((unsigned char)text[start - 1] & 0xC0) == 0x80)
        start--;
    if (start > 0) {
        unsigned char lead = (unsigned char)text[start - 1];
        size_t need = lead > 0xF4 ? 0 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;

        if (need > len - start + 1 && (s = json_stringn(text, start - 1)) != NULL)
            return s;
    }
    copy = strdup(text);
    if (copy == NULL)
        return NULL;
    for (char *p = copy; *p; p++)
        if ((unsigned char)*p >= 0x80)
            *p = '?';
    s = json_string(copy);
    free(copy);
    return s;
}

static void format_time(char *ts, size_t size)
{
    struct timespec now;
    struct tm tm;

    clock_gettime(CLOCK_REALTIME, &now);
    gmtime_r(&now.tv_sec, &tm);
    snprintf(ts, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
             now.tv_nsec / 1000000);
}

/* Dumps obj as one line and releases it. */
static void write_object(json_t *obj)
{
    char *line = obj ? json_dumps(obj, JSON_COMPACT) : NULL;

    if (line != NULL) {
        size_t len = strlen(line);
        char *with_nl = realloc(line, len + 2);

        if (with_nl != NULL) {
            line = with_nl;
            line[len] = '\n';
            log_write_line(line, len + 1);
        }
    }
    free(line);
    json_decref(obj);
}

void log_emit(enum log_level level, const char *fmt, ...)
{
    char msg[1024], ts[64];
    va_list ap;

    if (!log_enabled(level))
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    format_time(ts, sizeof ts);
    write_object(json_pack("{s:s, s:s, s:o*}", "ts", ts, "level", level_names[level], "msg",
                           lossy_string(msg)));
}

void log_access(const char *method, const char *path, unsigned int status, size_t bytes,
                unsigned long long micros, const char *request_id)
{
    char ts[64];

    if (!log_enabled(LOG_LEVEL_INFO))
        return;
    format_time(ts, sizeof ts);
    write_object(json_pack("{s:s, s:s, s:s, s:o*, s:o*, s:i, s:I, s:I, s:s}", "ts", ts,
                           "level", "info", "msg", "access", "method", lossy_string(method),
                           "path", lossy_string(path), "status", (int)status,
                           "bytes", (json_int_t)bytes, "us", (json_int_t)micros,
                           "request_id", request_id));
}
