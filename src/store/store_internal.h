/* Helpers shared by store_reports.c, store_speakers.c and store_recs.c:
 * reading typed values out of a PGresult, and giving results and arrays to
 * the stored object that will own them. Only src/store/ includes this. */
#ifndef PODIUM_STORE_INTERNAL_H
#define PODIUM_STORE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "podium/seg.h"

#include "store/store_api.h"
#include "store/store_db.h"

/* Stored text and search strings fold through the segmenter's one rule;
 * malloc'd, NULL for NULL text or when out of memory. */
static inline char *store_fold(const char *text)
{
    return text != NULL ? seg_fold_text(text, strlen(text)) : NULL;
}

/* "t" when folded text has no character with a case (all of Chinese, digits,
 * punctuation), else "f". For such a search string ILIKE finds exactly what
 * LIKE finds, and LIKE runs several times faster on the rows the trigram
 * index only narrows down: the search statements take it as a parameter and
 * their custom plans keep one operator. */
const char *store_caseless_param(const char *folded);

/* NULL for SQL NULL, else the value (borrowed from res). */
const char *store_col_text(const PGresult *res, int row, int col);
int64_t store_col_i64(const PGresult *res, int row, int col);
uint32_t store_col_u32(const PGresult *res, int row, int col);
double store_col_f64(const PGresult *res, int row, int col);

/* Hands res to hold (which PQclears it later). False when hold is full; res
 * is cleared then, so either way the caller no longer owns it. */
bool store_hold_result(struct stored_hold *hold, PGresult *res);
/* calloc(n, size) owned by hold; NULL when out of memory or hold is full.
 * n == 0 gives NULL too, which is a valid empty array. */
void *store_hold_array(struct stored_hold *hold, size_t n, size_t size);

/* A list page: runs statement name (which fetches limit + 1 rows) with
 * store_exec, *qs its outcome. With rows, hold takes them (*res, to read the
 * items from), *n is min(rows, limit), *more whether the extra row came, and
 * the result is a zeroed array of *n items of size bytes. NULL when there
 * are no rows or the statement failed, and when out of memory (*qs is
 * STORE_HARD_ERROR then). */
void *store_list_page(struct store *st, const char *name, int nparams, const char *const *params,
                      unsigned int limit, size_t size, struct stored_hold *hold, size_t *n,
                      bool *more, PGresult **res, enum store_qs *qs);

/* The count of a list statement's rows, for ?count=exact: the list's own
 * SQL, so the total always counts what the pages show. It runs with the
 * keyset NULL and the limit NULL (no limit), and its ORDER BY is
 * STORE_NO_ORDER, a constant the planner drops, so no rows are sorted. */
#define STORE_TOTAL_OF(list_sql) "SELECT count(*) FROM (" list_sql ") counted"
#define STORE_NO_ORDER "NULL::integer"
enum store_qs store_total(struct store *st, const char *name, int nparams,
                          const char *const *params, int64_t *total);

/* Columns from col on: paragraph, start_byte, end_byte, text, cue_start,
 * cue_end, cue_text, confidence. The caller sets id and report_id. */
void store_read_remark(const PGresult *res, int row, int col, struct stored_remark *m);
/* Columns from col on: ordinal, marker, paragraph, start_byte, end_byte, text. */
void store_read_rec(const PGresult *res, int row, int col, struct stored_rec *c);

/* A PostgreSQL array literal built element by element, for statements that
 * take a column of values as one typed array parameter ($n::text[]) and
 * expand it with unnest: one round trip whatever the number of rows. */
struct store_array {
    char *text;                     /* "{...}" once closed; malloc'd */
    size_t len, cap, n;
    bool failed;                    /* out of memory on some add */
};
/* Appends len bytes of v as one element, quoted; v NULL: SQL NULL. */
void store_array_add(struct store_array *a, const char *v, size_t len);
void store_array_add_str(struct store_array *a, const char *v);   /* NUL-terminated or NULL */
void store_array_add_i64(struct store_array *a, int64_t v);
/* The literal, which the caller frees; NULL when out of memory. */
char *store_array_close(struct store_array *a);

/* Decimal text of v in buf (at least 24 bytes), for statement parameters. */
const char *store_i64_param(char *buf, int64_t v);

#endif
