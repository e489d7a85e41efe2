/* Store internals shared by the store_*.c files: named prepared statements
 * (prepared lazily, once per connection), statement execution with the
 * four-way outcome, and the transaction runner. Only src/store/ includes this. */
#ifndef PODIUM_STORE_DB_H
#define PODIUM_STORE_DB_H

#include <libpq-fe.h>

#include "store/store.h"

/* One named statement. Each store_*.c file keeps its own static table and
 * registers it with STORE_STATEMENTS(table) at file scope; store.c never has
 * to be edited to add statements. Names must be unique across all tables. */
struct store_stmt {
    const char *name;
    const char *sql;
    int nparams;
};

struct store_stmt_table {
    const struct store_stmt *stmts;
    size_t n;
    size_t base;                    /* set by store_register */
    struct store_stmt_table *next;
};

/* Called by STORE_STATEMENTS before main(); not thread-safe by design. */
void store_register(struct store_stmt_table *table);

#define STORE_STATEMENTS(table)                                                     \
    static struct store_stmt_table table##_registration = {                         \
        table, sizeof(table) / sizeof((table)[0]), 0, NULL};                        \
    __attribute__((constructor)) static void table##_register(void)                 \
    {                                                                               \
        store_register(&table##_registration);                                      \
    }

/* Runs a registered statement with text parameters (NULL = SQL NULL).
 * *res is set only when the outcome is >= 1 row; the caller PQclear()s it.
 * In every other case *res is NULL, so a 0-row result cannot leak.
 * res may be NULL when the rows are not wanted. */
enum store_qs store_exec(struct store *st, const char *name, int nparams,
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
    const char *name;
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

#endif
