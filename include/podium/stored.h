/* Stored objects: what the store layer reads back and enc_store.c encodes.
 *
 * Strings are borrowed from the query results held in `hold` and live until
 * the owning object's clear function; NULL means SQL NULL. Timestamps are
 * RFC 3339 text as PostgreSQL prints them in UTC. *_json members are JSON
 * text stored by the service itself (paragraphs, warnings, metadata). */
#ifndef PODIUM_STORED_H
#define PODIUM_STORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORED_HOLD_MAX 6

/* What a stored object owns: query results and arrays, released together. */
struct stored_hold {
    void *results[STORED_HOLD_MAX];
    void *arrays[STORED_HOLD_MAX];
};

struct stored_span {
    uint32_t start, end;
};

struct stored_remark {
    int64_t id, report_id;
    uint32_t paragraph;
    struct stored_span span;
    const char *text;
    bool has_cue;
    struct stored_span cue;
    const char *cue_text;
    double confidence;
};

struct stored_ref {                 /* a link to a person or report, for list items */
    int64_t id;
    const char *name;               /* person name or report title (may be NULL) */
    const char *name_key;           /* people only */
    const char *date;               /* reports only: listed_at */
    const char *event_on;           /* reports only: the event day, YYYY-MM-DD */
};

struct stored_rec {
    int64_t id, report_id;
    uint32_t ordinal;
    const char *marker;
    uint32_t paragraph;
    struct stored_span span;
    const char *text;
    struct stored_ref speaker, report;   /* filled in cross-report lists */
};

struct stored_appearance {
    int64_t id, person_id, report_id;
    const char *name, *name_key, *affiliation, *title, *role, *topic;
    const char *report_title, *report_date;     /* in a person's appearances */
    uint32_t remark_count, rec_count;
    uint32_t position;              /* in its report, from 0: the keyset of the report's people */
    struct stored_remark *remarks;
    size_t n_remarks;
    struct stored_rec *recs;
    size_t n_recs;
};

struct stored_report {
    int64_t id;
    const char *sha256, *title, *source, *url, *published_at, *created_at, *listed_at;
    const char *language, *event_name, *event_date, *event_venue, *event_theme, *reporter;
    const char *event_on, *event_date_source;   /* YYYY-MM-DD; text|published_at|posted */
    const char *organizers_json, *paragraphs_json, *warnings_json, *metadata_json;
    const char *text;               /* only when asked for */
    uint32_t people_count, remark_count, rec_count;   /* list summaries */
    struct stored_appearance *people;        /* full report only */
    size_t n_appearances;
    struct stored_hold hold;
};

struct stored_person {
    int64_t id;
    const char *name, *name_key, *names_json, *affiliation, *last_seen;
    const char *roles_json;         /* {"speaker": 3, "moderator": 1}: reports per role */
    uint32_t report_count, remark_count, rec_count;
    /* GET /speakers/{id} only: */
    struct stored_appearance *appearances;
    size_t n_appearances;
    struct stored_remark *remarks;  /* the latest ones */
    size_t n_remarks;
    struct stored_rec *recs;        /* the latest ones */
    size_t n_recs;
    struct stored_hold hold;
};

/* Keyset position in a list: rows strictly after (at, id) in list order.
 * Only the store knows a list's ORDER BY, so it hands out the position
 * after a page and takes it back for the next. */
struct store_after {
    bool set;
    int64_t at, id;                 /* at: microseconds, days since 1970 for an event
                                     * day, or a count for -reports */
    int64_t item;                   /* recommendations: id is the report, item the row;
                                     * a report's people: item is the position + 1 */
    const char *key;                /* name sort: the last name_key */
};

/* A page of a list: items, whether more follow the last one, and then
 * (more set) the keyset of the next page, whose key is held by hold. */
struct stored_report_page {
    struct stored_report *items;
    size_t n;
    bool more;
    struct store_after next;
    struct stored_hold hold;
};

struct stored_person_page {
    struct stored_person *items;
    size_t n;
    bool more;
    struct store_after next;
    struct stored_hold hold;
};

struct stored_appearance_page {
    struct stored_appearance *items;
    size_t n;
    bool more;
    struct store_after next;
    struct stored_hold hold;
};

struct stored_rec_page {
    struct stored_rec *items;
    size_t n;
    bool more;
    struct store_after next;
    struct stored_hold hold;
};

#endif
