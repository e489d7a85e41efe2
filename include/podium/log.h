/* One JSON object per line on stderr: {"ts", "level", "msg", ...}. */
#ifndef PODIUM_LOG_H
#define PODIUM_LOG_H

#include <stdbool.h>
#include <stddef.h>

enum log_level { LOG_LEVEL_DEBUG, LOG_LEVEL_INFO, LOG_LEVEL_WARN, LOG_LEVEL_ERROR };

void log_set_level(enum log_level level);
bool log_enabled(enum log_level level);
/* "debug", "info", "warn", "error" -> level; false for anything else. */
bool log_level_parse(const char *name, enum log_level *out);

void log_emit(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes one already-complete line in a single write. */
void log_write_line(const char *line, size_t len);

/* The access-log line of one request (level info). */
void log_access(const char *method, const char *path, unsigned int status, size_t bytes,
                unsigned long long micros, const char *request_id);

#define log_debug(...) \
    do { if (log_enabled(LOG_LEVEL_DEBUG)) log_emit(LOG_LEVEL_DEBUG, __VA_ARGS__); } while (0)
#define log_info(...)  log_emit(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_warn(...)  log_emit(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_error(...) log_emit(LOG_LEVEL_ERROR, __VA_ARGS__)

#endif
