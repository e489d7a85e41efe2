/* Writing reports: one whole report by one statement, built from the
 * segmenter's result. Each column of each child table travels as one typed
 * array parameter that the statement expands with unnest, so the stored
 * rows depend on struct seg_result alone, never on the Segmentation JSON
 * that the API answers with. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_internal.h"

/* Parameters of report_insert, in $ order ($1 is INS_TEXT). The people's
 * arrays run over the segmentation's people in order (one element per
 * appearance); the remarks' and recommendations' arrays over every
 * person's in turn, each element naming its person's position. */
enum insert_param {
    INS_TEXT, INS_TEXT_FOLDED, INS_TITLE, INS_TITLE_FOLDED, INS_SOURCE, INS_URL,
    INS_PUBLISHED_AT, INS_METADATA, INS_PUBLISHED_OFFSET, INS_EVENT_ON, INS_EVENT_DATE_SOURCE,
    INS_LANGUAGE, INS_EVENT_NAME, INS_EVENT_DATE, INS_EVENT_VENUE, INS_EVENT_THEME,
    INS_EVENT_ORGANIZERS, INS_EVENT_REPORTER,
    INS_PARAGRAPH_INDEX, INS_PARAGRAPH_START, INS_PARAGRAPH_END,
    INS_WARNING_CODE, INS_WARNING_PARAGRAPH, INS_WARNING_START, INS_WARNING_END, INS_WARNING_TEXT,
    INS_PERSON_NAME_KEY, INS_PERSON_NAME, INS_PERSON_AFFILIATION, INS_PERSON_AFFILIATION_FOLDED,
    INS_PERSON_TITLE, INS_PERSON_ROLE, INS_PERSON_TOPIC, INS_PERSON_REMARKS, INS_PERSON_RECS,
    INS_REMARK_PERSON, INS_REMARK_POSITION, INS_REMARK_PARAGRAPH, INS_REMARK_START,
    INS_REMARK_END, INS_REMARK_TEXT, INS_REMARK_FOLDED, INS_REMARK_CUE_START, INS_REMARK_CUE_END,
    INS_REMARK_CUE_TEXT, INS_REMARK_CONFIDENCE,
    INS_REC_PERSON, INS_REC_ORDINAL, INS_REC_MARKER, INS_REC_PARAGRAPH, INS_REC_START,
    INS_REC_END, INS_REC_TEXT, INS_REC_FOLDED,
    INS_COUNT_
};
_Static_assert(INS_COUNT_ == STORE_REPORT_INSERT_PARAMS,
               "struct store_report_prepared holds every parameter of report_insert");

/* One statement (atomic by itself, one round trip) stores the whole report
 * and updates the summaries of its people. A text stored before makes rep
 * empty, and every later CTE joins rep, so nothing else is written. People
 * are upserted in name_key order so that concurrent writers lock them in
 * one order; the counters are incremented on the locked row, which is the
 * latest committed version, so concurrent reports of one person all count.
 * The affiliation changes only when the report's appearance is "newer"
 * than the one it came from (later listed_at, or the same and a larger
 * report id), so a back-dated report keeps a newer affiliation; within the
 * report a person's affiliation is that of their first appearance that
 * gives one, and its folded copy goes with it. */
