/* See podium/export.h. CSV follows RFC 4180 (CRLF, a field quoted when it
 * holds a comma, a quote or a line break, quotes doubled), which is what
 * Python's csv module and spreadsheets read; SQL NULL is an empty field. */
#include "podium/export.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytebuf.h"
#include "podium/enc.h"
#include "store/store.h"

#define ROW_MAX 20              /* the widest table, reports, has 18 columns */

static const char *const table_names[EXPORT_TABLES] = {"reports", "people", "remarks",
                                                       "recommendations"};

static const char *const headers[EXPORT_TABLES] = {
    "id,sha256,title,source,url,published_at,created_at,language,event_name,event_date,"
    "event_venue,event_theme,event_organizers,reporter,metadata,people_count,remark_count,"
    "recommendation_count",
    "report_id,id,person_id,name,name_key,affiliation,title,role,topic,remark_count,"
    "recommendation_count",
    "id,report_id,person_id,name_key,paragraph,start,end,text,cue_text,cue_start,cue_end,"
    "confidence",
    "id,report_id,person_id,name_key,ordinal,marker,paragraph,start,end,text",
};

const char *export_table_name(enum export_table t)
{
    return table_names[t];
}

bool export_table_parse(const char *name, enum export_table *t)
{
    for (int i = 0; i < EXPORT_TABLES; i++) {
        if (strcmp(name, table_names[i]) == 0) {
            *t = (enum export_table)i;
            return true;
        }
    }
    return false;
}

void export_buf_add(struct export_buf *b, const char *s, size_t n)
{
    if (!b->failed && !bytebuf_append(&b->data, &b->len, &b->cap, s, n, SIZE_MAX))
        b->failed = true;
}

void export_buf_free(struct export_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

void export_cursor_init(struct export_cursor *c, const char *since, const char *until,
                        bool with_text)
{
    memset(c, 0, sizeof *c);
    c->since = since;
    c->until = until;
    c->with_text = with_text;
}

int export_next(struct export_cursor *c, struct store *st, struct stored_report *rep)
{
    memset(rep, 0, sizeof *rep);
    while (!c->end) {
        enum store_qs qs;

        if (c->pos == c->n) {
            qs = store_report_ids(st, c->since, c->until, c->last, EXPORT_PAGE, c->ids, &c->n);
            if (qs < 0)
                return -1;
            c->pos = 0;
            if (c->n == 0) {
                c->end = true;
                break;
            }
            c->last = c->ids[c->n - 1];
        }
        qs = store_report_get(st, c->ids[c->pos++], c->with_text, rep);
        if (qs > 0)
            return 1;
        stored_hold_clear(&rep->hold);
        if (qs < 0)
            return -1;
        /* deleted since its id was read: not part of the export */
    }
    return 0;
}

void export_jsonl(const struct stored_report *rep, struct export_buf *b)
{
    json_t *doc = enc_stored_report(rep);
    char *text = doc != NULL ? json_dumps(doc, ENC_DUMP_FLAGS) : NULL;

    if (text == NULL) {
        b->failed = true;
    } else {
        export_buf_add(b, text, strlen(text));
        export_buf_add(b, "\n", 1);
    }
    free(text);
    json_decref(doc);
}

/* One CSV row being built: cells borrow strings or point into nums. */
struct row {
    const char *cells[ROW_MAX];
    char nums[ROW_MAX][32];
    size_t n;
};

static void cell(struct row *r, const char *s)
{
    r->cells[r->n++] = s;
}

static void cell_int(struct row *r, int64_t v)
{
    snprintf(r->nums[r->n], sizeof r->nums[0], "%" PRId64, v);
    r->cells[r->n] = r->nums[r->n];
    r->n++;
}

static void emit(struct export_buf *b, const struct row *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const char *s = r->cells[i] != NULL ? r->cells[i] : "";

        if (i > 0)
            export_buf_add(b, ",", 1);
        if (strpbrk(s, ",\"\r\n") == NULL) {
            export_buf_add(b, s, strlen(s));
            continue;
        }
        export_buf_add(b, "\"", 1);
        for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
            export_buf_add(b, s, (size_t)(q - s));
            export_buf_add(b, "\"\"", 2);
        }
        export_buf_add(b, s, strlen(s));
        export_buf_add(b, "\"", 1);
    }
    export_buf_add(b, "\r\n", 2);
}

