/* Store internals shared by the files of src/store/ (and the store's own
 * tests and benchmarks): the statements and how they run (prepared lazily,
 * once per connection, with the four-way outcome), the transaction runners,
 * typed reads out of a PGresult and giving results and arrays to the stored
 * object that will own them. Nothing outside src/store/ includes this
 * (tests/unit/layering.sh checks handlers and http). */
#ifndef PODIUM_STORE_INTERNAL_H
#define PODIUM_STORE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <libpq-fe.h>

#include "podium/seg.h"
#include "store/store.h"

/* Every statement: X(id, name, number of parameters). The enum of ids and
 * the table of store.c are made from this one list, so a statement is
 * named by an id the compiler checks. The SQL of statement name is
 * store_sql_<name>, defined next to the code that reads its columns; a
 * statement without SQL fails to link. */
#define STORE_STATEMENT_LIST(X)                                                           \
    /* store_insert.c */                                                                  \
    X(REPORT_INSERT, report_insert, STORE_REPORT_INSERT_PARAMS)                           \
    X(REPORT_ID_BY_TEXT, report_id_by_text, 1)                                            \
    X(REPORTS_KNOWN, reports_known, 1)                                                    \
    /* store_reports.c */                                                                 \
    X(PEOPLE_REFRESH, people_refresh, 1)                                                  \
    X(PEOPLE_LOCK_OF_REPORT, people_lock_of_report, 1)                                    \
    X(REPORT_EXISTS, report_exists, 1)                                                    \
    X(REPORT_IDS, report_ids, 4)                                                          \
    X(REPORT_DELETE, report_delete, 1)                                                    \
    X(PEOPLE_DELETE_ORPHANS, people_delete_orphans, 0)                                    \
    X(REPORT_GET, report_get, 2)                                                          \
    X(REPORT_APPEARANCES, report_appearances, 1)                                          \
    X(REPORT_PEOPLE, report_people, 3)                                                    \
    X(REPORT_PEOPLE_TOTAL, report_people_total, 3)                                        \
    X(REPORT_REMARKS, report_remarks, 1)                                                  \
    X(REPORT_RECS, report_recs, 1)                                                        \
    X(REPORT_LIST_DATE_DESC, report_list_date_desc, 10)                                   \
    X(REPORT_LIST_DATE, report_list_date, 10)                                             \
    X(REPORT_LIST_CREATED_DESC, report_list_created_desc, 10)                             \
    X(REPORT_TOTAL, report_total, 10)                                                     \
    X(IDEMPOTENCY_GET, idempotency_get, 2)                                                \
    X(IDEMPOTENCY_RESERVE, idempotency_reserve, 2)                                        \
    X(IDEMPOTENCY_COMPLETE, idempotency_complete, 5)                                      \
    X(IDEMPOTENCY_RELEASE, idempotency_release, 2)                                        \
    X(IDEMPOTENCY_PURGE, idempotency_purge, 0)                                            \
    /* store_speakers.c */                                                                \
    X(SPEAKER_LIST_REPORTS, speaker_list_reports, 7)                                      \
    X(SPEAKER_LIST_REPORTS_ASC, speaker_list_reports_asc, 7)                              \
    X(SPEAKER_LIST_NAME, speaker_list_name, 7)                                            \
    X(SPEAKER_LIST_NAME_DESC, speaker_list_name_desc, 7)                                  \
    X(SPEAKER_LIST_LAST_SEEN, speaker_list_last_seen, 7)                                  \
    X(SPEAKER_LIST_LAST_SEEN_ASC, speaker_list_last_seen_asc, 7)                          \
    X(SPEAKER_TOTAL, speaker_total, 4)                                                    \
    X(SPEAKER_VERSION, speaker_version, 1)                                                \
    X(SPEAKER_GET, speaker_get, 1)                                                        \
    X(SPEAKER_APPEARANCES, speaker_appearances, 2)                                        \
    X(SPEAKER_REMARKS, speaker_remarks, 2)                                                \
    X(SPEAKER_RECS, speaker_recs, 2)                                                      \
    /* store_recs.c */                                                                    \
    X(REC_LIST, rec_list, 11)                                                             \
    X(REC_LIST_OLDEST, rec_list_oldest, 11)                                               \
    X(REC_TOTAL, rec_total, 11)                                                           \
    /* store_maint.c */                                                                   \
    X(GIN_FLUSH, gin_flush, 0)

enum store_stmt_id {
#define STORE_STMT_ID(id, name, nparams) STMT_##id,
    STORE_STATEMENT_LIST(STORE_STMT_ID)
#undef STORE_STMT_ID
    STMT_COUNT_
};

#define STORE_STMT_SQL(id, name, nparams) extern const char store_sql_##name[];
STORE_STATEMENT_LIST(STORE_STMT_SQL)
#undef STORE_STMT_SQL

/* The name a statement is prepared under (EXPLAIN EXECUTE takes it). */
const char *store_stmt_name(enum store_stmt_id id);

/* Runs a statement with text parameters (NULL = SQL NULL); nparams must be
 * the statement's own count, or it is refused as a hard error.
 * *res is set only when the outcome is >= 1 row; the caller PQclear()s it.
 * In every other case *res is NULL, so a 0-row result cannot leak.
 * res may be NULL when the rows are not wanted. */
enum store_qs store_exec(struct store *st, enum store_stmt_id id, int nparams,
                         const char *const *values, PGresult **res);

/* One-off parameterised SQL that is not worth preparing (migrations, health
 * checks): PQexecParams with text parameters, same outcome and *res rules as
 * store_exec. sql may hold several statements only when nparams is 0. */