#define REPORT_INSERT_SQL                                                                 \
    "WITH rep AS ("                                                                       \
    "  INSERT INTO reports (text_sha256, text, text_folded, title, title_folded, source, url," \
    "   published_at, metadata, language, event_name, event_date, event_venue, event_theme," \
    "   event_organizers, reporter, paragraphs, warnings, published_offset, event_on,"    \
    "   event_date_source)"                                                               \
    "  VALUES (sha256(convert_to($1, 'UTF8')), $1, $2, $3, $4, $5, $6, $7::timestamptz,"  \
    "   $8::jsonb, $12, $13, $14, $15, $16, $17::text[], $18,"                           \
    "   (SELECT coalesce(jsonb_agg(jsonb_build_object('index', p.i, 'start', p.s, 'end', p.e)" \
    "     ORDER BY p.o), '[]')"                                                           \
    "    FROM unnest($19::integer[], $20::integer[], $21::integer[])"                     \
    "     WITH ORDINALITY AS p(i, s, e, o)),"                                             \
    "   (SELECT coalesce(jsonb_agg(jsonb_build_object('code', w.c, 'paragraph', w.p,"    \
    "     'start', w.s, 'end', w.e, 'text', w.t) ORDER BY w.o), '[]')"                    \
    "    FROM unnest($22::text[], $23::integer[], $24::integer[], $25::integer[], $26::text[])" \
    "     WITH ORDINALITY AS w(c, p, s, e, t, o)),"                                       \
    "   $9, $10::date, $11)"                                                              \
    "  ON CONFLICT (text_sha256) DO NOTHING RETURNING id, listed_at, event_on),"          \
    " person AS ("                                                                        \
    "  SELECT (u.o - 1)::integer AS position, u.name_key, u.name, u.affiliation,"         \
    "   u.affiliation_folded, u.title, u.role, u.topic, u.remarks, u.recs"                \
    "  FROM unnest($27::text[], $28::text[], $29::text[], $30::text[], $31::text[],"      \
    "   $32::text[], $33::text[], $34::integer[], $35::integer[]) WITH ORDINALITY"        \
    "   AS u(name_key, name, affiliation, affiliation_folded, title, role, topic, remarks,"  \
    "    recs, o)),"                                                                      \
    " summary AS ("                                                                       \
    "  SELECT name_key, (array_agg(name ORDER BY position))[1] AS name,"                  \
    "   array_agg(DISTINCT name) AS names,"                                               \
    "   (array_agg(affiliation ORDER BY position)"                                        \
    "     FILTER (WHERE affiliation IS NOT NULL))[1] AS affiliation,"                     \
    "   (array_agg(affiliation_folded ORDER BY position)"                                 \
    "     FILTER (WHERE affiliation IS NOT NULL))[1] AS affiliation_folded,"              \
    "   sum(remarks)::integer AS remarks, sum(recs)::integer AS recs"                     \
    "  FROM person GROUP BY name_key),"                                                   \
    " ppl AS ("                                                                           \
    "  INSERT INTO people AS p (name_key, name, names, report_count, remark_count,"       \
    "   recommendation_count, last_seen, affiliation, affiliation_listed_at,"             \
    "   affiliation_report_id, affiliation_folded)"                                       \
    "  SELECT s.name_key, s.name, s.names, 1, s.remarks, s.recs, rep.listed_at, s.affiliation," \
    "   CASE WHEN s.affiliation IS NOT NULL THEN rep.listed_at END,"                      \
    "   CASE WHEN s.affiliation IS NOT NULL THEN rep.id END, s.affiliation_folded"        \
    "  FROM summary s, rep ORDER BY s.name_key"                                           \
    "  ON CONFLICT (name_key) DO UPDATE SET names = ARRAY("                               \
    "   SELECT n FROM unnest(p.names || EXCLUDED.names) WITH ORDINALITY AS u(n, o)"       \
    "   GROUP BY n ORDER BY min(o)),"                                                     \
    "   report_count = p.report_count + 1,"                                               \
    "   remark_count = p.remark_count + EXCLUDED.remark_count,"                           \
    "   recommendation_count = p.recommendation_count + EXCLUDED.recommendation_count,"   \
    "   last_seen = greatest(p.last_seen, EXCLUDED.last_seen),"                           \
    "   (affiliation, affiliation_listed_at, affiliation_report_id, affiliation_folded) = (SELECT" \
    "     CASE WHEN newer THEN EXCLUDED.affiliation ELSE p.affiliation END,"              \
    "     CASE WHEN newer THEN EXCLUDED.affiliation_listed_at ELSE p.affiliation_listed_at END," \
    "     CASE WHEN newer THEN EXCLUDED.affiliation_report_id ELSE p.affiliation_report_id END," \
    "     CASE WHEN newer THEN EXCLUDED.affiliation_folded ELSE p.affiliation_folded END"  \
    "    FROM (SELECT EXCLUDED.affiliation IS NOT NULL AND (p.affiliation_listed_at IS NULL" \
    "      OR (EXCLUDED.affiliation_listed_at, EXCLUDED.affiliation_report_id)"             \
    "       > (p.affiliation_listed_at, p.affiliation_report_id)) AS newer) x)"            \
    "  RETURNING id, name_key),"                                                          \
    " app AS ("                                                                           \
    "  INSERT INTO appearances (report_id, position, person_id, name, affiliation, title, role," \
    "   topic, listed_at, remark_count, recommendation_count, event_on, affiliation_folded)" \
    "  SELECT rep.id, person.position, ppl.id, person.name, person.affiliation,"          \
    "   person.title, person.role, person.topic, rep.listed_at,"                          \
    "   person.remarks, person.recs, rep.event_on, person.affiliation_folded"             \
    "  FROM rep, person JOIN ppl USING (name_key)"                                        \
    "  RETURNING report_id, id, position, person_id, listed_at, event_on),"               \
    " rem AS ("                                                                           \
    "  INSERT INTO remarks (report_id, appearance_id, person_id, position, paragraph,"    \
    "   start_byte, end_byte, text, text_folded, cue_start, cue_end, cue_text, confidence," \
    "   listed_at)"                                                                       \
    "  SELECT app.report_id, app.id, app.person_id, r.position, r.paragraph, r.start_byte," \
    "   r.end_byte, r.text, r.folded, r.cue_start, r.cue_end, r.cue_text, r.confidence,"  \
    "   app.listed_at"                                                                    \
    "  FROM app JOIN unnest($36::integer[], $37::integer[], $38::integer[], $39::integer[]," \
    "   $40::integer[], $41::text[], $42::text[], $43::integer[], $44::integer[], $45::text[]," \
    "   $46::real[]) WITH ORDINALITY AS r(person, position, paragraph, start_byte, end_byte," \
    "    text, folded, cue_start, cue_end, cue_text, confidence, o)"                      \
    "   ON r.person = app.position"                                                       \
    "  ORDER BY app.position, r.o),"                                                      \
    " rec AS ("                                                                           \
    "  INSERT INTO recommendations (report_id, appearance_id, person_id, ordinal, marker," \
    "   paragraph, start_byte, end_byte, text, text_folded, listed_at, event_on)"         \
    "  SELECT app.report_id, app.id, app.person_id, i.ordinal, i.marker, i.paragraph,"    \
    "   i.start_byte, i.end_byte, i.text, i.folded, app.listed_at, app.event_on"          \
    "  FROM app JOIN unnest($47::integer[], $48::integer[], $49::text[], $50::integer[],"  \
    "   $51::integer[], $52::integer[], $53::text[], $54::text[]) WITH ORDINALITY"        \
    "   AS i(person, ordinal, marker, paragraph, start_byte, end_byte, text, folded, o)"  \
    "   ON i.person = app.position"                                                       \
    "  ORDER BY app.position, i.o)"                                                       \
    " SELECT id FROM rep"

