/* The migrator: numbered SQL files applied in order, each in its own
 * transaction that first takes a transaction-scoped advisory lock, so that
 * several instances starting at once apply each file exactly once. No lock
 * outlives a transaction, so the migrator works through a pooler in
 * transaction mode too (a session lock would stay on whichever server
 * session the pooler gave the statement that took it). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "podium/log.h"
#include "store/store_internal.h"

/* Arbitrary but fixed: every podium instance must use the same key. */
#define MIGRATION_LOCK_KEY "7164505618452091"
#define MAX_MIGRATIONS 1000
#define MAX_MIGRATION_BYTES ((size_t)16 << 20)

struct migration {
    int version;
    char file[256];                 /* "0001_init.sql" */
};

static int by_version(const void *a, const void *b)
{
    const struct migration *x = a, *y = b;

    return (x->version > y->version) - (x->version < y->version);
}

/* "NNNN_name.sql" with a name of [a-z0-9_]; anything else ending in .sql is
 * a mistake worth stopping for, other files are not ours. */
static int parse_name(const char *file, int *version)
{
    size_t len = strlen(file);

    if (len < 5 || strcmp(file + len - 4, ".sql") != 0)
        return 0;
    if (len < 10 || len >= sizeof((struct migration *)0)->file)
        return -1;
    for (size_t i = 0; i < 4; i++)
        if (file[i] < '0' || file[i] > '9')
            return -1;
    if (file[4] != '_')
        return -1;
    for (size_t i = 5; i < len - 4; i++)
        if (!((file[i] >= 'a' && file[i] <= 'z') || (file[i] >= '0' && file[i] <= '9') ||
              file[i] == '_'))
            return -1;
    *version = (file[0] - '0') * 1000 + (file[1] - '0') * 100 + (file[2] - '0') * 10 +
               (file[3] - '0');
    return 1;
}

/* Lists dir's migrations sorted by version into *out (caller frees).
 * Returns the count, or -1 (logged). */
static int list_migrations(const char *dir, struct migration **out)
{
    struct migration *list = NULL;
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    *out = NULL;
    if (d == NULL) {
        log_error("migrations directory %s: %s", dir, strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        int version, kind = parse_name(e->d_name, &version);

        if (kind == 0)
            continue;
        if (kind < 0) {
            log_error("migrations: %s/%s is not named NNNN_name.sql (name: a-z, 0-9, _)", dir,
                      e->d_name);
            goto fail;
        }
        if (n == MAX_MIGRATIONS) {
            log_error("migrations: more than %d files in %s", MAX_MIGRATIONS, dir);
            goto fail;
        }
        if (n % 32 == 0) {
            struct migration *grown = realloc(list, (size_t)(n + 32) * sizeof *list);

            if (grown == NULL)
                goto fail;
            list = grown;
        }
        list[n].version = version;
        snprintf(list[n].file, sizeof list[n].file, "%s", e->d_name);
        n++;
    }
    closedir(d);
    qsort(list, (size_t)n, sizeof *list, by_version);
    for (int i = 1; i < n; i++)
        if (list[i].version == list[i - 1].version) {
            log_error("migrations: %s and %s share version %04d", list[i - 1].file, list[i].file,
                      list[i].version);
            free(list);
            return -1;
        }
    *out = list;
    return n;
fail:
    closedir(d);
    free(list);
    return -1;
}

static char *read_file(const char *dir, const char *file, size_t *len)
{
    char path[4096];
    struct stat sb;
    char *buf = NULL;
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, file);
    f = fopen(path, "rb");
    if (f == NULL || fstat(fileno(f), &sb) != 0 || (size_t)sb.st_size > MAX_MIGRATION_BYTES) {
        log_error("migration %s: %s", path, f ? "unreadable or too large" : strerror(errno));
        goto out;
    }
    buf = malloc((size_t)sb.st_size + 1);
    if (buf == NULL || fread(buf, 1, (size_t)sb.st_size, f) != (size_t)sb.st_size) {
        log_error("migration %s: read failed", path);
        free(buf);
        buf = NULL;
        goto out;
    }
    buf[sb.st_size] = '\0';
    *len = (size_t)sb.st_size;
    if (strlen(buf) != *len) {       /* SQL text cannot carry NUL bytes */
        log_error("migration %s: contains a NUL byte", path);
        free(buf);
        buf = NULL;
    }
out:
    if (f != NULL)
        fclose(f);
    return buf;
}

/* sha256 hex of the file's exact bytes, computed by the server so the
 * service needs no crypto library. Sent as binary bytea: as text, a
 * backslash in the file would be read as a bytea escape. */
