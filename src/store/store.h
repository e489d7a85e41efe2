/* PostgreSQL access, all that the rest of Podium sees of it: connections,
 * health, migrations, and reports, people and recommendations read and
 * written. No libpq types here: handlers never touch PGresult. The files of
 * src/store/ include store_internal.h for statements and transactions.
 * Knows nothing of HTTP.
 *
 * Every function that reads or writes returns the four-way enum store_qs:
 * < 0 database trouble, 0 nothing found, >= 1 found. Objects filled in here
 * are released with stored_hold_clear(&obj.hold) whatever the outcome,
 * once. Search strings are folded to simplified script here, so callers
 * pass user text as is. */
#ifndef PODIUM_STORE_H
#define PODIUM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podium/seg.h"
#include "podium/stored.h"

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

/* ---- reports, people and recommendations ---- */

/* Releases everything a stored object holds and zeroes the hold; NULL-safe. */
void stored_hold_clear(struct stored_hold *hold);

/* ---- writing (store_reports.c) ---- */

struct store_report_in {
    const char *text;               /* the report as received */
    size_t text_len;
    const struct seg_result *seg;
    const char *title, *source, *url;   /* each may be NULL */
    const char *published_at;       /* RFC 3339, checked by the caller, or NULL */
    const char *metadata_json;      /* a JSON value as text, or NULL */
};

/* Stores a report whole in one transaction. *id is the stored report; *created
 * is false when the same text was stored before (nothing new written). */
enum store_qs store_report_insert(struct store *st, const struct store_report_in *in,
                                  int64_t *id, bool *created);

/* A report ready to be written: the statement's parameters, computed
 * without the database (folding, the arrays of every table's columns), so
 * that callers can do it on many threads and write on one. Borrows the
 * strings of in and in->seg, which must outlive it, and points into itself:
 * it is not to be copied. store_report_prepare is false when out of memory. */
#define STORE_REPORT_INSERT_PARAMS 54
struct store_report_prepared {
    const char *params[STORE_REPORT_INSERT_PARAMS];
    char *owned[STORE_REPORT_INSERT_PARAMS];   /* what params point to that is ours */
    char day[16];                   /* the event day, YYYY-MM-DD */
};
bool store_report_prepare(struct store_report_prepared *pr, const struct store_report_in *in);
void store_report_prepared_clear(struct store_report_prepared *pr);

struct store_batch_item {
    const struct store_report_prepared *prepared;
    int64_t id;                     /* out: the stored report, new or earlier */
    bool created;                   /* out: false for a text stored before */
    enum store_qs qs;               /* out: < 0 when this report was refused */
};

/* Stores the reports in one transaction, each exactly as
 * store_report_insert would. When the database refuses one, every report
 * is stored on its own instead and only that one gets qs < 0. Returns
 * STORE_SOFT_ERROR when the database stayed unavailable: the reports
 * whose qs is STORE_SOFT_ERROR were not stored, those >= 0 were. */
enum store_qs store_report_insert_batch(struct store *st, struct store_batch_item *items, size_t n);

/* known[i] is set when texts[i] (lens[i] bytes, UTF-8 without NUL) is
 * stored already: one round trip for a batch, so an import run again
 * skips what it stored before without segmenting it. */
enum store_qs store_reports_known(struct store *st, const char *const *texts, const size_t *lens,
                                  size_t n, bool *known);

/* Up to limit ids of reports after id `after`, in id order, whose
 * listed_at (published_at, else created_at) is in [since, until); each
 * bound RFC 3339 or NULL. */
enum store_qs store_report_ids(struct store *st, const char *since, const char *until,
                               int64_t after, size_t limit, int64_t *ids, size_t *n);

/* Removes a report and all under it; people left without a report go too. */
enum store_qs store_report_delete(struct store *st, int64_t id);

/* The report with people, remarks and recommendations; text only if asked. */
enum store_qs store_report_get(struct store *st, int64_t id, bool with_text,
                               struct stored_report *out);

/* The orders of the report list; each has its own cursor. */
enum store_report_sort { STORE_REPORTS_DATE_DESC, STORE_REPORTS_DATE, STORE_REPORTS_CREATED_DESC };

struct store_report_filter {
    const char *q;                  /* substring of text or title, or NULL */
    int64_t speaker_id;             /* 0: none */
    const char *speaker_name;       /* a name in either script, or NULL */
    const char *since, *until;      /* event days YYYY-MM-DD or NULL; until is exclusive */
    const char *language;           /* zh-Hans, zh-Hant, en, und, or NULL */
    enum store_report_sort sort;
    struct store_after after;
    unsigned int limit;
};