void export_csv_header(enum export_table t, struct export_buf *b)
{
    export_buf_add(b, headers[t], strlen(headers[t]));
    export_buf_add(b, "\r\n", 2);
}

static void report_row(const struct stored_report *rep, struct export_buf *b)
{
    struct row r = {.n = 0};
    int64_t remarks = 0, recs = 0;

    for (size_t i = 0; i < rep->n_appearances; i++) {
        remarks += (int64_t)rep->people[i].n_remarks;
        recs += (int64_t)rep->people[i].n_recs;
    }
    cell_int(&r, rep->id);
    cell(&r, rep->sha256);
    cell(&r, rep->title);
    cell(&r, rep->source);
    cell(&r, rep->url);
    cell(&r, rep->published_at);
    cell(&r, rep->created_at);
    cell(&r, rep->language);
    cell(&r, rep->event_name);
    cell(&r, rep->event_date);
    cell(&r, rep->event_venue);
    cell(&r, rep->event_theme);
    cell(&r, rep->organizers_json);
    cell(&r, rep->reporter);
    cell(&r, rep->metadata_json);
    cell_int(&r, (int64_t)rep->n_appearances);
    cell_int(&r, remarks);
    cell_int(&r, recs);
    emit(b, &r);
}

static void person_row(const struct stored_report *rep, const struct stored_appearance *a,
                       struct export_buf *b)
{
    struct row r = {.n = 0};

    cell_int(&r, rep->id);
    cell_int(&r, a->id);
    cell_int(&r, a->person_id);
    cell(&r, a->name);
    cell(&r, a->name_key);
    cell(&r, a->affiliation);
    cell(&r, a->title);
    cell(&r, a->role);
    cell(&r, a->topic);
    cell_int(&r, a->remark_count);
    cell_int(&r, a->rec_count);
    emit(b, &r);
}

static void remark_row(const struct stored_appearance *a, const struct stored_remark *m,
                       struct export_buf *b)
{
    struct row r = {.n = 0};

    cell_int(&r, m->id);
    cell_int(&r, m->report_id);
    cell_int(&r, a->person_id);
    cell(&r, a->name_key);
    cell_int(&r, m->paragraph);
    cell_int(&r, m->span.start);
    cell_int(&r, m->span.end);
    cell(&r, m->text);
    if (m->has_cue) {
        cell(&r, m->cue_text);
        cell_int(&r, m->cue.start);
        cell_int(&r, m->cue.end);
    } else {
        cell(&r, NULL);
        cell(&r, NULL);
        cell(&r, NULL);
    }
    /* as the JSON prints it (ENC_DUMP_FLAGS: four significant digits) */
    snprintf(r.nums[r.n], sizeof r.nums[0], "%.4g", m->confidence);
    cell(&r, r.nums[r.n]);
    emit(b, &r);
}

static void rec_row(const struct stored_appearance *a, const struct stored_rec *c,
                    struct export_buf *b)
{
    struct row r = {.n = 0};

    cell_int(&r, c->id);
    cell_int(&r, c->report_id);
    cell_int(&r, a->person_id);
    cell(&r, a->name_key);
    cell_int(&r, c->ordinal);
    cell(&r, c->marker);
    cell_int(&r, c->paragraph);
    cell_int(&r, c->span.start);
    cell_int(&r, c->span.end);
    cell(&r, c->text);
    emit(b, &r);
}

void export_csv_rows(const struct stored_report *rep, enum export_table t, struct export_buf *b)
{
    if (t == EXPORT_REPORTS) {
        report_row(rep, b);
        return;
    }
    for (size_t i = 0; i < rep->n_appearances; i++) {
        const struct stored_appearance *a = &rep->people[i];

        if (t == EXPORT_PEOPLE)
            person_row(rep, a, b);
        for (size_t k = 0; t == EXPORT_REMARKS && k < a->n_remarks; k++)
            remark_row(a, &a->remarks[k], b);
        for (size_t k = 0; t == EXPORT_RECS && k < a->n_recs; k++)
            rec_row(a, &a->recs[k], b);
    }
}
