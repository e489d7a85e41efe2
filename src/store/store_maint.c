/* Background maintenance of the serving database: merging the pending
 * lists of the trigram indexes (GIN fastupdate) every interval, on a
 * connection of its own, so that no POST /reports merges them inside its
 * statement while holding row locks other writers wait on. Several
 * instances may each run it: gin_clean_pending_list() serialises cleaners,
 * and an empty list costs a few page reads. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "podium/log.h"
#include "store/store.h"
#include "store/store_db.h"

static const struct store_stmt maint_stmts[] = {
    {"gin_flush",
     "SELECT coalesce(sum(gin_clean_pending_list(i)), 0) FROM unnest(ARRAY["
     "'reports_text_trgm_idx', 'reports_title_trgm_idx', 'remarks_text_trgm_idx',"
     " 'recommendations_text_trgm_idx']::regclass[]) AS i", 0},
};
STORE_STATEMENTS(maint_stmts)

/* A merge that takes longer is cut, so that stopping never waits on it
 * for long. */
#define MAINT_STATEMENT_TIMEOUT_S 30

struct store_maint {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
    unsigned int interval_ms;
    struct store *st;
};

static void flush_once(struct store_maint *m, bool *failing)
{
    enum store_qs qs = store_exec(m->st, "gin_flush", 0, NULL, NULL);

    /* One line when it starts failing and one when it recovers, not one a
     * second while the database is away. */
    if (qs < 0 && !*failing)
        log_warn("maintenance: merging the trigram indexes' pending lists failed: %s",
                 store_error_message(m->st));
    else if (qs >= 0 && *failing)
        log_info("maintenance: merging pending lists works again");
    *failing = qs < 0;
}

static void *maint_run(void *arg)
{
    struct store_maint *m = arg;
    bool failing = false;

    pthread_mutex_lock(&m->lock);
    while (!m->stopping) {
        struct timespec until;

        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += m->interval_ms / 1000;
        until.tv_nsec += (long)(m->interval_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!m->stopping && pthread_cond_timedwait(&m->wake, &m->lock, &until) != ETIMEDOUT)
            ;
        if (m->stopping)
            break;
        pthread_mutex_unlock(&m->lock);
        flush_once(m, &failing);
        pthread_mutex_lock(&m->lock);
    }
    pthread_mutex_unlock(&m->lock);
    return NULL;
}

struct store_maint *store_maint_start(const char *conninfo, unsigned int interval_ms)
{
    struct store_maint *m = calloc(1, sizeof *m);

    if (m == NULL)
        return NULL;
    m->interval_ms = interval_ms;
    if ((m->st = store_open(conninfo)) == NULL) {
        free(m);
        return NULL;
    }
    store_set_statement_timeout(m->st, MAINT_STATEMENT_TIMEOUT_S);
    pthread_mutex_init(&m->lock, NULL);
    pthread_cond_init(&m->wake, NULL);
    if (pthread_create(&m->thread, NULL, maint_run, m) != 0) {
        pthread_cond_destroy(&m->wake);
        pthread_mutex_destroy(&m->lock);
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
    pthread_mutex_lock(&m->lock);
    m->stopping = true;
    pthread_cond_signal(&m->wake);
    pthread_mutex_unlock(&m->lock);
    pthread_join(m->thread, NULL);
    pthread_cond_destroy(&m->wake);
    pthread_mutex_destroy(&m->lock);
    store_close(m->st);
    free(m);
}