enum store_qs store_report_list(struct store *st, const struct store_report_filter *f,
                                struct stored_report_page *out);
/* How many reports f passes, whatever its keyset and limit. */
enum store_qs store_report_total(struct store *st, const struct store_report_filter *f,
                                 int64_t *total);

/* ---- people (store_speakers.c) ---- */

/* Each order has its opposite; ties go by id in the same direction. Names
 * go in pinyin order (ICU collation podium_pinyin). */
enum store_speaker_sort {
    STORE_SORT_REPORTS_DESC, STORE_SORT_REPORTS, STORE_SORT_NAME, STORE_SORT_NAME_DESC,
    STORE_SORT_LAST_SEEN_DESC, STORE_SORT_LAST_SEEN,
};

struct store_speaker_filter {
    const char *q;                  /* part of the name or affiliation in either script, or NULL */
    const char *role;               /* people with an appearance in this role, or NULL */
    const char *since, *until;      /* event days YYYY-MM-DD (until exclusive) or NULL:
                                     * people who appear in a report of such a day */
    enum store_speaker_sort sort;
    struct store_after after;       /* at: report count or last_seen; key for names */
    unsigned int limit;
};

enum store_qs store_speaker_list(struct store *st, const struct store_speaker_filter *f,
                                 struct stored_person_page *out);
enum store_qs store_speaker_total(struct store *st, const struct store_speaker_filter *f,
                                  int64_t *total);

/* The person with every appearance and the latest `latest` remarks and
 * recommendations, and the version of what was read (see
 * store_speaker_version). */
enum store_qs store_speaker_get(struct store *st, int64_t id, unsigned int latest,
                                struct stored_person *out, uint64_t *version);

/* The version of everything store_speaker_get answers for person id: it
 * changes with every write that changes any of it. One primary-key read;
 * STORE_NO_RESULTS when there is no such person. */
enum store_qs store_speaker_version(struct store *st, int64_t id, uint64_t *version);

/* STORE_ONE_RESULT when report id exists. */
enum store_qs store_report_exists(struct store *st, int64_t id);

/* A page of the people of one report (no remarks), in text order; an
 * unknown report gives an empty page (see store_report_exists). after.item
 * is the last position + 1. */
struct store_people_filter {
    int64_t report_id;
    struct store_after after;
    unsigned int limit;
};
enum store_qs store_report_people(struct store *st, const struct store_people_filter *f,
                                  struct stored_appearance_page *out);
enum store_qs store_report_people_total(struct store *st, const struct store_people_filter *f,
                                        int64_t *total);

/* ---- recommendations (store_recs.c) ---- */

struct store_rec_filter {
    const char *q;
    int64_t speaker_id;
    const char *speaker_name;
    int64_t report_id;              /* 0: any */
    const char *since, *until;      /* event days YYYY-MM-DD or NULL; until is exclusive */
    bool oldest_first;              /* sort=date; else latest event day first */
    struct store_after after;
    unsigned int limit;
};

enum store_qs store_rec_list(struct store *st, const struct store_rec_filter *f,
                             struct stored_rec_page *out);
enum store_qs store_rec_total(struct store *st, const struct store_rec_filter *f, int64_t *total);

/* ---- idempotency (store_reports.c) ---- */

struct store_replay {
    int status;                     /* 0 while in_progress */
    const char *location;           /* NULL or "" when none */
    const char *body_json;          /* NULL while in_progress */
    bool same_request;              /* false: the key was used for another request */
    bool in_progress;               /* reserved, not answered yet */
    struct stored_hold hold;
};

/* request is hex of the bytes that identify the request (method, path,
 * Content-Type, body); the database keeps only their SHA-256.
 *
 * A key is reserved before the report is written (STORE_ONE_RESULT; NO_RESULTS:
 * another request holds it, see store_idempotency_get), then completed with
 * the answer, or released when no answer worth replaying came. */
enum store_qs store_idempotency_reserve(struct store *st, const char *key, const char *request);
/* The state of key within its 24 hours: an answer to replay, or in progress. */
enum store_qs store_idempotency_get(struct store *st, const char *key, const char *request,
                                    struct store_replay *out);
enum store_qs store_idempotency_complete(struct store *st, const char *key, const char *request,
                                         int status, const char *location, const char *body_json);
enum store_qs store_idempotency_release(struct store *st, const char *key, const char *request);

#endif
