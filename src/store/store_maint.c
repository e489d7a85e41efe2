/* Background maintenance of the serving database: merging the pending
 * lists of the GIN indexes (fastupdate) every interval, on a
 * connection of its own, so that no POST /reports merges them inside its
 * statement while holding row locks other writers wait on. Several
 * instances may each run it: gin_clean_pending_list() serialises cleaners,
 * and an empty list costs a few page reads. */
#include <stdbool.h>
#include <stdlib.h>

#include "podium/log.h"
#include "podium/ticker.h"
#include "store/store_internal.h"

const char store_sql_gin_flush[] = "SELECT podium_merge_pending_lists()";

/* A merge that takes longer is cut, so that stopping never waits on it
 * for long. */
#define MAINT_STATEMENT_TIMEOUT_S 30

struct store_maint {
    struct store *st;
    bool failing;                   /* the last merge failed */
    struct ticker *ticker;
};

static void flush_once(void *cls)
{
    struct store_maint *m = cls;
    enum store_qs qs = store_exec(m->st, STMT_GIN_FLUSH, 0, NULL, NULL);

    /* One line when it starts failing and one when it recovers, not one a
     * second while the database is away. */
    if (qs < 0 && !m->failing)
        log_warn("maintenance: merging the GIN indexes' pending lists failed: %s",
                 store_error_message(m->st));
    else if (qs >= 0 && m->failing)
        log_info("maintenance: merging pending lists works again");
    m->failing = qs < 0;
}

struct store_maint *store_maint_start(const char *conninfo, unsigned int interval_ms)
{
    struct store_maint *m = calloc(1, sizeof *m);

    if (m == NULL)
        return NULL;
    if ((m->st = store_open(conninfo)) == NULL) {
        free(m);
        return NULL;
    }
    store_set_statement_timeout(m->st, MAINT_STATEMENT_TIMEOUT_S);
    if ((m->ticker = ticker_start(interval_ms, flush_once, m)) == NULL) {
        store_close(m->st);
        free(m);
        return NULL;
    }
    return m;
}

void store_maint_stop(struct store_maint *m)
{
    if (m == NULL)
        return;
    ticker_stop(m->ticker);
    store_close(m->st);
    free(m);
}