enum store_qs store_exec_sql(struct store *st, const char *sql, int nparams,
                             const char *const *values, PGresult **res);

/* The connection, for store_*.c files that need libpq directly (binary
 * parameters, COPY). NULL when not connected. */
PGconn *store_pgconn(struct store *st);

/* Runs fn inside BEGIN ... COMMIT, retrying the whole transaction from the
 * top on serialization failure, deadlock or a lost connection. fn may run
 * several times: it must write only to *cls and reset what it writes. */
typedef enum store_qs (*store_tx_fn)(struct store *st, void *cls);
enum store_qs store_run_tx(struct store *st, const char *name, store_tx_fn fn, void *cls);
/* The same retries for fn without BEGIN ... COMMIT: for work that is one
 * statement (atomic by itself), or statements that need no common snapshot,
 * so no round trips are spent on the transaction. */
enum store_qs store_run_retried(struct store *st, const char *name, store_tx_fn fn, void *cls);

/* One statement of store_read_tx. */
struct store_call {
    enum store_stmt_id id;
    int nparams;
    const char *const *values;
};

/* Runs the calls as one REPEATABLE READ, READ ONLY transaction sent in a
 * single round trip (libpq pipeline mode), so none may need another's
 * result; at most STORE_READ_TX_MAX calls. res[i] gets the rows of calls[i]
 * by store_exec's rule (NULL unless rows). Returns the outcome of calls[0]
 * when every call succeeded; otherwise the first failure, with every res[i]
 * NULL. Retried like store_run_tx; when calls[0] finds nothing (0) every
 * res[i] is NULL as well. */
#define STORE_READ_TX_MAX 8
enum store_qs store_read_tx(struct store *st, const struct store_call *calls, size_t n,
                            PGresult **res);

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

/* Hands every non-NULL res[i] to hold; false when hold is full (the
 * results are cleared then): either way the caller no longer owns them. */
bool store_hold_results(struct stored_hold *hold, PGresult *const *res, size_t n);

/* Fills item (zeroed) from row of res. */
typedef void (*store_row_fn)(const PGresult *res, int row, void *item, const void *cls);
/* The rows of res; 0 for NULL, which a read transaction gives for none. */
size_t store_rows(const PGresult *res);
/* The first n rows of res, each read by read into an array of items of
 * size bytes that hold owns. NULL when n is 0, and when out of memory. */
void *store_read_rows(const PGresult *res, size_t n, struct stored_hold *hold, size_t size,
                      store_row_fn read, const void *cls);

/* A list statement (which fetches limit + 1 rows) and how to read it. */
struct store_list {
    enum store_stmt_id stmt;
    int nparams;
    const char *const *params;
    unsigned int limit;
    size_t item_size;
    store_row_fn read_item;
    /* The keyset after row, in the statement's order (next->set is set). */
    void (*read_next)(const PGresult *res, int row, struct store_after *next, const void *cls);
    const void *cls;                /* passed to both */
};

/* A list page: runs list->stmt, *qs its outcome. With rows, hold takes them,
 * *n is min(rows, limit), *more whether the extra row came, *next then the
 * keyset after the last item, and the result is the array of *n items.
 * NULL when there are no rows or the statement failed, and when out of
 * memory (*qs is STORE_HARD_ERROR then). */
void *store_list_run(struct store *st, const struct store_list *list, struct stored_hold *hold,
                     size_t *n, bool *more, struct store_after *next, enum store_qs *qs);

/* The search strings of a list filter folded to simplified script. */
struct store_search {
    char *q, *speaker;              /* malloc'd, or NULL when not given */
};
/* False when out of memory; s is cleared with store_search_clear either way. */
bool store_search_fold(struct store_search *s, const char *q, const char *speaker_name);
void store_search_clear(struct store_search *s);

/* The count of a list statement's rows, for ?count=exact: the list's own
 * SQL, so the total always counts what the pages show. It runs with the
 * keyset NULL and the limit NULL (no limit), and its ORDER BY is
 * STORE_NO_ORDER, a constant the planner drops, so no rows are sorted. */
#define STORE_TOTAL_OF(list_sql) "SELECT count(*) FROM (" list_sql ") counted"
#define STORE_NO_ORDER "NULL::integer"
enum store_qs store_total(struct store *st, enum store_stmt_id id, int nparams,
                          const char *const *params, int64_t *total);

/* The column of a statement that answers with one. */
#define STORE_SOLE_COLUMN 0

/* What store_read_remark reads, in this order from column col on: the
 * SELECT list of remarks m that every statement reading remarks puts there. */
#define STORE_REMARK_COLUMNS                                                              \
    "m.paragraph, m.start_byte, m.end_byte, m.text, m.cue_start, m.cue_end, m.cue_text,"  \
    " m.confidence"
enum store_remark_column {
    REMARK_PARAGRAPH, REMARK_START, REMARK_END, REMARK_TEXT, REMARK_CUE_START, REMARK_CUE_END,
    REMARK_CUE_TEXT, REMARK_CONFIDENCE, REMARK_COLUMNS_
};
/* The same for store_read_rec and recommendations c. */
#define STORE_REC_COLUMNS "c.ordinal, c.marker, c.paragraph, c.start_byte, c.end_byte, c.text"
enum store_rec_column {
    REC_ORDINAL, REC_MARKER, REC_PARAGRAPH, REC_START, REC_END, REC_TEXT, REC_COLUMNS_
};

/* The caller sets id and report_id. */
void store_read_remark(const PGresult *res, int row, int col, struct stored_remark *m);
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
