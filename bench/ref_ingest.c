/* The ingest reference: the rows podium stores for a report (report, people
 * with their counters, appearances, remarks, recommendations), written
 * straight through libpq with the fastest per-report technique found here:
 * ONE prepared statement per report, whose CTEs insert every table from
 * parameter arrays (unnest), so a report costs one round trip and is its own
 * transaction. Everything that is not database work (reading, segmenting,
 * folding, building the arrays) happens before the clock starts.
 *
 * usage: ref_ingest [-c CONNECTIONS] [-s SECONDS] VARIANTS_FILE
 *   VARIANTS_FILE: reports separated by NUL bytes (bench/load.py dump).
 *   DATABASE_URL: a database migrated by podium (same schema).
 * Each connection takes reports i, i+C, i+2C, ...; after the last one it
 * starts again. A run and pass number appended to each text keep every
 * text new. Prints the same "key value" lines as load.py post. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "podium/seg.h"
#include "store/store_internal.h"
#include "tally.h"

enum {
    P_TEXT, P_TEXT_FOLDED, P_LANGUAGE, P_EV_NAME, P_EV_DATE, P_EV_VENUE, P_EV_THEME,
    P_EV_ORGANIZERS, P_REPORTER, P_PARAGRAPHS, P_WARNINGS,
    /* people, one per distinct name_key */
    P_PKEY, P_PNAME, P_PREM, P_PREC,
    /* appearances, in the order of the segmentation's people */
    P_AKEY, P_ANAME, P_AAFF, P_ATITLE, P_AROLE, P_ATOPIC, P_AREM, P_AREC,
    /* remarks */
    P_RPOS, P_RIDX, P_RPARA, P_RSTART, P_REND, P_RTEXT, P_RFOLDED, P_RCS, P_RCE, P_RCT, P_RCONF,
    /* recommendations */
    P_CPOS, P_CORD, P_CMARKER, P_CPARA, P_CSTART, P_CEND, P_CTEXT, P_CFOLDED,
    /* people's affiliations (first given in the report), beside P_PKEY */
    P_PAFF,
    N_PARAMS
};