static bool checksum(struct store *st, const char *sql, size_t len, char out[65])
{
    const char *values[1] = {sql};
    const int lengths[1] = {(int)len}, formats[1] = {1};
    const Oid types[1] = {17};       /* bytea */
    PGconn *conn = store_pgconn(st);
    PGresult *r;
    bool ok;

    if (conn == NULL)
        return false;
    r = PQexecParams(conn, "SELECT encode(sha256($1), 'hex')", 1, types, values, lengths,
                     formats, 0);
    ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
         strlen(PQgetvalue(r, 0, 0)) == 64;
    if (ok)
        memcpy(out, PQgetvalue(r, 0, 0), 65);
    else
        log_error("migration checksum: %s", PQerrorMessage(conn));
    PQclear(r);
    return ok;
}

static const char *const lock_key[1] = {MIGRATION_LOCK_KEY};

/* Applies one file, or checks the checksum of one already applied. The
 * lock makes others wait here; they read schema_migrations only after
 * taking it, so they see what we committed. */
static int apply_one(struct store *st, const char *dir, const struct migration *m)
{
    char sum[65], version[16];
    const char *params[3] = {version, m->file, sum};
    PGresult *applied = NULL;
    size_t len;
    char *sql = read_file(dir, m->file, &len);
    int rc = -1;

    if (sql == NULL || !checksum(st, sql, len, sum))
        goto out;
    snprintf(version, sizeof version, "%d", m->version);
    /* The file runs in the transaction we open: it must not hold BEGIN,
     * COMMIT or CREATE INDEX CONCURRENTLY. */
    if (store_exec_sql(st, "BEGIN", 0, NULL, NULL) < 0)
        goto out;
    if (store_exec_sql(st, "SELECT pg_advisory_xact_lock($1::bigint)", 1, lock_key, NULL) < 0 ||
        store_exec_sql(st, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                           " version integer PRIMARY KEY,"
                           " name text NOT NULL,"
                           " checksum text NOT NULL,"
                           " applied_at timestamptz NOT NULL DEFAULT now())", 0, NULL, NULL) < 0 ||
        store_exec_sql(st, "SELECT checksum FROM schema_migrations WHERE version = $1", 1,
                       params, &applied) < 0)
        goto rollback;
    if (applied != NULL) {
        if (strcmp(PQgetvalue(applied, 0, 0), sum) != 0)
            log_error("migration %s was changed after it was applied (checksum %s, recorded %s):"
                      " add a new migration instead", m->file, sum, PQgetvalue(applied, 0, 0));
        else
            rc = 0;                 /* nothing written: ROLLBACK only ends the transaction */
        goto rollback;
    }
    if (store_exec_sql(st, sql, 0, NULL, NULL) < 0 ||
        store_exec_sql(st, "INSERT INTO schema_migrations (version, name, checksum)"
                           " VALUES ($1, $2, $3)", 3, params, NULL) < 0 ||
        store_exec_sql(st, "COMMIT", 0, NULL, NULL) < 0) {
        log_error("migration %s failed: %s", m->file, store_error_message(st));
        goto rollback;
    }
    log_info("migration %s applied", m->file);
    rc = 0;
    goto out;
rollback:
    if (store_pgconn(st) != NULL)
        store_exec_sql(st, "ROLLBACK", 0, NULL, NULL);
out:
    PQclear(applied);
    free(sql);
    return rc;
}

int store_migrate(const char *conninfo, const char *dir)
{
    struct store *st = store_open(conninfo);
    struct migration *list = NULL;
    int n, rc = -1;

    if (st == NULL || !store_connected(st)) {
        log_error("migrate: cannot connect to the database: %s",
                  st ? store_error_message(st) : "out of memory");
        store_close(st);
        return -1;
    }
    if ((n = list_migrations(dir, &list)) >= 0) {
        rc = 0;
        for (int i = 0; i < n && rc == 0; i++)
            rc = apply_one(st, dir, &list[i]);
        if (rc == 0)
            log_info("migrations: %d file(s) in %s, schema is current", n, dir);
    }
    free(list);
    store_close(st);
    return rc;
}

int store_migrations_pending(struct store *st, const char *dir)
{
    struct migration *list = NULL;
    PGresult *applied = NULL, *exists = NULL;
    int n, pending = -1;

    if ((n = list_migrations(dir, &list)) < 0)
        return -1;
    if (store_exec_sql(st, "SELECT to_regclass('schema_migrations') IS NOT NULL", 0, NULL,
                       &exists) < 0)
        goto out;
    if (strcmp(PQgetvalue(exists, 0, 0), "t") != 0) {
        pending = n;
        goto out;
    }
    if (store_exec_sql(st, "SELECT version FROM schema_migrations", 0, NULL, &applied) < 0)
        goto out;
    pending = 0;
    for (int i = 0; i < n; i++) {
        bool found = false;

        for (int row = 0; applied != NULL && row < PQntuples(applied) && !found; row++)
            found = atoi(PQgetvalue(applied, row, 0)) == list[i].version;
        pending += !found;
    }
out:
    PQclear(exists);
    PQclear(applied);
    free(list);
    return pending;
}