const char store_sql_report_insert[] = REPORT_INSERT_SQL;
const char store_sql_report_id_by_text[] =
    "SELECT id FROM reports WHERE text_sha256 = sha256(convert_to($1, 'UTF8'))";
const char store_sql_reports_known[] =
    "SELECT t.i FROM unnest($1::text[]) WITH ORDINALITY AS t(x, i)"
    " WHERE EXISTS (SELECT 1 FROM reports r WHERE r.text_sha256 = sha256(convert_to(t.x, 'UTF8')))";

/* ---- the parameters ---- */

/* Builds the arrays of one table: cols[i] becomes parameter first + i. */
static void close_arrays(struct store_report_prepared *pr, struct store_array *cols,
                         enum insert_param first, enum insert_param last)
{
    for (int p = first; p <= (int)last; p++)
        pr->params[p] = pr->owned[p] = store_array_close(&cols[p - first]);
}

static void paragraph_arrays(struct store_report_prepared *pr, const struct seg_result *seg)
{
    struct store_array cols[INS_PARAGRAPH_END - INS_PARAGRAPH_INDEX + 1] = {{0}};

    for (size_t i = 0; i < seg->n_paragraphs; i++) {
        const struct seg_paragraph *p = &seg->paragraphs[i];

        store_array_add_i64(&cols[INS_PARAGRAPH_INDEX - INS_PARAGRAPH_INDEX], p->index);
        store_array_add_i64(&cols[INS_PARAGRAPH_START - INS_PARAGRAPH_INDEX], p->span.start);
        store_array_add_i64(&cols[INS_PARAGRAPH_END - INS_PARAGRAPH_INDEX], p->span.end);
    }
    close_arrays(pr, cols, INS_PARAGRAPH_INDEX, INS_PARAGRAPH_END);
}