static const char insert_sql[] =
    "WITH rep AS ("
    " INSERT INTO reports (text_sha256, text, text_folded, language, event_name, event_date,"
    "  event_venue, event_theme, event_organizers, reporter, paragraphs, warnings, event_on,"
    "  event_date_source)"
    " VALUES (sha256(convert_to($1, 'UTF8')), $1, $2, $3, $4, $5, $6, $7, $8::text[], $9,"
    "  $10::jsonb, $11::jsonb, current_date, 'posted') RETURNING id, listed_at, event_on),"
    " ppl AS ("
    " INSERT INTO people AS p (name_key, name, names, report_count, remark_count,"
    "  recommendation_count, last_seen, affiliation, affiliation_listed_at,"
    "  affiliation_report_id)"
    " SELECT u.k, u.n, ARRAY[u.n], 1, u.nr, u.nc, rep.listed_at, u.af,"
    "  CASE WHEN u.af IS NOT NULL THEN rep.listed_at END,"
    "  CASE WHEN u.af IS NOT NULL THEN rep.id END"
    " FROM rep, unnest($12::text[], $13::text[], $14::int[], $15::int[], $43::text[])"
    "  AS u(k, n, nr, nc, af)"
    " ORDER BY u.k"
    " ON CONFLICT (name_key) DO UPDATE SET report_count = p.report_count + 1,"
    "  remark_count = p.remark_count + EXCLUDED.remark_count,"
    "  recommendation_count = p.recommendation_count + EXCLUDED.recommendation_count,"
    "  last_seen = greatest(p.last_seen, EXCLUDED.last_seen),"
    "  names = CASE WHEN EXCLUDED.name = ANY (p.names) THEN p.names"
    "          ELSE p.names || EXCLUDED.name END,"
    "  (affiliation, affiliation_listed_at, affiliation_report_id) ="
    "   (SELECT CASE WHEN newer THEN EXCLUDED.affiliation ELSE p.affiliation END,"
    "     CASE WHEN newer THEN EXCLUDED.affiliation_listed_at ELSE p.affiliation_listed_at END,"
    "     CASE WHEN newer THEN EXCLUDED.affiliation_report_id ELSE p.affiliation_report_id END"
    "    FROM (SELECT EXCLUDED.affiliation IS NOT NULL AND (p.affiliation_listed_at IS NULL"
    "      OR (EXCLUDED.affiliation_listed_at, EXCLUDED.affiliation_report_id)"
    "       > (p.affiliation_listed_at, p.affiliation_report_id)) AS newer) x)"
    " RETURNING id, name_key),"
    " app AS ("
    " INSERT INTO appearances (report_id, position, person_id, name, affiliation, title, role,"
    "  topic, listed_at, remark_count, recommendation_count, event_on)"
    " SELECT rep.id, (a.o - 1)::int, ppl.id, a.n, a.af, a.ti, a.ro, a.tp, rep.listed_at, a.nr, a.nc,"
    "  rep.event_on"
    " FROM rep, unnest($16::text[], $17::text[], $18::text[], $19::text[], $20::text[],"
    "  $21::text[], $22::int[], $23::int[]) WITH ORDINALITY AS a(k, n, af, ti, ro, tp, nr, nc, o)"
    " JOIN ppl ON ppl.name_key = a.k"
    " RETURNING report_id, id, position, person_id, listed_at, event_on),"
    " rem AS ("
    " INSERT INTO remarks (report_id, appearance_id, person_id, position, paragraph, start_byte,"
    "  end_byte, text, text_folded, cue_start, cue_end, cue_text, confidence, listed_at)"
    " SELECT app.report_id, app.id, app.person_id, r.ix, r.pa, r.s, r.e, r.t, r.f, r.cs, r.ce,"
    "  r.ct, r.cf, app.listed_at"
    " FROM app JOIN unnest($24::int[], $25::int[], $26::int[], $27::int[], $28::int[],"
    "  $29::text[], $30::text[], $31::int[], $32::int[], $33::text[], $34::real[])"
    "  AS r(po, ix, pa, s, e, t, f, cs, ce, ct, cf) ON r.po = app.position),"
    " rec AS ("
    " INSERT INTO recommendations (report_id, appearance_id, person_id, ordinal, marker,"
    "  paragraph, start_byte, end_byte, text, text_folded, listed_at, event_on)"
    " SELECT app.report_id, app.id, app.person_id, c.od, c.mk, c.pa, c.s, c.e, c.t, c.f,"
    "  app.listed_at, app.event_on"
    " FROM app JOIN unnest($35::int[], $36::int[], $37::text[], $38::int[], $39::int[],"
    "  $40::int[], $41::text[], $42::text[]) AS c(po, od, mk, pa, s, e, t, f)"
    "  ON c.po = app.position)"
    " SELECT id FROM rep";

/* A growing string; every failure to grow is fatal in a benchmark. */
struct buf {
    char *s;
    size_t len, cap;
    size_t items;               /* elements written, for array literals */
};

static void die(const char *what)
{
    fprintf(stderr, "ref_ingest: %s\n", what);
    exit(1);
}

