/* The store layer against a real PostgreSQL: the four-way outcome, result
 * ownership, statement parameter counts, resending after a lost connection
 * and the transaction runner's retries. Exits 77 without DATABASE_URL unless CI
 * is set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../unit/check.h"
#include "store/store_internal.h"

/* Statements are the store's own, on the idempotency table of a migrated
 * database: a key with this request is a row. */
#define REQUEST "00"
#define NOT_HEX "zz"                  /* decode() refuses it: a hard error */

static const char *url;

static long count_rows(struct store *st)
{
    PGresult *res = NULL;
    long n;

    check(store_exec_sql(st, "SELECT count(*) FROM idempotency_keys WHERE key IN ('a', 'tx')",
                         0, NULL, &res) == STORE_ONE_RESULT && res != NULL);
    n = atol(PQgetvalue(res, 0, 0));
    PQclear(res);
    return n;
}

/* Ends st's session from another connection, as a server restart would. */
static void kill_backend(struct store *st)
{
    struct store *admin = store_open(url);
    PGresult *res = NULL;
    const char *pid[1];

    check(admin != NULL);
    check(store_exec_sql(st, "SELECT pg_backend_pid()", 0, NULL, &res) == STORE_ONE_RESULT);
    pid[0] = PQgetvalue(res, 0, 0);
    check(store_exec_sql(admin, "SELECT pg_terminate_backend($1::int)", 1, pid, NULL) ==
          STORE_ONE_RESULT);
    PQclear(res);
    store_close(admin);
    usleep(100 * 1000);               /* let the backend actually go */
}

struct tx_ctx {
    int attempts;
    int fail_first;                   /* attempts that fail before one succeeds */
    enum { FAIL_CONFLICT, FAIL_LOST, FAIL_HARD } how;
    struct store *victim;
};

static enum store_qs insert_tx(struct store *st, void *cls)
{
    struct tx_ctx *ctx = cls;
    const char *row[2] = {"tx", REQUEST}, *bad[2] = {"tx", NOT_HEX};
    enum store_qs qs;

    ctx->attempts++;
    if ((qs = store_exec(st, STMT_IDEMPOTENCY_RESERVE, 2, row, NULL)) < 0)
        return qs;
    if (ctx->attempts <= ctx->fail_first) {
        if (ctx->how == FAIL_CONFLICT)
            return store_exec_sql(st, "DO $$ BEGIN RAISE EXCEPTION 'simulated conflict'"
                                      " USING ERRCODE = '40001'; END $$", 0, NULL, NULL);
        if (ctx->how == FAIL_LOST) {
            kill_backend(st);
            return store_exec(st, STMT_IDEMPOTENCY_GET, 2, row, NULL);
        }
        return store_exec(st, STMT_IDEMPOTENCY_RESERVE, 2, bad, NULL);
    }
    return qs;
}

int main(void)
{
    const char *row[2] = {"a", REQUEST}, *missing[2] = {"zz", REQUEST};
    const char *bad[2] = {"b", NOT_HEX};
    const char *migrations = getenv("PODIUM_MIGRATIONS_DIR");
    struct tx_ctx ctx;
    PGresult *res;
    struct store *st;

    url = getenv("DATABASE_URL");
    if (url == NULL || url[0] == '\0') {
        fprintf(stderr, "DATABASE_URL is not set%s\n", getenv("CI") ? " (CI: failing)" : "");
        return getenv("CI") ? 1 : 77;
    }
    check(migrations != NULL && store_migrate(url, migrations) == 0);
    st = store_open(url);
    check(st != NULL && store_connected(st) && store_ping(st));
    check(store_exec_sql(st, "DELETE FROM idempotency_keys WHERE key IN ('a', 'b', 'tx')", 0,
                         NULL, NULL) >= 0);

    /* Outcomes: rows affected, rows found, none found; *res only with rows. */
    check(store_exec(st, STMT_IDEMPOTENCY_RESERVE, 2, row, NULL) == STORE_ONE_RESULT);
    res = NULL;
    check(store_exec(st, STMT_IDEMPOTENCY_GET, 2, row, &res) == STORE_ONE_RESULT && res != NULL);
    check_str(PQgetvalue(res, 0, 3), "t");   /* the same request */
    PQclear(res);
    res = (PGresult *)&res;            /* must be overwritten with NULL */
    check(store_exec(st, STMT_IDEMPOTENCY_GET, 2, missing, &res) == STORE_NO_RESULTS &&
          res == NULL);

    /* Bugs and refused values are hard errors: not worth a retry. A
     * statement is named by an id the compiler checks; the count of
     * parameters is checked when it runs. */
    check(store_exec(st, STMT_IDEMPOTENCY_RESERVE, 2, bad, NULL) == STORE_HARD_ERROR);
    check(store_exec(st, STMT_IDEMPOTENCY_GET, 1, row, NULL) == STORE_HARD_ERROR);

    /* A lost connection between statements is repaired transparently:
     * reconnect, prepare again, send once more. */
    kill_backend(st);
    check(store_exec(st, STMT_IDEMPOTENCY_GET, 2, row, NULL) == STORE_ONE_RESULT);
    check(count_rows(st) == 1);

    /* The runner retries a whole transaction after a serialization failure
     * and after losing the connection mid-transaction; each try starts from
     * scratch, so the row is written once. */
    ctx = (struct tx_ctx){0, 1, FAIL_CONFLICT, NULL};
    check(store_run_tx(st, "conflict", insert_tx, &ctx) == STORE_ONE_RESULT);
    check(ctx.attempts == 2 && count_rows(st) == 2);
    check(store_exec_sql(st, "DELETE FROM idempotency_keys WHERE key = 'tx'", 0, NULL, NULL) == 1);

    ctx = (struct tx_ctx){0, 1, FAIL_LOST, NULL};
    check(store_run_tx(st, "lost", insert_tx, &ctx) == STORE_ONE_RESULT);
    check(ctx.attempts == 2 && count_rows(st) == 2);
    check(store_exec_sql(st, "DELETE FROM idempotency_keys WHERE key = 'tx'", 0, NULL, NULL) == 1);

    /* Conflicts forever: the runner gives up with a soft error (503). */
    ctx = (struct tx_ctx){0, 100, FAIL_CONFLICT, NULL};
    check(store_run_tx(st, "hopeless", insert_tx, &ctx) == STORE_SOFT_ERROR);
    check(ctx.attempts == 3 && count_rows(st) == 1);

    /* A hard error ends at once and leaves nothing behind. */
    ctx = (struct tx_ctx){0, 1, FAIL_HARD, NULL};
    check(store_run_tx(st, "hard", insert_tx, &ctx) == STORE_HARD_ERROR);
    check(ctx.attempts == 1 && count_rows(st) == 1);

    check(store_exec_sql(st, "DELETE FROM idempotency_keys WHERE key = 'a'", 0, NULL, NULL) == 1);
    check(store_error_count() > 0);
    store_close(st);

    /* Nothing listening: a clear failure, no hang, no crash. */
    st = store_open("postgresql:///nodb?host=/nonexistent-podium-dir");
    check(st != NULL && !store_connected(st) && !store_ping(st));
    check(store_exec(st, STMT_IDEMPOTENCY_GET, 2, row, NULL) == STORE_SOFT_ERROR);
    check(strstr(store_error_message(st), "nonexistent-podium-dir") != NULL);
    store_close(st);
    return 0;
}