static void warning_arrays(struct store_report_prepared *pr, const struct seg_result *seg)
{
    struct store_array cols[INS_WARNING_TEXT - INS_WARNING_CODE + 1] = {{0}};

    for (size_t i = 0; i < seg->n_warnings; i++) {
        const struct seg_warning *w = &seg->warnings[i];

        store_array_add_str(&cols[INS_WARNING_CODE - INS_WARNING_CODE], w->code);
        store_array_add_i64(&cols[INS_WARNING_PARAGRAPH - INS_WARNING_CODE], w->paragraph);
        store_array_add_i64(&cols[INS_WARNING_START - INS_WARNING_CODE], w->span.start);
        store_array_add_i64(&cols[INS_WARNING_END - INS_WARNING_CODE], w->span.end);
        store_array_add_str(&cols[INS_WARNING_TEXT - INS_WARNING_CODE], w->text);
    }
    close_arrays(pr, cols, INS_WARNING_CODE, INS_WARNING_TEXT);
}

/* Adds the folded text of s (NULL for NULL); false when out of memory. */
static bool add_folded(struct store_array *a, const char *s)
{
    char *folded = store_fold(s);

    store_array_add_str(a, folded);
    free(folded);
    return s == NULL || folded != NULL;
}

/* A carried-over remark has no cue: its bounds are NULL. */
static void add_cue_bound(struct store_array *a, bool has_cue, uint32_t bound)
{
    if (has_cue)
        store_array_add_i64(a, bound);
    else
        store_array_add_str(a, NULL);
}

