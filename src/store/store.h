/* PostgreSQL access, the part handlers may see: connections, health,
 * migrations. No libpq types here: handlers never touch PGresult. Files of
 * the store layer include store_db.h for statements and transactions.
 * Knows nothing of HTTP. */
#ifndef PODIUM_STORE_H
#define PODIUM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Outcome of a statement or a transaction. */
enum store_qs {
    STORE_HARD_ERROR = -2,          /* constraint violation, bug: do not retry */
    STORE_SOFT_ERROR = -1,          /* serialization, deadlock, lost connection: retry */
    STORE_NO_RESULTS = 0,
    STORE_ONE_RESULT = 1,           /* >= 1: number of rows */
};

struct store;

/* Creates a handle and tries to connect (conninfo: URI or key=value, NULL for
 * libpq's defaults). Returns NULL only when out of memory: a failed connection
 * is retried by the next store_connected()/store_exec(). */
struct store *store_open(const char *conninfo);
void store_close(struct store *st);        /* NULL-safe */

/* On (PODIUM_DB_POOLING=transaction): statements are sent with their text
 * instead of prepared once per session, and no session setting is sent at
 * connect (statement_timeout included), so that any transaction may run on
 * any server session of a pooler. Call once, before any store_open. */
void store_set_transaction_pooling(bool on);

/* Sets statement_timeout for this handle's sessions from the next connect
 * on (serving connections; migrations run without one). */
void store_set_statement_timeout(struct store *st, unsigned int seconds);
/* True when the connection is up, reconnecting first if it was lost. */
bool store_connected(struct store *st);
/* SELECT 1 round trip: true when the server answers. */
bool store_ping(struct store *st);
/* Last libpq error message of this connection, one line. */
const char *store_error_message(const struct store *st);

/* Database errors seen since start (for /metrics). */
uint64_t store_error_count(void);

/* ---- read replicas (store_replica.c) ---- */

#define STORE_LSN_SIZE 20           /* "FFFFFFFF/FFFFFFFF" + NUL, with room */

/* Text PostgreSQL reads as pg_lsn: 1-8 hex digits, '/', 1-8 hex digits. */
bool store_lsn_valid(const char *lsn);
/* The primary's WAL insert position now: every transaction committed
 * before the call ends at or below it. False when the query failed. */
bool store_wal_insert_lsn(struct store *st, char lsn[STORE_LSN_SIZE]);
/* True once st's server has replayed WAL up to lsn (at once on a server
 * not in recovery), polling for at most max_ms; false when it has not by
 * then or the query failed. */
bool store_wait_replayed(struct store *st, const char *lsn, unsigned int max_ms);

/* ---- background maintenance (store_maint.c) ---- */

struct store_maint;
/* Starts a thread that merges the trigram indexes' pending lists every
 * interval_ms on a connection of its own (see store_maint.c). NULL when
 * out of memory or no thread could be started. */
struct store_maint *store_maint_start(const char *conninfo, unsigned int interval_ms);
/* Stops the thread, waiting for a merge in progress; NULL-safe. */
void store_maint_stop(struct store_maint *m);

/* ---- migrations (migrate.c) ---- */

/* Applies pending migrations from dir in order under pg_advisory_lock on a
 * dedicated connection. Returns 0 on success, -1 on error (logged), e.g. the
 * checksum of an applied migration changed. */
int store_migrate(const char *conninfo, const char *dir);
/* Number of migration files in dir not yet applied on st, or -1 on error. */
int store_migrations_pending(struct store *st, const char *dir);

#endif
