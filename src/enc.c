/* The one encoder of Segmentation JSON (DESIGN.md section 3), shared by the
 * CLI and the HTTP API. Nullable fields are JSON null; cue is null when a
 * remark is carried over. */
#include <stdio.h>

#include <utf8proc.h>

#include "podium/enc.h"

#include "enc_array.h"

static json_t *span_fields(json_t *obj, struct seg_span sp)
{
    if (obj != NULL &&
        (json_object_set_new(obj, "start", json_integer(sp.start)) != 0 ||
         json_object_set_new(obj, "end", json_integer(sp.end)) != 0)) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

static json_t *enc_remark(const struct seg_remark *r)
{
    json_t *cue = json_null();

    if (r->has_cue)
        cue = span_fields(json_pack("{s:s}", "text", r->cue_text), r->cue);
    if (cue == NULL)
        return NULL;
    return json_pack("{s:I, s:I, s:I, s:s, s:o, s:f}", "paragraph", (json_int_t)r->paragraph,
                     "start", (json_int_t)r->span.start, "end", (json_int_t)r->span.end,
                     "text", r->text, "cue", cue, "confidence", r->confidence);
}

static json_t *enc_item(const struct seg_item *it)
{
    return json_pack("{s:I, s:s?, s:I, s:I, s:I, s:s}", "ordinal", (json_int_t)it->ordinal,
                     "marker", it->marker, "paragraph", (json_int_t)it->paragraph,
                     "start", (json_int_t)it->span.start, "end", (json_int_t)it->span.end,
                     "text", it->text);
}

static json_t *enc_person(const struct seg_person *p)
{
    json_t *remarks, *items;

    ENC_ARRAY(remarks, p->remarks, p->n_remarks, enc_remark);
    ENC_ARRAY(items, p->items, p->n_items, enc_item);
    if (remarks == NULL || items == NULL) {
        json_decref(remarks);
        json_decref(items);
        return NULL;
    }
    return json_pack("{s:s, s:s, s:s?, s:s?, s:s, s:s?, s:o, s:o}", "name", p->name,
                     "name_key", p->name_key, "affiliation", p->affiliation, "title", p->title,
                     "role", seg_role_name(p->role), "topic", p->topic, "remarks", remarks,
                     "recommendations", items);
}

static json_t *enc_paragraph(const struct seg_paragraph *p)
{
    return json_pack("{s:I, s:I, s:I}", "index", (json_int_t)p->index, "start",
                     (json_int_t)p->span.start, "end", (json_int_t)p->span.end);
}

static json_t *enc_warning(const struct seg_warning *w)
{
    return json_pack("{s:s, s:I, s:I, s:I, s:s}", "code", w->code, "paragraph",
                     (json_int_t)w->paragraph, "start", (json_int_t)w->span.start, "end",
                     (json_int_t)w->span.end, "text", w->text);
}

static json_t *enc_organizer(const char *const *name)
{
    return json_string(*name);
}

/* The segmenter knows only the text: a date is a calendar day here only
 * when the text writes its year; storing a report completes the others. */
static json_t *enc_event(const struct seg_event *ev)
{
    json_t *org;
    char iso[40];              /* room for any int the compiler imagines */
    bool dated = ev->date_year > 0;

    if (dated)
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", ev->date_year, ev->date_month, ev->date_day);
    ENC_ARRAY(org, ev->organizers, ev->n_organizers, enc_organizer);
    if (org == NULL)
        return NULL;
    return json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:o, s:s?}", "name", ev->name,
                     "date", ev->date, "date_iso", dated ? iso : NULL, "date_source",
                     dated ? "text" : NULL, "venue", ev->venue, "theme", ev->theme,
                     "organizers", org, "reporter", ev->reporter);
}

json_t *enc_segmentation(const struct seg_result *r)
{
    json_t *paras, *people, *warnings, *event;

    if (r == NULL)
        return NULL;
    event = enc_event(&r->event);
    ENC_ARRAY(paras, r->paragraphs, r->n_paragraphs, enc_paragraph);
    ENC_ARRAY(people, r->people, r->n_people, enc_person);
    ENC_ARRAY(warnings, r->warnings, r->n_warnings, enc_warning);
    if (event == NULL || paras == NULL || people == NULL || warnings == NULL) {
        json_decref(event);
        json_decref(paras);
        json_decref(people);
        json_decref(warnings);
        return NULL;
    }
    return json_pack("{s:s, s:o, s:o, s:o, s:o}", "language", r->language, "event", event,
                     "paragraphs", paras, "people", people, "warnings", warnings);
}

bool enc_utf8_valid(const void *s, size_t len)
{
    const utf8proc_uint8_t *p = s;
    utf8proc_int32_t cp;

    while (len > 0) {
        utf8proc_ssize_t k;

        if (*p < 0x80) {
            p++;
            len--;
            continue;
        }
        k = utf8proc_iterate(p, (utf8proc_ssize_t)len, &cp);
        if (k <= 0)
            return false;
        p += k;
        len -= (size_t)k;
    }
    return true;
}