/* People, remarks and recommendations; false when out of memory. */
static bool people_arrays(struct store_report_prepared *pr, const struct seg_result *seg)
{
    struct store_array people[INS_PERSON_RECS - INS_PERSON_NAME_KEY + 1] = {{0}};
    struct store_array remarks[INS_REMARK_CONFIDENCE - INS_REMARK_PERSON + 1] = {{0}};
    struct store_array recs[INS_REC_FOLDED - INS_REC_PERSON + 1] = {{0}};
    char confidence[32];
    bool folded = true;

#define PERSON(col) (&people[INS_PERSON_##col - INS_PERSON_NAME_KEY])
#define REMARK(col) (&remarks[INS_REMARK_##col - INS_REMARK_PERSON])
#define REC(col) (&recs[INS_REC_##col - INS_REC_PERSON])
    for (size_t i = 0; i < seg->n_people; i++) {
        const struct seg_person *p = &seg->people[i];

        store_array_add_str(PERSON(NAME_KEY), p->name_key);
        store_array_add_str(PERSON(NAME), p->name);
        store_array_add_str(PERSON(AFFILIATION), p->affiliation);
        folded = add_folded(PERSON(AFFILIATION_FOLDED), p->affiliation) && folded;
        store_array_add_str(PERSON(TITLE), p->title);
        store_array_add_str(PERSON(ROLE), seg_role_name(p->role));
        store_array_add_str(PERSON(TOPIC), p->topic);
        store_array_add_i64(PERSON(REMARKS), (int64_t)p->n_remarks);
        store_array_add_i64(PERSON(RECS), (int64_t)p->n_items);
        for (size_t j = 0; j < p->n_remarks; j++) {
            const struct seg_remark *m = &p->remarks[j];

            store_array_add_i64(REMARK(PERSON), (int64_t)i);
            store_array_add_i64(REMARK(POSITION), (int64_t)j);
            store_array_add_i64(REMARK(PARAGRAPH), m->paragraph);
            store_array_add_i64(REMARK(START), m->span.start);
            store_array_add_i64(REMARK(END), m->span.end);
            store_array_add_str(REMARK(TEXT), m->text);
            folded = add_folded(REMARK(FOLDED), m->text) && folded;
            add_cue_bound(REMARK(CUE_START), m->has_cue, m->cue.start);
            add_cue_bound(REMARK(CUE_END), m->has_cue, m->cue.end);
            store_array_add_str(REMARK(CUE_TEXT), m->has_cue ? m->cue_text : NULL);
            /* %.17g, as the double was written before: real rounds it the same way. */
            snprintf(confidence, sizeof confidence, "%.17g", m->confidence);
            store_array_add_str(REMARK(CONFIDENCE), confidence);
        }
        for (size_t j = 0; j < p->n_items; j++) {
            const struct seg_item *c = &p->items[j];

            store_array_add_i64(REC(PERSON), (int64_t)i);
            store_array_add_i64(REC(ORDINAL), c->ordinal);
            store_array_add_str(REC(MARKER), c->marker);
            store_array_add_i64(REC(PARAGRAPH), c->paragraph);
            store_array_add_i64(REC(START), c->span.start);
            store_array_add_i64(REC(END), c->span.end);
            store_array_add_str(REC(TEXT), c->text);
            folded = add_folded(REC(FOLDED), c->text) && folded;
        }
    }
#undef PERSON
#undef REMARK
#undef REC
    close_arrays(pr, people, INS_PERSON_NAME_KEY, INS_PERSON_RECS);
    close_arrays(pr, remarks, INS_REMARK_PERSON, INS_REMARK_CONFIDENCE);
    close_arrays(pr, recs, INS_REC_PERSON, INS_REC_FOLDED);
    return folded;
}

/* ---- writing ---- */

struct insert_ctx {
    const char *const *params;      /* those of report_insert */
    int64_t id;
    bool created;
};

/* Without a transaction: report_insert is atomic by itself, and when it
 * finds the text stored, possibly by a writer that committed a moment ago,
 * the lookup that follows has a newer snapshot that sees it. */
static enum store_qs insert_once(struct store *st, void *cls)
{
    struct insert_ctx *ctx = cls;
    PGresult *res = NULL;
    enum store_qs qs;

    ctx->id = 0;
    ctx->created = false;
    qs = store_exec(st, STMT_REPORT_INSERT, INS_COUNT_, ctx->params, &res);
    if (qs == STORE_NO_RESULTS) {
        qs = store_exec(st, STMT_REPORT_ID_BY_TEXT, 1, ctx->params, &res);
        if (qs == STORE_NO_RESULTS)
            return STORE_SOFT_ERROR;    /* deleted meanwhile: try again */
    } else {
        ctx->created = qs > 0;
    }
    if (qs < 0)
        return qs;
    ctx->id = store_col_i64(res, 0, STORE_SOLE_COLUMN);
    PQclear(res);
    return STORE_ONE_RESULT;
}

/* The offset an RFC 3339 time was written with: "Z" or "+hh:mm"/"-hh:mm". */
static const char *written_offset(const char *time)
{
    size_t n = strlen(time);

    if (n > 0 && (time[n - 1] == 'Z' || time[n - 1] == 'z'))
        return "Z";
    return n >= 6 ? time + n - 6 : NULL;
}