static void buf_put(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        if ((b->s = realloc(b->s, b->cap)) == NULL)
            die("out of memory");
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

/* One element of a PostgreSQL array literal ("{...}" is added by
 * array_close): NULL, or the value double-quoted with " and \ escaped. */
static void array_add(struct buf *b, const char *v)
{
    buf_put(b, b->items++ == 0 ? "{" : ",", 1);
    if (v == NULL) {
        buf_put(b, "NULL", 4);
        return;
    }
    buf_put(b, "\"", 1);
    for (const char *p = v; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_put(b, "\\", 1);
        buf_put(b, p, 1);
    }
    buf_put(b, "\"", 1);
}

static void array_add_int(struct buf *b, long v)
{
    char num[24];

    snprintf(num, sizeof num, "%ld", v);
    array_add(b, num);
}

static char *array_close(struct buf *b)
{
    buf_put(b, b->items == 0 ? "{}" : "}", b->items == 0 ? 2 : 1);
    return b->s;
}

/* A JSON string literal of v (UTF-8 passes through; controls escaped). */
static void json_string_put(struct buf *b, const char *v)
{
    char esc[8];

    buf_put(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if (*p == '"' || *p == '\\' || *p < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            buf_put(b, esc, 6);
        } else {
            buf_put(b, (const char *)p, 1);
        }
    }
    buf_put(b, "\"", 1);
}

static char *paragraphs_json(const struct seg_result *r)
{
    struct buf b = {0};
    char item[96];

    buf_put(&b, "[", 1);
    for (size_t i = 0; i < r->n_paragraphs; i++) {
        snprintf(item, sizeof item, "%s{\"index\":%u,\"start\":%u,\"end\":%u}", i ? "," : "",
                 r->paragraphs[i].index, r->paragraphs[i].span.start, r->paragraphs[i].span.end);
        buf_put(&b, item, strlen(item));
    }
    buf_put(&b, "]", 1);
    return b.s;
}

static char *warnings_json(const struct seg_result *r)
{
    struct buf b = {0};
    char item[96];

    buf_put(&b, "[", 1);
    for (size_t i = 0; i < r->n_warnings; i++) {
        const struct seg_warning *w = &r->warnings[i];

        buf_put(&b, i ? ",{\"code\":" : "{\"code\":", i ? 9 : 8);
        json_string_put(&b, w->code);
        snprintf(item, sizeof item, ",\"paragraph\":%u,\"start\":%u,\"end\":%u,\"text\":",
                 w->paragraph, w->span.start, w->span.end);
        buf_put(&b, item, strlen(item));
        json_string_put(&b, w->text);
        buf_put(&b, "}", 1);
    }
    buf_put(&b, "]", 1);
    return b.s;
}

static char *dup_or_null(const char *s)
{
    char *d;

    if (s == NULL)
        return NULL;
    if ((d = strdup(s)) == NULL)
        die("out of memory");
    return d;
}

static char *folded(const char *s)
{
    char *f = store_fold(s);

    if (f == NULL)
        die("out of memory");
    return f;
}

struct report {
    char *param[N_PARAMS];
};

/* The people array holds each name_key once, with the counts summed over
 * its appearances (a conflict update cannot touch one row twice). */
static void people_params(const struct seg_result *r, struct report *rep)
{
    struct buf key = {0}, name = {0}, rem = {0}, rec = {0}, aff = {0};

    for (size_t i = 0; i < r->n_people; i++) {
        const struct seg_person *p = &r->people[i];
        const char *affiliation = NULL;
        long n_rem = 0, n_rec = 0;
        bool seen = false;

        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(r->people[j].name_key, p->name_key) == 0;
        if (seen)
            continue;
        for (size_t j = i; j < r->n_people; j++) {
            if (strcmp(r->people[j].name_key, p->name_key) == 0) {
                n_rem += (long)r->people[j].n_remarks;
                n_rec += (long)r->people[j].n_items;
                if (affiliation == NULL)
                    affiliation = r->people[j].affiliation;
            }
        }
        array_add(&key, p->name_key);
        array_add(&name, p->name);
        array_add_int(&rem, n_rem);
        array_add_int(&rec, n_rec);
        array_add(&aff, affiliation);
    }
    rep->param[P_PKEY] = array_close(&key);
    rep->param[P_PNAME] = array_close(&name);
    rep->param[P_PREM] = array_close(&rem);
    rep->param[P_PREC] = array_close(&rec);
    rep->param[P_PAFF] = array_close(&aff);
}

static void appearance_params(const struct seg_result *r, struct report *rep)
{
    struct buf col[P_AREC - P_AKEY + 1] = {{0}};

    for (size_t i = 0; i < r->n_people; i++) {
        const struct seg_person *p = &r->people[i];

        array_add(&col[P_AKEY - P_AKEY], p->name_key);
        array_add(&col[P_ANAME - P_AKEY], p->name);
        array_add(&col[P_AAFF - P_AKEY], p->affiliation);
        array_add(&col[P_ATITLE - P_AKEY], p->title);
        array_add(&col[P_AROLE - P_AKEY], seg_role_name(p->role));
        array_add(&col[P_ATOPIC - P_AKEY], p->topic);
        array_add_int(&col[P_AREM - P_AKEY], (long)p->n_remarks);
        array_add_int(&col[P_AREC - P_AKEY], (long)p->n_items);
    }
    for (int c = P_AKEY; c <= P_AREC; c++)
        rep->param[c] = array_close(&col[c - P_AKEY]);
}

static void remark_params(const struct seg_result *r, struct report *rep)
{
    struct buf col[P_RCONF - P_RPOS + 1] = {{0}};
    char conf[32];

    for (size_t i = 0; i < r->n_people; i++) {
        for (size_t j = 0; j < r->people[i].n_remarks; j++) {
            const struct seg_remark *m = &r->people[i].remarks[j];
            char *f = folded(m->text);

            array_add_int(&col[P_RPOS - P_RPOS], (long)i);
            array_add_int(&col[P_RIDX - P_RPOS], (long)j);
            array_add_int(&col[P_RPARA - P_RPOS], m->paragraph);
            array_add_int(&col[P_RSTART - P_RPOS], m->span.start);
            array_add_int(&col[P_REND - P_RPOS], m->span.end);
            array_add(&col[P_RTEXT - P_RPOS], m->text);
            array_add(&col[P_RFOLDED - P_RPOS], f);
            if (m->has_cue) {
                array_add_int(&col[P_RCS - P_RPOS], m->cue.start);
                array_add_int(&col[P_RCE - P_RPOS], m->cue.end);
            } else {
                array_add(&col[P_RCS - P_RPOS], NULL);
                array_add(&col[P_RCE - P_RPOS], NULL);
            }
            array_add(&col[P_RCT - P_RPOS], m->has_cue ? m->cue_text : NULL);
            snprintf(conf, sizeof conf, "%.4f", m->confidence);
            array_add(&col[P_RCONF - P_RPOS], conf);
            free(f);
        }
    }
    for (int c = P_RPOS; c <= P_RCONF; c++)
        rep->param[c] = array_close(&col[c - P_RPOS]);
}

static void recommendation_params(const struct seg_result *r, struct report *rep)
{
    struct buf col[P_CFOLDED - P_CPOS + 1] = {{0}};

    for (size_t i = 0; i < r->n_people; i++) {
        for (size_t j = 0; j < r->people[i].n_items; j++) {
            const struct seg_item *c = &r->people[i].items[j];
            char *f = folded(c->text);

            array_add_int(&col[P_CPOS - P_CPOS], (long)i);
            array_add_int(&col[P_CORD - P_CPOS], c->ordinal);
            array_add(&col[P_CMARKER - P_CPOS], c->marker);
            array_add_int(&col[P_CPARA - P_CPOS], c->paragraph);
            array_add_int(&col[P_CSTART - P_CPOS], c->span.start);
            array_add_int(&col[P_CEND - P_CPOS], c->span.end);
            array_add(&col[P_CTEXT - P_CPOS], c->text);
            array_add(&col[P_CFOLDED - P_CPOS], f);
            free(f);
        }
    }
    for (int c = P_CPOS; c <= P_CFOLDED; c++)
        rep->param[c] = array_close(&col[c - P_CPOS]);
}

static void prepare_report(const char *text, size_t len, struct report *rep)
{
    struct seg_error err;
    struct seg_result *r = seg_segment(text, len, &err);
    struct buf organizers = {0};

    if (r == NULL)
        die(err.message);
    rep->param[P_TEXT] = dup_or_null(text);
    rep->param[P_TEXT_FOLDED] = folded(text);
    rep->param[P_LANGUAGE] = dup_or_null(r->language);
    rep->param[P_EV_NAME] = dup_or_null(r->event.name);
    rep->param[P_EV_DATE] = dup_or_null(r->event.date);
    rep->param[P_EV_VENUE] = dup_or_null(r->event.venue);
    rep->param[P_EV_THEME] = dup_or_null(r->event.theme);
    for (size_t i = 0; i < r->event.n_organizers; i++)
        array_add(&organizers, r->event.organizers[i]);
    rep->param[P_EV_ORGANIZERS] = array_close(&organizers);
    rep->param[P_REPORTER] = dup_or_null(r->event.reporter);
    rep->param[P_PARAGRAPHS] = paragraphs_json(r);
    rep->param[P_WARNINGS] = warnings_json(r);
    people_params(r, rep);
    appearance_params(r, rep);
    remark_params(r, rep);
    recommendation_params(r, rep);
    seg_result_free(r);
}

struct worker {
    pthread_t thread;
    const struct report *reports;
    size_t n_reports, first, stride;
    double seconds;
    const char *url;
    const char *run;                /* tells this run's texts from earlier runs' */
    struct tally tally;         /* a success is a stored report */
};

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    PGconn *conn = PQconnectdb(w->url);
    PGresult *res;
    struct buf text = {0};
    double stop = tally_now() + w->seconds;

    if (PQstatus(conn) != CONNECTION_OK)
        die(PQerrorMessage(conn));
    res = PQprepare(conn, "ref_insert", insert_sql, N_PARAMS, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        die(PQerrorMessage(conn));
    PQclear(res);
    for (size_t i = w->first; tally_now() < stop; i += w->stride) {
        const struct report *rep = &w->reports[i % w->n_reports];
        const char *params[N_PARAMS];
        char pass[64];
        double start;

        /* The run and pass make every text new, also in a database that
         * holds an earlier run: the same rows, a text never stored before. */
        memcpy(params, rep->param, sizeof params);
        text.len = 0;
        buf_put(&text, rep->param[P_TEXT], strlen(rep->param[P_TEXT]));
        snprintf(pass, sizeof pass, "\n(%s pass %zu)\n", w->run, i / w->n_reports);
        buf_put(&text, pass, strlen(pass));
        params[P_TEXT] = text.s;
        start = tally_now();
        res = PQexecPrepared(conn, "ref_insert", N_PARAMS, params, NULL, NULL, 0);
        if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
            tally_ok(&w->tally, tally_now() - start);
        } else {
            if (w->tally.n_failed++ == 0)
                fprintf(stderr, "ref_ingest: %s", PQerrorMessage(conn));
        }
        PQclear(res);
    }
    free(text.s);
    PQfinish(conn);
    return NULL;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct buf b = {0};
    char chunk[65536];
    size_t n;

    if (f == NULL)
        die("cannot open the variants file");
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return b.s;
}

