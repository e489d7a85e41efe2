/* Connections, the statement table, outcome classification and the
 * transaction runner. */
#include "store/store_internal.h"

#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "podium/log.h"

#define MAX_TX_RETRIES 3
/* A database that does not answer must not hold a worker for long. */
#define CONNECT_TIMEOUT_S "5"
/* After a failed connect, requests fail fast for this long instead of each
 * one waiting for its own connect attempt to time out. */
#define RECONNECT_BACKOFF_MS 500
/* Sessions may keep generic plans (see planned_per_call), whatever the
 * database's default; a DATABASE_URL with its own options replaces this. */
#define SESSION_PLAN_OPTION "-c plan_cache_mode=auto"

struct store {
    char *conninfo;                 /* NULL: libpq's defaults */
    PGconn *conn;                   /* NULL while disconnected */
    bool prepared[STMT_COUNT_];     /* by statement id, for this session */
    struct timespec retry_after;    /* no connect attempt before this */
    char options[64];               /* libpq "options": server settings of the session */
    bool timed_out;                 /* the last statement hit statement_timeout */
    char error[256];
};

struct store_stmt {
    const char *name;
    const char *sql;
    int nparams;
};

static const struct store_stmt statements[] = {
#define STORE_STMT_ROW(id, name, nparams) [STMT_##id] = {#name, store_sql_##name, nparams},
    STORE_STATEMENT_LIST(STORE_STMT_ROW)
#undef STORE_STMT_ROW
};
_Static_assert(sizeof statements / sizeof statements[0] == STMT_COUNT_,
               "one row for every statement id");

/* Behind a pooler in transaction mode each transaction may run on another
 * server session: nothing may outlive one (named prepared statements,
 * session settings sent at connect). */
static bool sessionless;
static atomic_uint_fast64_t error_count;

void store_set_transaction_pooling(bool on)
{
    sessionless = on;
}

uint64_t store_error_count(void)
{
    return atomic_load(&error_count);
}

const char *store_stmt_name(enum store_stmt_id id)
{
    return statements[id].name;
}

static void remember_error(struct store *st, const char *msg)
{
    snprintf(st->error, sizeof st->error, "%s", msg ? msg : "unknown error");
    st->error[strcspn(st->error, "\n")] = '\0';
}

/* Server notices (e.g. "already exists, skipping") are not errors. */
static void on_notice(void *cls, const char *message)
{
    log_debug("postgres: %.*s", (int)strcspn(message, "\n"), message);
}

struct store *store_open(const char *conninfo)
{
    struct store *st = calloc(1, sizeof *st);

    if (st == NULL)
        return NULL;
    st->conninfo = conninfo ? strdup(conninfo) : NULL;
    if (conninfo != NULL && st->conninfo == NULL) {
        store_close(st);
        return NULL;
    }
    return st;
}

void store_close(struct store *st)
{
    if (st == NULL)
        return;
    PQfinish(st->conn);
    free(st->conninfo);
    free(st);
}

static void disconnect(struct store *st)
{
    PQfinish(st->conn);
    st->conn = NULL;
    /* Prepared statements belong to the session that just ended. */
    memset(st->prepared, 0, sizeof st->prepared);
}

void store_set_statement_timeout(struct store *st, unsigned int seconds)
{
    snprintf(st->options, sizeof st->options, "-c statement_timeout=%us", seconds);
}

/* A server that ended an idle session (shut down, a replica stopped, a
 * failover) has said so on the socket already: anything readable while
 * idle means it is gone, or sent a rare notice, and a new session costs
 * little either way. Noticed here, a lost replica leaves the request free
 * to read from the primary instead of failing on its first statement. */
static bool closed_while_idle(PGconn *conn)
{
    struct pollfd pfd = {.fd = PQsocket(conn), .events = POLLIN};

    return PQtransactionStatus(conn) == PQTRANS_IDLE && poll(&pfd, 1, 0) > 0;
}

