/* seg_segment(): runs the stages over one input and builds the result in
 * one arena, so seg_result_free() releases everything in one go. Spans turn
 * into original byte offsets only here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "segment/seg_internal.h"

#define ARENA_CHUNK ((size_t)64 << 10)

struct arena_chunk {
    struct arena_chunk *next;
    size_t used, size;
    max_align_t data[];
};

struct result_box {
    struct seg_result r;        /* first: the public pointer is the box */
    struct arena_chunk *chunks;
};

static void *arena_alloc(struct result_box *box, size_t size)
{
    struct arena_chunk *c = box->chunks;

    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (size == 0)
        size = sizeof(max_align_t);
    if (c == NULL || c->size - c->used < size) {
        size_t want = size > ARENA_CHUNK ? size : ARENA_CHUNK;

        c = malloc(sizeof *c + want);
        if (c == NULL)
            return NULL;
        c->size = want;
        c->used = 0;
        c->next = box->chunks;
        box->chunks = c;
    }
    c->used += size;
    return (char *)c->data + c->used - size;
}

static size_t u8len(uint8_t lead)
{
    return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

static struct seg_span byte_span(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    uint32_t last;

    if (e <= b)
        return (struct seg_span){0, 0};
    last = d->v.src[e - 1];
    return (struct seg_span){d->v.src[b],
                             last + (uint32_t)u8len((uint8_t)d->v.orig[last])};
}

/* UTF-8 of c at w, its length. The common ranges are encoded here (this
 * runs for every code point of the result); utf8proc keeps the rest, so
 * what it does with U+FFFE/U+FFFF and beyond stays as it was. */
static size_t encode(uint32_t c, char *w)
{
    uint8_t *u = (uint8_t *)w;

    if (c < 0x80) {
        u[0] = (uint8_t)c;
        return 1;
    }
    if (c < 0x800) {
        u[0] = (uint8_t)(0xC0 | (c >> 6));
        u[1] = (uint8_t)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0xFFFE) {
        u[0] = (uint8_t)(0xE0 | (c >> 12));
        u[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (uint8_t)(0x80 | (c & 0x3F));
        return 3;
    }
    return (size_t)utf8proc_encode_char((utf8proc_int32_t)c, u);
}

/* Whether an annotation was removed between two code points of [b, e). */
static bool annotation_inside(const struct seg_view *v, uint32_t b, uint32_t e)
{
    if (!v->annotated)
        return false;
    for (uint32_t i = b; i + 1 < e; i++)
        if (v->flag[i] & FLAG_ANNOTATED)
            return true;
    return false;
}

/* Cleaned text of clean range [b, e): annotations gone, white space trimmed. */
static const char *text_of(struct result_box *box, const struct seg_doc *d, uint32_t b, uint32_t e)
{
    char *s, *w;

    seg_trim(&d->v, &b, &e);
    s = arena_alloc(box, (size_t)(e - b) * 4 + 1);
    if (s == NULL)
        return NULL;
    if (e > b && !annotation_inside(&d->v, b, e)) {
        /* the clean text of an untouched range is its original bytes (valid
         * UTF-8, decoded and re-encoded one to one): copied, not re-encoded */
        size_t from = d->v.src[b], to = d->v.src[e - 1] + u8len((uint8_t)d->v.orig[d->v.src[e - 1]]);

        memcpy(s, d->v.orig + from, to - from);
        s[to - from] = '\0';
        return s;
    }
    w = s;
    for (uint32_t i = b; i < e; i++)
        w += encode(d->v.cp[i], w);
    *w = '\0';
    return s;
}

/* The name key of the name in [b, e), trimmed as text_of trims the name. */
static const char *key_of(struct result_box *box, const struct seg_doc *d, uint32_t b, uint32_t e)
{
    char *s, *w;

    seg_trim(&d->v, &b, &e);
    s = w = arena_alloc(box, (size_t)(e - b) * 4 + 1);
    if (s == NULL)
        return NULL;
    for (uint32_t i = b; i < e; i++)
        w += encode(seg_t2s(d->v.cp[i]), w);
    *w = '\0';
    return s;
}

static const char *opt_text(struct result_box *box, const struct seg_doc *d, uint32_t b,
                            uint32_t e, bool *oom)
{
    const char *s;

    if (e <= b)
        return NULL;
    s = text_of(box, d, b, e);
    *oom |= s == NULL;
    return s != NULL && s[0] == '\0' ? NULL : s;    /* only white space: none */
}

static struct seg_reason reason_of(const struct seg_doc *d, struct seg_why why)
{
    const struct seg_rule_info *rule = &seg_rules[why.rule];

    return (struct seg_reason){rule->name, rule->about, why.e > why.b,
                               why.e > why.b ? byte_span(d, why.b, why.e)
                                             : (struct seg_span){0, 0}};
}

static enum seg_role role_of(const struct seg_iperson *p)
{
    if (p->summarized)
        return SEG_ROLE_SUMMARIZER;
    if (p->hosted && p->n_remarks == 0 && !p->spoke)
        return SEG_ROLE_MODERATOR;
    if (p->n_remarks > 0 || p->spoke || p->topic_e > p->topic_b)
        return SEG_ROLE_SPEAKER;
    return SEG_ROLE_ATTENDEE;
}

static bool build_person(struct result_box *box, const struct seg_doc *d,
                         const struct seg_iperson *ip, struct seg_person *op)
{
    struct seg_remark *rem;
    struct seg_item *items;
    bool oom = false;

    op->name = text_of(box, d, ip->name_b, ip->name_e);
    op->name_key = key_of(box, d, ip->name_b, ip->name_e);
    op->affiliation = opt_text(box, d, ip->aff_b, ip->aff_e, &oom);
    op->title = opt_text(box, d, ip->title_b, ip->title_e, &oom);
    op->topic = opt_text(box, d, ip->topic_b, ip->topic_e, &oom);
    op->role = role_of(ip);
    op->why = reason_of(d, ip->why);
    rem = arena_alloc(box, (ip->n_remarks + 1) * sizeof *rem);
    items = arena_alloc(box, (ip->n_items + 1) * sizeof *items);
    if (oom || !op->name || !op->name_key || !rem || !items)
        return false;
    for (size_t k = 0; k < ip->n_remarks; k++) {
        const struct seg_iremark *r = &ip->remarks[k];

        rem[k].paragraph = r->para;
        rem[k].span = byte_span(d, r->b, r->e);
        rem[k].text = text_of(box, d, r->b, r->e);
        rem[k].has_cue = r->cue_b >= 0;
        rem[k].cue = rem[k].has_cue ? byte_span(d, (uint32_t)r->cue_b, (uint32_t)r->cue_e)
                                    : (struct seg_span){0, 0};
        rem[k].cue_text = rem[k].has_cue ? text_of(box, d, (uint32_t)r->cue_b, (uint32_t)r->cue_e)
                                         : NULL;
        rem[k].confidence = seg_rules[r->rule].confidence;
        rem[k].why = reason_of(d, (struct seg_why){r->rule, rem[k].has_cue ? (uint32_t)r->cue_b : 0,
                                                   rem[k].has_cue ? (uint32_t)r->cue_e : 0});
        if (!rem[k].text || (rem[k].has_cue && !rem[k].cue_text))
            return false;
    }
    for (size_t k = 0; k < ip->n_items; k++) {
        const struct seg_iitem *it = &ip->items[k];

        items[k].ordinal = (uint32_t)k + 1;
        const bool marked = it->why.rule == SEG_RULE_ITEM_ENUMERATION;

        items[k].marker = marked ? text_of(box, d, it->why.b, it->why.e) : NULL;
        items[k].why = reason_of(d, it->why);
        items[k].paragraph = it->para;
        items[k].span = byte_span(d, it->b, it->e);
        items[k].text = text_of(box, d, it->b, it->e);
        if (!items[k].text || (marked && !items[k].marker))
            return false;
    }
    op->remarks = rem;
    op->n_remarks = ip->n_remarks;
    op->items = items;
    op->n_items = ip->n_items;
    return true;
}

static bool build_event(struct result_box *box, const struct seg_doc *d, struct seg_event *ev)
{
    const struct seg_ievent *ie = &d->event;
    const char **org = arena_alloc(box, (ie->n_org + 1) * sizeof *org);
    bool oom = org == NULL;

    ev->name = opt_text(box, d, ie->name.b, ie->name.e, &oom);
    ev->date = opt_text(box, d, ie->date.b, ie->date.e, &oom);
    ev->venue = opt_text(box, d, ie->venue.b, ie->venue.e, &oom);
    ev->theme = opt_text(box, d, ie->theme.b, ie->theme.e, &oom);
    ev->reporter = opt_text(box, d, ie->reporter.b, ie->reporter.e, &oom);
    ev->date_year = ie->year;
    ev->date_month = ie->month;
    ev->date_day = ie->day;
    if (oom)
        return false;
    for (size_t k = 0; k < ie->n_org; k++)
        if ((org[k] = text_of(box, d, ie->org[k].b, ie->org[k].e)) == NULL)
            return false;
    ev->organizers = org;
    ev->n_organizers = ie->n_org;
    return true;
}

static struct seg_result *build_result(const struct seg_doc *d)
{
    struct result_box *box = calloc(1, sizeof *box);
    struct seg_paragraph *paras;
    struct seg_person *people;
    struct seg_warning *warns;
    size_t n_people = 0;

    if (box == NULL)
        return NULL;
    paras = arena_alloc(box, (d->n_paras + 1) * sizeof *paras);
    people = arena_alloc(box, (d->n_people + 1) * sizeof *people);
    warns = arena_alloc(box, (d->n_warnings + 1) * sizeof *warns);
    if (!paras || !people || !warns || !build_event(box, d, &box->r.event))
        goto fail;
    for (size_t k = 0; k < d->n_paras; k++)
        paras[k] = (struct seg_paragraph){(uint32_t)k, byte_span(d, d->paras[k].b, d->paras[k].e)};
    for (size_t k = 0; k < d->n_people; k++)
        if (!d->people[k].absent && !build_person(box, d, &d->people[k], &people[n_people++]))
            goto fail;
    for (size_t k = 0; k < d->n_warnings; k++) {
        const struct seg_iwarning *w = &d->warnings[k];

        warns[k].code = w->code;
        warns[k].paragraph = seg_para_of(d, w->b);
        warns[k].span = byte_span(d, w->b, w->e);
        if ((warns[k].text = text_of(box, d, w->b, w->e)) == NULL)
            goto fail;
    }
    box->r.language = d->language;
    box->r.paragraphs = paras;
    box->r.n_paragraphs = d->n_paras;
    box->r.people = people;
    box->r.n_people = n_people;
    box->r.warnings = warns;
    box->r.n_warnings = d->n_warnings;
    return &box->r;
fail:
    seg_result_free(&box->r);
    return NULL;
}

void seg_doc_free(struct seg_doc *d)
{
    if (d->people != NULL)
        for (size_t k = 0; k < d->n_people; k++) {
            free(d->people[k].remarks);
            free(d->people[k].items);
        }
    free(d->people);
    free(d->mentions);
    free(d->cue_kind);
    free(d->cue_len);
    free(d->name_cls);
    free(d->warnings);
    free(d->sents);
    free(d->paras);
    free(d->v.cp);
    free(d->v.sh);
    free(d->v.src);
    free(d->v.flag);
    free(d->v.cls);
}

struct seg_result *seg_segment(const char *text, size_t len, struct seg_error *err)
{
    struct seg_error scratch;
    struct seg_doc d;
    struct seg_result *r = NULL;
    unsigned scans = SEG_DOC_SCANS;

    if (err == NULL)
        err = &scratch;
    memset(err, 0, sizeof *err);
    memset(&d, 0, sizeof d);
    d.scans_left = &scans;
    if (!seg_init(err))
        return NULL;
    if (text == NULL || len == 0) {
        err->status = SEG_E_EMPTY;
        snprintf(err->message, sizeof err->message, "empty input");
        return NULL;
    }
    if (seg_view_build(&d, text, len, err) && seg_split(&d) && seg_find_warnings(&d) &&
        (strcmp(d.language, "en") == 0
             ? seg_english(&d)
             : seg_find_people(&d) && seg_find_mentions(&d) && seg_attribute(&d))) {
        seg_find_event(&d);
        r = build_result(&d);
    }
    if (r == NULL && err->status == SEG_OK) {
        err->status = SEG_E_NOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
    }
    seg_doc_free(&d);
    return r;
}

void seg_result_free(struct seg_result *r)
{
    struct result_box *box = (struct result_box *)r;

    if (box == NULL)
        return;
    while (box->chunks != NULL) {
        struct arena_chunk *next = box->chunks->next;

        free(box->chunks);
        box->chunks = next;
    }
    free(box);
}

const char *seg_role_name(enum seg_role role)
{
    switch (role) {
    case SEG_ROLE_SPEAKER: return "speaker";
    case SEG_ROLE_SUMMARIZER: return "summarizer";
    case SEG_ROLE_MODERATOR: return "moderator";
    case SEG_ROLE_ATTENDEE: return "attendee";
    }
    return "attendee";
}