int main(int argc, char **argv)
{
    struct seg_error err;
    struct report *reports = NULL;
    struct worker *workers;
    struct tally **tallies;
    size_t len, n_reports = 0;
    double seconds = 30, begin;
    int conns = 16, opt;
    const char *url = getenv("DATABASE_URL");
    char *data, *p, run[32];

    while ((opt = getopt(argc, argv, "c:s:")) != -1) {
        if (opt == 'c' && (conns = atoi(optarg)) >= 1 && conns <= 256)
            continue;
        if (opt == 's' && (seconds = atof(optarg)) > 0 && seconds <= 600)
            continue;
        fprintf(stderr, "usage: ref_ingest [-c CONNECTIONS] [-s SECONDS] VARIANTS_FILE\n");
        return 2;
    }
    if (optind != argc - 1 || url == NULL) {
        fprintf(stderr, "ref_ingest: need VARIANTS_FILE and DATABASE_URL\n");
        return 2;
    }
    if (!seg_init(&err))
        die(err.message);
    data = read_all(argv[optind], &len);
    for (p = data; p < data + len; p += strlen(p) + 1) {
        if ((n_reports & (n_reports - 1)) == 0 &&
            (reports = realloc(reports, (n_reports ? n_reports * 2 : 1) * sizeof *reports)) == NULL)
            die("out of memory");
        prepare_report(p, strlen(p), &reports[n_reports++]);
    }
    free(data);
    if (n_reports == 0)
        die("no reports in the variants file");

    workers = calloc((size_t)conns, sizeof *workers);
    tallies = calloc((size_t)conns, sizeof *tallies);
    if (workers == NULL || tallies == NULL)
        die("out of memory");
    snprintf(run, sizeof run, "run %ld.%ld", (long)time(NULL), (long)getpid());
    begin = tally_now();
    for (int i = 0; i < conns; i++) {
        workers[i] = (struct worker){.reports = reports, .n_reports = n_reports,
                                     .first = (size_t)i, .stride = (size_t)conns,
                                     .seconds = seconds, .url = url, .run = run};
        if (pthread_create(&workers[i].thread, NULL, worker_run, &workers[i]) != 0)
            die("cannot start a thread");
    }
    for (int i = 0; i < conns; i++) {
        pthread_join(workers[i].thread, NULL);
        tallies[i] = &workers[i].tally;
    }
    tally_print(tallies, (size_t)conns, tally_now() - begin);
    free(tallies);
    free(workers);
    for (size_t i = 0; i < n_reports; i++)
        for (int c = 0; c < N_PARAMS; c++)
            free(reports[i].param[c]);
    free(reports);
    return 0;
}