bool store_connected(struct store *st)
{
    /* Earlier keywords are defaults that the URL (expanded from dbname) may
     * override, so a DATABASE_URL with its own connect_timeout wins. */
    char options[96];               /* filled in below, before the connect */
    const char *keys[] = {"connect_timeout", "application_name", "options", "dbname", NULL};
    const char *values[] = {CONNECT_TIMEOUT_S, "podium", options, st->conninfo, NULL};
    struct timespec now;

    if (st->conn != NULL && PQstatus(st->conn) == CONNECTION_OK && !closed_while_idle(st->conn))
        return true;
    if (st->conn != NULL)
        disconnect(st);
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec < st->retry_after.tv_sec ||
        (now.tv_sec == st->retry_after.tv_sec && now.tv_nsec < st->retry_after.tv_nsec))
        return false;               /* st->error still says why */
    if (st->conninfo == NULL)
        keys[3] = NULL;
    /* libpq sends no options at all when they are empty: PgBouncer refuses
     * the startup parameter. */
    if (sessionless)
        options[0] = '\0';
    else
        snprintf(options, sizeof options, "%s %s", SESSION_PLAN_OPTION, st->options);
    st->conn = PQconnectdbParams(keys, values, 1);
    if (st->conn == NULL || PQstatus(st->conn) != CONNECTION_OK) {
        remember_error(st, st->conn ? PQerrorMessage(st->conn) : "out of memory");
        atomic_fetch_add(&error_count, 1);
        disconnect(st);
        clock_gettime(CLOCK_MONOTONIC, &st->retry_after);
        st->retry_after.tv_nsec += (long)RECONNECT_BACKOFF_MS * 1000000L;
        st->retry_after.tv_sec += st->retry_after.tv_nsec / 1000000000L;
        st->retry_after.tv_nsec %= 1000000000L;
        return false;
    }
    PQsetNoticeProcessor(st->conn, on_notice, NULL);
    return true;
}

const char *store_error_message(const struct store *st)
{
    return st->error[0] ? st->error : "no error";
}

PGconn *store_pgconn(struct store *st)
{
    return store_connected(st) ? st->conn : NULL;
}

/* The four-way outcome of one libpq result (which may be NULL). */
static enum store_qs classify(struct store *st, const char *what, PGresult *res)
{
    ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;

    if (status == PGRES_TUPLES_OK)
        return PQntuples(res) > 0 ? (enum store_qs)PQntuples(res) : STORE_NO_RESULTS;
    if (status == PGRES_EMPTY_QUERY)     /* a file of comments only */
        return STORE_NO_RESULTS;
    if (status == PGRES_COMMAND_OK)
        return (enum store_qs)atoi(PQcmdTuples(res));   /* "" for BEGIN: 0 */
    atomic_fetch_add(&error_count, 1);
    st->timed_out = state != NULL && strcmp(state, "57014") == 0;
    remember_error(st, res ? PQresultErrorMessage(res) : PQerrorMessage(st->conn));
    if (PQstatus(st->conn) == CONNECTION_BAD) {
        log_warn("%s: connection lost: %s", what, st->error);
        disconnect(st);               /* the next call reconnects */
        return STORE_SOFT_ERROR;
    }
    /* A statement cut by statement_timeout: the database is overloaded or
     * something holds a lock; the caller answers 503, and trying again at
     * once would only hold the worker longer. */
    if (st->timed_out) {
        log_warn("%s: statement_timeout reached", what);
        return STORE_SOFT_ERROR;
    }
    if (state != NULL && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)) {
        log_info("%s: sqlstate=%s, will retry", what, state);
        return STORE_SOFT_ERROR;
    }
    log_error("%s: sqlstate=%s %s", what, state ? state : "-", st->error);
    return STORE_HARD_ERROR;
}

/* Hands res to the caller only when it has rows; clears it otherwise. */
static enum store_qs finish(struct store *st, const char *what, PGresult *r, PGresult **res)
{
    enum store_qs qs = classify(st, what, r);

    if (res != NULL && qs > 0 && PQresultStatus(r) == PGRES_TUPLES_OK)
        *res = r;
    else
        PQclear(r);
    return qs;
}

/* A statement outside a transaction that failed only because the server
 * went away (restart, failover) is safe to send once more on a new
 * connection; inside a transaction the runner retries from the top. */
static bool may_resend(struct store *st, bool was_idle, enum store_qs qs)
{
    return qs == STORE_SOFT_ERROR && was_idle && st->conn == NULL;
}

static bool prepare(struct store *st, enum store_stmt_id id, enum store_qs *qs)
{
    const struct store_stmt *stmt = &statements[id];

    if (st->prepared[id] || sessionless)
        return true;
    *qs = finish(st, stmt->name, PQprepare(st->conn, stmt->name, stmt->sql, stmt->nparams, NULL),
                 NULL);
    if (*qs < 0)
        return false;
    st->prepared[id] = true;
    return true;
}

/* A statement with optional filters ("$1 IS NULL OR ...") needs a plan made
 * for the values of each call: a generic plan keeps every filter and walks a
 * whole index. Sent unnamed with its text, it is planned with its values
 * every time. Every other statement runs prepared and keeps a generic plan
 * once PostgreSQL finds it as good, so a lookup by key is not planned anew
 * on each request: forcing custom plans for all of them halved the
 * throughput of GET /speakers/{id} (1 960 vs 4 440 transactions/s under
 * pgbench, 16 clients). */
