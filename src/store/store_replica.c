/* Reading from a streaming replica: the WAL position a write left on the
 * primary, and whether a server has replayed up to it. Plain statements
 * (not the registry): they are the same on every server and run outside
 * any transaction. */
#include "store/store_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* A replica polled this often while it catches up: loopback replay takes
 * about a millisecond, so a longer sleep would only add latency. */
#define REPLAY_POLL_MS 2

bool store_lsn_valid(const char *lsn)
{
    size_t high = 0, low = 0;
    const char *p = lsn;

    if (lsn == NULL)
        return false;
    while (isxdigit((unsigned char)*p) && high < 9)
        p++, high++;
    if (*p++ != '/')
        return false;
    while (isxdigit((unsigned char)*p) && low < 9)
        p++, low++;
    return *p == '\0' && high >= 1 && high <= 8 && low >= 1 && low <= 8;
}

bool store_wal_insert_lsn(struct store *st, char lsn[STORE_LSN_SIZE])
{
    PGresult *res = NULL;
    bool ok = store_exec_sql(st, "SELECT pg_current_wal_insert_lsn()", 0, NULL, &res) ==
              STORE_ONE_RESULT;

    if (ok)
        ok = snprintf(lsn, STORE_LSN_SIZE, "%s", PQgetvalue(res, 0, 0)) < STORE_LSN_SIZE;
    PQclear(res);
    return ok;
}

/* A server that is not in recovery is a primary (or a promoted replica):
 * it has every committed write. */
static enum store_qs replayed(struct store *st, const char *lsn)
{
    const char *params[1] = {lsn};
    PGresult *res = NULL;
    enum store_qs qs = store_exec_sql(st, "SELECT NOT pg_is_in_recovery()"
                                          " OR coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false)",
                                      1, params, &res);

    if (qs == STORE_ONE_RESULT && strcmp(PQgetvalue(res, 0, 0), "t") != 0)
        qs = STORE_NO_RESULTS;
    PQclear(res);
    return qs;
}

bool store_wait_replayed(struct store *st, const char *lsn, unsigned int max_ms)
{
    const struct timespec pause = {0, REPLAY_POLL_MS * 1000000L};
    enum store_qs qs;

    for (unsigned int waited = 0;; waited += REPLAY_POLL_MS) {
        if ((qs = replayed(st, lsn)) != STORE_NO_RESULTS)
            return qs == STORE_ONE_RESULT;
        if (waited >= max_ms)
            return false;
        nanosleep(&pause, NULL);
    }
}
