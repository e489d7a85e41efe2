/* The store layer against a real PostgreSQL: the four-way outcome, result
 * ownership, statement registration, resending after a lost connection and
 * the transaction runner's retries. Exits 77 without DATABASE_URL unless CI
 * is set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../unit/check.h"
#include "store/store_db.h"

static const struct store_stmt test_stmts[] = {
    {"t_insert", "INSERT INTO store_test (k, v) VALUES ($1, $2)", 2},
    {"t_get", "SELECT v FROM store_test WHERE k = $1", 1},
    {"t_count", "SELECT count(*) FROM store_test", 0},
    {"t_fail_serialization",
     "DO $$ BEGIN RAISE EXCEPTION 'simulated conflict' USING ERRCODE = '40001'; END $$", 0},
    {"t_pid", "SELECT pg_backend_pid()", 0},
};
STORE_STATEMENTS(test_stmts)

static const char *url;

static long count_rows(struct store *st)
{
    PGresult *res = NULL;
    long n;

    check(store_exec(st, "t_count", 0, NULL, &res) == STORE_ONE_RESULT && res != NULL);
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
    check(store_exec(st, "t_pid", 0, NULL, &res) == STORE_ONE_RESULT);
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
    const char *row[2] = {"tx", "1"};
    enum store_qs qs;

    ctx->attempts++;
    if ((qs = store_exec(st, "t_insert", 2, row, NULL)) < 0)
        return qs;
    if (ctx->attempts <= ctx->fail_first) {
        if (ctx->how == FAIL_CONFLICT)
            return store_exec(st, "t_fail_serialization", 0, NULL, NULL);
        if (ctx->how == FAIL_LOST) {
            kill_backend(st);
            return store_exec(st, "t_count", 0, NULL, NULL);
        }
        return store_exec(st, "t_insert", 2, row, NULL);   /* duplicate key */
    }
    return qs;
}

int main(void)
{
    const char *row[2] = {"a", "apple"}, *key[1] = {"a"}, *missing[1] = {"zz"};
    struct tx_ctx ctx;
    PGresult *res;
    struct store *st;

    url = getenv("DATABASE_URL");
    if (url == NULL || url[0] == '\0') {
        fprintf(stderr, "DATABASE_URL is not set%s\n", getenv("CI") ? " (CI: failing)" : "");
        return getenv("CI") ? 1 : 77;
    }
    st = store_open(url);
    check(st != NULL && store_connected(st) && store_ping(st));
    check(store_exec_sql(st, "DROP TABLE IF EXISTS store_test", 0, NULL, NULL) >= 0);
    check(store_exec_sql(st, "CREATE TABLE store_test (k text PRIMARY KEY, v text)", 0, NULL,
                         NULL) >= 0);

    /* Outcomes: rows affected, rows found, none found; *res only with rows. */
    check(store_exec(st, "t_insert", 2, row, NULL) == STORE_ONE_RESULT);
    res = NULL;
    check(store_exec(st, "t_get", 1, key, &res) == STORE_ONE_RESULT && res != NULL);
    check_str(PQgetvalue(res, 0, 0), "apple");
    PQclear(res);
    res = (PGresult *)&res;            /* must be overwritten with NULL */
    check(store_exec(st, "t_get", 1, missing, &res) == STORE_NO_RESULTS && res == NULL);

    /* Bugs and constraint violations are hard errors: not worth a retry. */
    check(store_exec(st, "t_insert", 2, row, NULL) == STORE_HARD_ERROR);
    check(store_exec(st, "no_such_statement", 0, NULL, NULL) == STORE_HARD_ERROR);
    check(store_exec(st, "t_get", 2, row, NULL) == STORE_HARD_ERROR);

    /* A lost connection between statements is repaired transparently:
     * reconnect, prepare again, send once more. */
    kill_backend(st);
    check(count_rows(st) == 1);

    /* The runner retries a whole transaction after a serialization failure
     * and after losing the connection mid-transaction; each try starts from
     * scratch, so the row is written once. */
    ctx = (struct tx_ctx){0, 1, FAIL_CONFLICT, NULL};
    check(store_run_tx(st, "conflict", insert_tx, &ctx) == STORE_ONE_RESULT);
    check(ctx.attempts == 2 && count_rows(st) == 2);
    check(store_exec_sql(st, "DELETE FROM store_test WHERE k = 'tx'", 0, NULL, NULL) == 1);

    ctx = (struct tx_ctx){0, 1, FAIL_LOST, NULL};
    check(store_run_tx(st, "lost", insert_tx, &ctx) == STORE_ONE_RESULT);
    check(ctx.attempts == 2 && count_rows(st) == 2);
    check(store_exec_sql(st, "DELETE FROM store_test WHERE k = 'tx'", 0, NULL, NULL) == 1);

    /* Conflicts forever: the runner gives up with a soft error (503). */
    ctx = (struct tx_ctx){0, 100, FAIL_CONFLICT, NULL};
    check(store_run_tx(st, "hopeless", insert_tx, &ctx) == STORE_SOFT_ERROR);
    check(ctx.attempts == 3 && count_rows(st) == 1);

    /* A hard error ends at once and leaves nothing behind. */
    ctx = (struct tx_ctx){0, 1, FAIL_HARD, NULL};
    check(store_run_tx(st, "hard", insert_tx, &ctx) == STORE_HARD_ERROR);
    check(ctx.attempts == 1 && count_rows(st) == 1);

    check(store_exec_sql(st, "DROP TABLE store_test", 0, NULL, NULL) >= 0);
    check(store_error_count() > 0);
    store_close(st);

    /* Nothing listening: a clear failure, no hang, no crash. */
    st = store_open("postgresql:///nodb?host=/nonexistent-podium-dir");
    check(st != NULL && !store_connected(st) && !store_ping(st));
    check(store_exec(st, "t_count", 0, NULL, NULL) == STORE_SOFT_ERROR);
    check(strstr(store_error_message(st), "nonexistent-podium-dir") != NULL);
    store_close(st);
    return 0;
}
