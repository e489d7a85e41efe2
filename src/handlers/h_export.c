/* GET /export: every report (or those listed in [since, until)) streamed as
 * JSON lines, or one CSV table, read a report at a time while the answer
 * is sent (podium/export.h). */
#include <stdlib.h>
#include <string.h>

#include "handlers/h_common.h"
#include "handlers/handlers.h"
#include "podium/export.h"

struct export_stream {
    struct store *st;               /* the worker thread's: the stream runs on it */
    struct export_cursor cursor;
    bool csv;
    enum export_table table;
    struct export_buf pending;
    size_t sent;                    /* of pending */
    char since[40], until[40];
};

static ssize_t export_read(void *cls, char *buf, size_t max)
{
    struct export_stream *s = cls;
    size_t n;

    while (s->sent == s->pending.len) {
        struct stored_report rep;
        int got;

        s->pending.len = 0;
        s->sent = 0;
        if ((got = export_next(&s->cursor, s->st, &rep)) <= 0) {
            if (got < 0)
                log_warn("export: the database failed; the answer ends unfinished");
            return got;
        }
        if (s->csv)
            export_csv_rows(&rep, s->table, &s->pending);
        else
            export_jsonl(&rep, &s->pending);
        stored_hold_clear(&rep.hold);
        if (s->pending.failed)
            return -1;
    }
    n = s->pending.len - s->sent < max ? s->pending.len - s->sent : max;
    memcpy(buf, s->pending.data + s->sent, n);
    s->sent += n;
    return (ssize_t)n;
}

static void export_free(void *cls)
{
    struct export_stream *s = cls;

    export_buf_free(&s->pending);
    free(s);
}

static bool flag_param(const struct http_request *rq, const char *name, bool *value,
                       struct http_reply *out)
{
    const char *v = http_query(rq, name);

    *value = v != NULL && strcmp(v, "1") == 0;
    if (v == NULL || strcmp(v, "0") == 0 || *value)
        return true;
    http_problem(out, PODIUM_E_BAD_PARAM, rq->id, "%s must be 0 or 1", name);
    http_problem_add_error(out, name, "0 or 1");
    return false;
}

void h_export(const struct http_request *rq, struct http_reply *out)
{
    static const char *const allowed[] = {"format", "table", "since", "until", "bom", "text", NULL};
    const char *format = http_query(rq, "format"), *table = http_query(rq, "table");
    const char *since = NULL, *until = NULL;
    struct export_stream *s;
    bool bom, with_text;

    if (!h_params_known(rq, allowed, out) || !flag_param(rq, "bom", &bom, out) ||
        !flag_param(rq, "text", &with_text, out))
        return;
    if ((s = calloc(1, sizeof *s)) == NULL) {
        http_problem(out, PODIUM_E_INTERNAL, rq->id, "out of memory");
        return;
    }
    s->st = rq->st;
    if (format == NULL || (strcmp(format, "jsonl") != 0 && strcmp(format, "csv") != 0)) {
        http_problem(out, PODIUM_E_BAD_PARAM, rq->id, "format must be jsonl or csv");
        http_problem_add_error(out, "format", "jsonl or csv");
        goto refused;
    }
    s->csv = strcmp(format, "csv") == 0;
    if (table != NULL && (!s->csv || !export_table_parse(table, &s->table))) {
        http_problem(out, PODIUM_E_BAD_PARAM, rq->id,
                     "table is for format=csv: reports, people, remarks or recommendations");
        http_problem_add_error(out, "table", "reports, people, remarks or recommendations");
        goto refused;
    }
    if (!h_param_day(rq, "since", s->since, &since, out) ||
        !h_param_day(rq, "until", s->until, &until, out))
        goto refused;
    export_cursor_init(&s->cursor, since, until, with_text);
    /* Bytes that come before the first report's. */
    if (bom && s->csv)
        export_buf_add(&s->pending, EXPORT_BOM, strlen(EXPORT_BOM));
    if (s->csv)
        export_csv_header(s->table, &s->pending);
    if (s->pending.failed) {
        http_problem(out, PODIUM_E_INTERNAL, rq->id, "out of memory");
        goto refused;
    }
    http_reply_stream(out, 200, s->csv ? "text/csv; charset=utf-8; header=present"
                                       : "application/x-ndjson; charset=utf-8",
                      (struct http_stream){export_read, export_free, s});
    if (s->csv)
        http_reply_header(out, "Content-Disposition", "attachment; filename=\"%s.csv\"",
                          export_table_name(s->table));
    return;
refused:
    export_free(s);
}