static bool planned_per_call(const struct store_stmt *stmt)
{
    return strstr(stmt->sql, "IS NULL OR") != NULL;
}

/* A caller that passes another count than the statement's has a bug. */
static bool nparams_match(enum store_stmt_id id, int nparams)
{
    if (statements[id].nparams == nparams)
        return true;
    log_error("statement %s: %d parameters given, %d taken", statements[id].name, nparams,
              statements[id].nparams);
    return false;
}

enum store_qs store_exec(struct store *st, enum store_stmt_id id, int nparams,
                         const char *const *values, PGresult **res)
{
    const struct store_stmt *stmt = &statements[id];
    enum store_qs qs = STORE_SOFT_ERROR;

    if (res != NULL)
        *res = NULL;
    if (!nparams_match(id, nparams))
        return STORE_HARD_ERROR;
    for (int attempt = 0; attempt < 2; attempt++) {
        bool idle;

        if (!store_connected(st))
            return STORE_SOFT_ERROR;
        idle = PQtransactionStatus(st->conn) == PQTRANS_IDLE;
        /* Prepared in both cases, so EXPLAIN EXECUTE can name any statement. */
        if (prepare(st, id, &qs))
            qs = finish(st, stmt->name,
                        planned_per_call(stmt) || sessionless
                            ? PQexecParams(st->conn, stmt->sql, nparams, NULL, values, NULL, NULL, 0)
                            : PQexecPrepared(st->conn, stmt->name, nparams, values, NULL, NULL, 0),
                        res);
        if (!may_resend(st, idle, qs))
            break;
    }
    return qs;
}

enum store_qs store_exec_sql(struct store *st, const char *sql, int nparams,
                             const char *const *values, PGresult **res)
{
    enum store_qs qs = STORE_SOFT_ERROR;
    char what[64];

    if (res != NULL)
        *res = NULL;
    /* Name it in logs by its start: a whole migration file is too long. */
    snprintf(what, sizeof what, "%s", sql);
    for (char *p = what; *p; p++)
        if (*p == '\n' || *p == '\t')
            *p = ' ';
    for (int attempt = 0; attempt < 2; attempt++) {
        bool idle;

        if (!store_connected(st))
            return STORE_SOFT_ERROR;
        idle = PQtransactionStatus(st->conn) == PQTRANS_IDLE;
        /* PQexec allows several statements in one string; PQexecParams not. */
        qs = finish(st, what,
                    nparams == 0 ? PQexec(st->conn, sql)
                                 : PQexecParams(st->conn, sql, nparams, NULL, values, NULL, NULL, 0),
                    res);
        if (!may_resend(st, idle, qs))
            break;
    }
    return qs;
}

bool store_ping(struct store *st)
{
    return store_exec_sql(st, "SELECT 1", 0, NULL, NULL) == STORE_ONE_RESULT;
}

/* fn inside BEGIN ... COMMIT (in_tx) or as it is, retried from the top on
 * serialization failure, deadlock or a lost connection, never after a
 * statement_timeout. */
static enum store_qs run_retried(struct store *st, const char *name, store_tx_fn fn, void *cls,
                                 bool in_tx)
{
    for (int attempt = 1; attempt <= MAX_TX_RETRIES; attempt++) {
        enum store_qs qs, commit = STORE_HARD_ERROR;

        st->timed_out = false;
        if (!in_tx)
            qs = fn(st, cls);
        else if ((qs = store_exec_sql(st, "BEGIN", 0, NULL, NULL)) >= 0) {
            qs = fn(st, cls);
            if (qs >= 0 && (commit = store_exec_sql(st, "COMMIT", 0, NULL, NULL)) >= 0)
                return qs;
            if (qs >= 0)
                qs = commit;          /* COMMIT itself failed */
            if (st->conn != NULL)     /* a lost connection has no transaction left */
                store_exec_sql(st, "ROLLBACK", 0, NULL, NULL);
        }
        if (qs >= 0 || qs == STORE_HARD_ERROR || st->timed_out)
            return qs;
        log_info("%s %s: conflict or reconnect, attempt %d of %d", in_tx ? "transaction" : "statement",
                 name, attempt, MAX_TX_RETRIES);
    }
    return STORE_SOFT_ERROR;
}

enum store_qs store_run_tx(struct store *st, const char *name, store_tx_fn fn, void *cls)
{
    return run_retried(st, name, fn, cls, true);
}

