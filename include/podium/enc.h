/* JSON encoding of domain objects: the one place, shared by CLI and HTTP. */
#ifndef PODIUM_ENC_H
#define PODIUM_ENC_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "podium/seg.h"

/* Segmentation JSON (DESIGN.md section 3). New reference, or NULL on OOM. */
json_t *enc_segmentation(const struct seg_result *r);

/* Stored objects (podium/stored.h): Segmentation JSON shapes plus ids.
 * Each returns a new reference, or NULL when out of memory. */
struct stored_report;
struct stored_person;
struct stored_rec;
struct stored_appearance;
/* The whole report: event, paragraphs, people with remarks and
 * recommendations, warnings; "text" when it was read. */
json_t *enc_stored_report(const struct stored_report *r);
/* A list item: the report without its parts, with counts. */
json_t *enc_report_summary(const struct stored_report *r);
/* A person in one report, without remarks and recommendations. */
json_t *enc_appearance_summary(const struct stored_appearance *a);
/* A person across reports; with appearances and latest remarks and
 * recommendations when detail is set. */
json_t *enc_stored_person(const struct stored_person *p, bool detail);
/* A recommendation with its speaker and report, as /recommendations lists it. */
json_t *enc_stored_rec(const struct stored_rec *c);
/* Arrays of the above for list answers. */
json_t *enc_report_summaries(const struct stored_report *items, size_t n);
json_t *enc_appearance_summaries(const struct stored_appearance *items, size_t n);
json_t *enc_person_summaries(const struct stored_person *items, size_t n);
json_t *enc_stored_recs(const struct stored_rec *items, size_t n);

/* Flags for json_dumps of every Podium document. */
#define ENC_DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(4))

/* True when s[0..len) is valid UTF-8. jansson refuses anything else, and
 * PostgreSQL refuses it as text with an error that would become a 500:
 * whatever a client sends is checked with this before it goes to either. */
bool enc_utf8_valid(const void *s, size_t len);

#endif