/* The event as a calendar day (migration 0006 says the rule): the text's
 * date, with a year from the text, else from the day of publication (the
 * date as written in published_at's own offset), else from today in UTC,
 * the day it is posted; without a date in the text, that day itself.
 * Returns the event_date_source. */
static const char *event_day(const struct store_report_in *in, char day[16])
{
    const struct seg_event *ev = &in->seg->event;
    int y, m, d, year = ev->date_year;
    const char *source = in->published_at != NULL ? "published_at" : "posted";
    struct tm now;
    time_t t = time(NULL);

    if (in->published_at != NULL && sscanf(in->published_at, "%4d-%2d-%2d", &y, &m, &d) == 3) {
        /* y, m, d as written */
    } else {
        gmtime_r(&t, &now);
        y = now.tm_year + 1900, m = now.tm_mon + 1, d = now.tm_mday;
    }
    if (year != 0)
        source = "text";
    else if (ev->date_month != 0)
        year = seg_date_year(ev->date_month, ev->date_day, y, m, d);
    if (year != 0)
        y = year, m = ev->date_month, d = ev->date_day;
    snprintf(day, 16, "%04d-%02d-%02d", y, m, d);
    return source;
}

bool store_report_prepare(struct store_report_prepared *pr, const struct store_report_in *in)
{
    const struct seg_result *seg = in->seg;
    const struct seg_event *ev = &seg->event;
    struct store_array organizers = {0};
    bool complete;

    memset(pr, 0, sizeof *pr);
    pr->params[INS_TEXT] = in->text;
    pr->params[INS_TEXT_FOLDED] = pr->owned[INS_TEXT_FOLDED] = store_fold(in->text);
    pr->params[INS_TITLE] = in->title;
    pr->params[INS_TITLE_FOLDED] = pr->owned[INS_TITLE_FOLDED] = store_fold(in->title);
    pr->params[INS_SOURCE] = in->source;
    pr->params[INS_URL] = in->url;
    pr->params[INS_PUBLISHED_AT] = in->published_at;
    pr->params[INS_METADATA] = in->metadata_json;
    pr->params[INS_PUBLISHED_OFFSET] =
        in->published_at != NULL ? written_offset(in->published_at) : NULL;
    pr->params[INS_EVENT_DATE_SOURCE] = event_day(in, pr->day);
    pr->params[INS_EVENT_ON] = pr->day;
    pr->params[INS_LANGUAGE] = seg->language;
    pr->params[INS_EVENT_NAME] = ev->name;
    pr->params[INS_EVENT_DATE] = ev->date;
    pr->params[INS_EVENT_VENUE] = ev->venue;
    pr->params[INS_EVENT_THEME] = ev->theme;
    for (size_t i = 0; i < ev->n_organizers; i++)
        store_array_add_str(&organizers, ev->organizers[i]);
    pr->params[INS_EVENT_ORGANIZERS] = pr->owned[INS_EVENT_ORGANIZERS] =
        store_array_close(&organizers);
    pr->params[INS_EVENT_REPORTER] = ev->reporter;
    paragraph_arrays(pr, seg);
    warning_arrays(pr, seg);
    complete = people_arrays(pr, seg) && pr->params[INS_TEXT_FOLDED] != NULL &&
               (in->title == NULL || pr->params[INS_TITLE_FOLDED] != NULL);
    /* Every array parameter is owned: one missing ran out of memory. */
    for (int p = INS_PARAGRAPH_INDEX; p < INS_COUNT_ && complete; p++)
        complete = pr->owned[p] != NULL;
    if (!complete || pr->owned[INS_EVENT_ORGANIZERS] == NULL) {
        store_report_prepared_clear(pr);
        return false;
    }
    return true;
}

void store_report_prepared_clear(struct store_report_prepared *pr)
{
    for (size_t i = 0; i < STORE_REPORT_INSERT_PARAMS; i++)
        free(pr->owned[i]);
    memset(pr, 0, sizeof *pr);
}

