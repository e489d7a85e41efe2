/* JSON of stored objects, in the shapes of Segmentation JSON (DESIGN.md
 * section 3) with ids added, so a client reads a stored report and a
 * POST /segment answer with the same code. */
#include "podium/enc.h"
#include "podium/stored.h"

#include "enc_array.h"

/* A JSON document the service stored itself; null when absent or damaged. */
static json_t *stored_json(const char *text)
{
    json_t *v = text != NULL ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;

    return v != NULL ? v : json_null();
}

static json_t *span_members(json_t *obj, uint32_t paragraph, struct stored_span span)
{
    if (obj != NULL && json_object_update_new(obj, json_pack("{s:I, s:I, s:I}", "paragraph",
                                                             (json_int_t)paragraph, "start",
                                                             (json_int_t)span.start, "end",
                                                             (json_int_t)span.end)) != 0) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

static json_t *enc_remark(const struct stored_remark *m)
{
    json_t *cue = m->has_cue ? json_pack("{s:I, s:I, s:s?}", "start", (json_int_t)m->cue.start,
                                         "end", (json_int_t)m->cue.end, "text", m->cue_text)
                             : json_null();

    return span_members(json_pack("{s:I, s:I, s:s?, s:o, s:f}", "id", (json_int_t)m->id,
                                  "report_id", (json_int_t)m->report_id, "text", m->text,
                                  "cue", cue, "confidence", m->confidence),
                        m->paragraph, m->span);
}

static json_t *enc_rec(const struct stored_rec *c)
{
    return span_members(json_pack("{s:I, s:I, s:I, s:s?, s:s?}", "id", (json_int_t)c->id,
                                  "report_id", (json_int_t)c->report_id, "ordinal",
                                  (json_int_t)c->ordinal, "marker", c->marker, "text", c->text),
                        c->paragraph, c->span);
}

/* Defines json_t *name(const type *items, size_t n): the array of
 * enc(&items[i]), NULL when out of memory. */
#define ENC_ARRAY_FN(name, type, enc)                                           \
    json_t *name(const type *items, size_t n)                                   \
    {                                                                           \
        json_t *arr;                                                            \
                                                                                \
        ENC_ARRAY(arr, items, n, enc);                                          \
        return arr;                                                             \
    }

static ENC_ARRAY_FN(remark_array, struct stored_remark, enc_remark)
static ENC_ARRAY_FN(rec_array, struct stored_rec, enc_rec)

json_t *enc_appearance_summary(const struct stored_appearance *a)
{
    return json_pack("{s:I, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:I, s:I}",
                     "id", (json_int_t)a->id, "person_id", (json_int_t)a->person_id,
                     "name", a->name, "name_key", a->name_key, "affiliation", a->affiliation,
                     "title", a->title, "role", a->role, "topic", a->topic,
                     "remark_count", (json_int_t)a->remark_count,
                     "recommendation_count", (json_int_t)a->rec_count);
}

static json_t *enc_report_person(const struct stored_appearance *a)
{
    json_t *obj = enc_appearance_summary(a);

    if (obj != NULL && json_object_update_new(obj, json_pack("{s:o, s:o}",
            "remarks", remark_array(a->remarks, a->n_remarks),
            "recommendations", rec_array(a->recs, a->n_recs))) != 0) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

/* Members shared by a stored report and its list item. */
static json_t *report_head(const struct stored_report *r)
{
    return json_pack("{s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}",
                     "id", (json_int_t)r->id, "sha256", r->sha256, "title", r->title,
                     "source", r->source, "url", r->url, "published_at", r->published_at,
                     "created_at", r->created_at, "language", r->language);
}

static json_t *with_members(json_t *obj, json_t *more)
{
    if (obj == NULL || more == NULL || json_object_update_new(obj, more) != 0) {
        json_decref(obj);
        json_decref(more);
        return NULL;
    }
    return obj;
}

json_t *enc_stored_report(const struct stored_report *r)
{
    json_t *obj = report_head(r), *people;

    ENC_ARRAY(people, r->people, r->n_appearances, enc_report_person);
    obj = with_members(obj, json_pack(
        "{s:o, s:{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:o, s:s?}, s:o, s:o, s:o}",
        "metadata", stored_json(r->metadata_json),
        "event", "name", r->event_name, "date", r->event_date, "date_iso", r->event_on,
        "date_source", r->event_date_source, "venue", r->event_venue,
        "theme", r->event_theme, "organizers", stored_json(r->organizers_json),
        "reporter", r->reporter,
        "paragraphs", stored_json(r->paragraphs_json), "people", people,
        "warnings", stored_json(r->warnings_json)));
    if (obj != NULL && r->text != NULL && json_object_set_new(obj, "text", json_string(r->text)) != 0) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

json_t *enc_report_summary(const struct stored_report *r)
{
    return with_members(report_head(r), json_pack(
        "{s:{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}, s:I, s:I, s:I}",
        "event", "name", r->event_name, "date", r->event_date, "date_iso", r->event_on,
        "date_source", r->event_date_source, "venue", r->event_venue,
        "theme", r->event_theme, "people_count", (json_int_t)r->people_count,
        "remark_count", (json_int_t)r->remark_count,
        "recommendation_count", (json_int_t)r->rec_count));
}

static json_t *enc_person_appearance(const struct stored_appearance *a)
{
    return json_pack("{s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:I, s:I}",
                     "report_id", (json_int_t)a->report_id, "report_title", a->report_title,
                     "date", a->report_date, "name", a->name, "role", a->role,
                     "affiliation", a->affiliation, "title", a->title, "topic", a->topic,
                     "remark_count", (json_int_t)a->remark_count,
                     "recommendation_count", (json_int_t)a->rec_count);
}

json_t *enc_stored_person(const struct stored_person *p, bool detail)
{
    json_t *obj = json_pack("{s:I, s:s?, s:s?, s:o, s:s?, s:I, s:I, s:I, s:o, s:s?}",
                            "id", (json_int_t)p->id, "name", p->name, "name_key", p->name_key,
                            "names", stored_json(p->names_json), "affiliation", p->affiliation,
                            "report_count", (json_int_t)p->report_count,
                            "remark_count", (json_int_t)p->remark_count,
                            "recommendation_count", (json_int_t)p->rec_count,
                            "roles", p->roles_json != NULL ? stored_json(p->roles_json)
                                                           : json_object(),
                            "last_seen", p->last_seen);
    json_t *appearances;

    if (!detail || obj == NULL)
        return obj;
    ENC_ARRAY(appearances, p->appearances, p->n_appearances, enc_person_appearance);
    return with_members(obj, json_pack("{s:o, s:o, s:o}", "appearances", appearances,
                                       "latest_remarks", remark_array(p->remarks, p->n_remarks),
                                       "latest_recommendations", rec_array(p->recs, p->n_recs)));
}

json_t *enc_stored_rec(const struct stored_rec *c)
{
    return with_members(enc_rec(c), json_pack(
        "{s:{s:I, s:s?, s:s?}, s:{s:I, s:s?, s:s?, s:s?}}",
        "speaker", "id", (json_int_t)c->speaker.id, "name", c->speaker.name,
        "name_key", c->speaker.name_key,
        "report", "id", (json_int_t)c->report.id, "title", c->report.name,
        "date", c->report.date, "date_iso", c->report.event_on));
}

static json_t *enc_person_summary(const struct stored_person *p)
{
    return enc_stored_person(p, false);
}

ENC_ARRAY_FN(enc_report_summaries, struct stored_report, enc_report_summary)
ENC_ARRAY_FN(enc_appearance_summaries, struct stored_appearance, enc_appearance_summary)
ENC_ARRAY_FN(enc_person_summaries, struct stored_person, enc_person_summary)
ENC_ARRAY_FN(enc_stored_recs, struct stored_rec, enc_stored_rec)
