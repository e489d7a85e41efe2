/* Every stored report out, as JSON lines (the shape of GET /reports/{id})
 * or as CSV tables: one code path for `podium export` and GET /export, so
 * both give the same bytes. Reports are read a page of ids at a time and
 * one report at a time, so memory stays flat however many there are. */
#ifndef PODIUM_EXPORT_H
#define PODIUM_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podium/stored.h"

struct store;

enum export_table { EXPORT_REPORTS, EXPORT_PEOPLE, EXPORT_REMARKS, EXPORT_RECS, EXPORT_TABLES };

/* "reports", "people", "remarks", "recommendations". */
const char *export_table_name(enum export_table t);
bool export_table_parse(const char *name, enum export_table *t);

/* A growing byte buffer; out of memory makes it fail (ok false) for good. */
struct export_buf {
    char *data;
    size_t len, cap;
    bool failed;
};
void export_buf_add(struct export_buf *b, const char *s, size_t n);
void export_buf_free(struct export_buf *b);

#define EXPORT_PAGE 200
/* UTF-8's byte order mark: spreadsheets read a CSV as UTF-8 only after it. */
#define EXPORT_BOM "\uFEFF"

/* Where an export is: the filter and the page of ids being read. */
struct export_cursor {
    const char *since, *until;      /* RFC 3339 or NULL; on listed_at */
    bool with_text;                 /* the original text in JSON lines */
    int64_t ids[EXPORT_PAGE];
    size_t n, pos;
    int64_t last;
    bool end;
};
void export_cursor_init(struct export_cursor *c, const char *since, const char *until,
                        bool with_text);
/* The next report into *rep (released with stored_hold_clear(&rep->hold)):
 * > 0 one read, 0 the end, < 0 the database failed. st may differ between
 * calls; no transaction stays open. */
int export_next(struct export_cursor *c, struct store *st, struct stored_report *rep);

/* The report as one JSON line. */
void export_jsonl(const struct stored_report *rep, struct export_buf *b);
/* The header row of a table, and a report's rows in it (CRLF line ends). */
void export_csv_header(enum export_table t, struct export_buf *b);
void export_csv_rows(const struct stored_report *rep, enum export_table t, struct export_buf *b);

#endif