enum store_qs store_report_insert(struct store *st, const struct store_report_in *in,
                                  int64_t *id, bool *created)
{
    struct store_report_prepared pr;
    struct insert_ctx ctx = {NULL, 0, false};
    enum store_qs qs;

    if (!store_report_prepare(&pr, in))
        return STORE_HARD_ERROR;
    ctx.params = pr.params;
    qs = store_run_retried(st, "report_insert", insert_once, &ctx);
    *id = ctx.id;
    *created = ctx.created;
    store_report_prepared_clear(&pr);
    return qs;
}

struct batch_ctx {
    struct store_batch_item *items;
    size_t n;
};

/* Every report of the batch with the statement of a single one, so a
 * batched report is stored exactly as a posted one; only the transaction
 * around them is shared, to pay one commit for the batch. */
static enum store_qs batch_tx(struct store *st, void *cls)
{
    struct batch_ctx *b = cls;
    /* A batch fills the GIN pending lists past their limit, and the insert
     * that overflows them merges them: with more work memory for this
     * transaction the merge costs about a third less (migration 0008). */
    enum store_qs qs = store_exec_sql(st, "SELECT podium_merge_memory()", 0, NULL, NULL);

    if (qs < 0)
        return qs;
    for (size_t i = 0; i < b->n; i++) {
        struct insert_ctx ctx = {b->items[i].prepared->params, 0, false};

        qs = insert_once(st, &ctx);
        if (qs < 0)
            return qs;
        b->items[i].id = ctx.id;
        b->items[i].created = ctx.created;
        b->items[i].qs = qs;
    }
    return STORE_ONE_RESULT;
}

enum store_qs store_report_insert_batch(struct store *st, struct store_batch_item *items, size_t n)
{
    struct batch_ctx b = {items, n};
    enum store_qs qs;

    if (n == 0)
        return STORE_NO_RESULTS;
    qs = store_run_tx(st, "report_batch", batch_tx, &b);
    if (qs != STORE_HARD_ERROR) {
        for (size_t i = 0; qs < 0 && i < n; i++)
            items[i] = (struct store_batch_item){items[i].prepared, 0, false, qs};
        return qs;
    }
    /* One report the database refuses would take the others with it: store
     * each on its own, so only that one fails. */
    for (size_t i = 0; i < n; i++) {
        struct insert_ctx ctx = {items[i].prepared->params, 0, false};

        items[i].qs = qs == STORE_SOFT_ERROR ? qs
                      : store_run_retried(st, "report_insert", insert_once, &ctx);
        if (items[i].qs == STORE_SOFT_ERROR)
            qs = STORE_SOFT_ERROR;      /* the rest is not tried: the database is gone */
        items[i].id = ctx.id;
        items[i].created = ctx.created;
    }
    return qs == STORE_SOFT_ERROR ? qs : STORE_ONE_RESULT;
}

enum store_qs store_reports_known(struct store *st, const char *const *texts, const size_t *lens,
                                  size_t n, bool *known)
{
    struct store_array texts_array = {0};
    char *literal;
    PGresult *res = NULL;
    enum store_qs qs;

    for (size_t i = 0; i < n; i++) {
        known[i] = false;
        store_array_add(&texts_array, texts[i], lens[i]);
    }
    if (n == 0) {
        free(store_array_close(&texts_array));
        return STORE_NO_RESULTS;
    }
    if ((literal = store_array_close(&texts_array)) == NULL)
        return STORE_HARD_ERROR;
    qs = store_exec(st, STMT_REPORTS_KNOWN, 1, (const char *const *)&literal, &res);
    for (int r = 0; qs > 0 && r < PQntuples(res); r++) {
        int64_t i = store_col_i64(res, r, STORE_SOLE_COLUMN);

        if (i >= 1 && (size_t)i <= n)
            known[i - 1] = true;
    }
    PQclear(res);
    free(literal);
    return qs;
}
