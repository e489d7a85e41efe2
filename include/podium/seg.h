/* Segmenter: one report's bytes in, people/remarks/recommendations out.
 *
 * Pure: no I/O, no database, no HTTP. Thread-safe after seg_init(); the same
 * input always gives the same result. Every span is a UTF-8 byte range
 * [start, end) into the ORIGINAL input; every string is cleaned (pinyin
 * annotations removed, outer white space trimmed), NUL-terminated and owned
 * by the result, which seg_result_free() releases in one go. */
#ifndef PODIUM_SEG_H
#define PODIUM_SEG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct seg_span {
    uint32_t start, end;
};

/* Why the segmenter decided something, for people tracing a call: the
 * rule's stable name and what it reads (both static strings), and the span
 * of the input it read, when there is one. Not part of the Segmentation
 * JSON; `podium segment --explain` prints it. */
struct seg_reason {
    const char *rule;
    const char *about;
    bool has_evidence;
    struct seg_span evidence;
};

enum seg_role {
    SEG_ROLE_ATTENDEE,
    SEG_ROLE_SPEAKER,
    SEG_ROLE_SUMMARIZER,
    SEG_ROLE_MODERATOR,
};

struct seg_remark {
    uint32_t paragraph;
    struct seg_span span;
    const char *text;
    bool has_cue;             /* false: carried over from an earlier cue */
    struct seg_span cue;
    const char *cue_text;     /* NULL when !has_cue */
    double confidence;        /* precision of the attributing rule */
    struct seg_reason why;
};

struct seg_item {
    uint32_t ordinal;         /* 1-based, counted within the person */
    const char *marker;       /* enumeration marker as written, or NULL */
    uint32_t paragraph;
    struct seg_span span;
    const char *text;
    struct seg_reason why;
};

struct seg_person {
    const char *name;         /* as written, annotations removed */
    const char *name_key;     /* simplified script: joins people across reports */
    const char *affiliation;  /* unit + title as written before the name, or NULL */
    const char *title;        /* or NULL */
    const char *topic;        /* or NULL */
    enum seg_role role;
    const struct seg_remark *remarks;
    size_t n_remarks;
    const struct seg_item *items;
    size_t n_items;
    struct seg_reason why;    /* the rule that first found the person */
};

struct seg_warning {
    const char *code;         /* "mojibake", "replacement", "count-mismatch", "cap", ... */
    uint32_t paragraph;
    struct seg_span span;
    const char *text;         /* as written */
};

struct seg_paragraph {
    uint32_t index;
    struct seg_span span;
};

struct seg_event {
    const char *name, *date, *venue, *theme, *reporter;   /* each may be NULL */
    /* date read as a calendar day: date_year is 0 when the text gives no
     * year (or one in which the day does not exist); all three are 0 when
     * there is no date */
    int date_year, date_month, date_day;
    const char *const *organizers;
    size_t n_organizers;
};

struct seg_result {
    const char *language;     /* "zh-Hans", "zh-Hant", "en" or "und" */
    struct seg_event event;
    const struct seg_paragraph *paragraphs;
    size_t n_paragraphs;
    const struct seg_person *people;
    size_t n_people;
    const struct seg_warning *warnings;
    size_t n_warnings;
};

enum seg_status {
    SEG_OK = 0,
    SEG_E_EMPTY,          /* nothing but white space */
    SEG_E_UTF8,           /* invalid UTF-8 at err->offset */
    SEG_E_NUL,            /* NUL byte at err->offset */
    SEG_E_TOO_LARGE,      /* over SEG_MAX_INPUT */
    SEG_E_NOMEM,
    SEG_E_INIT,           /* OpenCC tables could not be loaded */
};

/* Inputs larger than this are refused rather than segmented. */
#define SEG_MAX_INPUT ((size_t)64 << 20)

struct seg_error {
    enum seg_status status;
    size_t offset;            /* byte offset, for SEG_E_UTF8 and SEG_E_NUL */
    char message[160];        /* one line, names the problem */
};

/* Loads the script-folding tables once; safe to call from many threads.
 * Returns false (and fills err) when OpenCC's data cannot be opened. */
bool seg_init(struct seg_error *err);

/* NULL on error, with err filled in. */
struct seg_result *seg_segment(const char *text, size_t len, struct seg_error *err);

void seg_result_free(struct seg_result *r);

const char *seg_role_name(enum seg_role role);

/* 28..31, or 0 for a month outside 1..12. */
int seg_days_in_month(int year, int month);

/* How far after the day a report was published (or posted) the event it
 * tells of may lie: reports announce events weeks ahead more often than
 * they appear eleven months after one. */
#define SEG_DATE_AHEAD_DAYS 30

/* The year of month/day written without one in a report published on
 * ref_year-ref_month-ref_day: the latest year that puts the day no more
 * than SEG_DATE_AHEAD_DAYS after ref (12月29日 published 2024-01-03 is
 * 2023-12-29; 1月3日 published 2023-12-29 is 2024-01-03). 0 when the day
 * does not exist in that year (2月29日) or an argument is no date. */
int seg_date_year(int month, int day, int ref_year, int ref_month, int ref_day);

/* text in the one spelling search compares: annotations removed, simplified
 * script, widths and punctuation folded as the segmenter folds them.
 * malloc'd; NULL only when text is NULL or memory runs out. Text that is not
 * readable (invalid UTF-8, nothing but white space) comes back unchanged. */
char *seg_fold_text(const char *text, size_t len);

#endif