enum store_qs store_run_retried(struct store *st, const char *name, store_tx_fn fn, void *cls)
{
    return run_retried(st, name, fn, cls, false);
}

static void clear_results(PGresult **res, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        PQclear(res[i]);
        res[i] = NULL;
    }
}

/* Everything the server answers up to the pipeline's sync point, in order:
 * one result per query (an error or PGRES_PIPELINE_ABORTED included). False
 * when the connection broke first. */
static bool pipeline_collect(PGconn *conn, PGresult **raw, size_t n)
{
    size_t got = 0;
    int nulls = 0;

    for (;;) {
        PGresult *r = PQgetResult(conn);

        if (r == NULL) {            /* between two queries' results: once */
            if (PQstatus(conn) == CONNECTION_BAD || ++nulls > 1)
                return false;
            continue;
        }
        nulls = 0;
        if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            return got == n;
        }
        if (got < n)
            raw[got++] = r;
        else
            PQclear(r);
    }
}

static enum store_qs read_tx_once(struct store *st, const struct store_call *calls, size_t n,
                                  PGresult **res)
{
    PGresult *raw[STORE_READ_TX_MAX + 2] = {NULL};
    enum store_qs qs = STORE_SOFT_ERROR, first = STORE_NO_RESULTS;
    bool sent;

    if (!store_connected(st))
        return STORE_SOFT_ERROR;
    for (size_t i = 0; i < n; i++) {
        if (!nparams_match(calls[i].id, calls[i].nparams))
            return STORE_HARD_ERROR;
        if (!prepare(st, calls[i].id, &qs))
            return qs;
    }
    sent = PQenterPipelineMode(st->conn) &&
           PQsendQueryParams(st->conn, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", 0,
                             NULL, NULL, NULL, NULL, 0);
    for (size_t i = 0; i < n && sent; i++)
        sent = sessionless
            ? PQsendQueryParams(st->conn, statements[calls[i].id].sql, calls[i].nparams, NULL,
                                calls[i].values, NULL, NULL, 0)
            : PQsendQueryPrepared(st->conn, statements[calls[i].id].name, calls[i].nparams,
                                  calls[i].values, NULL, NULL, 0);
    sent = sent && PQsendQueryParams(st->conn, "COMMIT", 0, NULL, NULL, NULL, NULL, 0) &&
           PQpipelineSync(st->conn);
    if (!sent || !pipeline_collect(st->conn, raw, n + 2) || !PQexitPipelineMode(st->conn)) {
        remember_error(st, PQerrorMessage(st->conn));
        atomic_fetch_add(&error_count, 1);
        log_warn("read transaction: connection lost: %s", st->error);
        clear_results(raw, n + 2);
        disconnect(st);             /* the pipeline's state is unknown: start afresh */
        return STORE_SOFT_ERROR;
    }
    /* The first failure tells why; the queries after it were only aborted. */
    qs = finish(st, "BEGIN", raw[0], NULL);
    raw[0] = NULL;
    for (size_t i = 0; i < n && qs >= 0; i++) {
        qs = finish(st, statements[calls[i].id].name, raw[i + 1], &res[i]);
        raw[i + 1] = NULL;
        if (i == 0)
            first = qs;
    }
    if (qs >= 0) {
        qs = finish(st, "COMMIT", raw[n + 1], NULL);
        raw[n + 1] = NULL;
    }
    clear_results(raw, n + 2);    /* what a failure left unread, COMMIT's answer included */
    if (qs < 0 || first <= 0) {
        clear_results(res, n);
        if (st->conn != NULL && PQtransactionStatus(st->conn) != PQTRANS_IDLE)
            store_exec_sql(st, "ROLLBACK", 0, NULL, NULL);
    }
    return qs < 0 ? qs : first;
}

enum store_qs store_read_tx(struct store *st, const struct store_call *calls, size_t n,
                            PGresult **res)
{
    enum store_qs qs = STORE_HARD_ERROR;

    for (size_t i = 0; i < n; i++)
        res[i] = NULL;
    if (n == 0 || n > STORE_READ_TX_MAX) {
        log_error("read transaction of %zu statements", n);
        return STORE_HARD_ERROR;
    }
    for (int attempt = 1; attempt <= MAX_TX_RETRIES; attempt++) {
        if ((qs = read_tx_once(st, calls, n, res)) != STORE_SOFT_ERROR || st->timed_out)
            return qs;
        log_info("read transaction %s: conflict or reconnect, attempt %d of %d",
                 statements[calls[0].id].name,
                 attempt, MAX_TX_RETRIES);
    }
    return qs;
}
