/* Shared harness of the segmenter case tests: CHECK macros that record a
 * failure and carry on (so one run lists every broken expectation), a
 * segment-and-verify wrapper that asserts the structural invariants of
 * DESIGN.md section 3 on every result, and lookups by name or by text. */
#ifndef PODIUM_CASE_UTIL_H
#define PODIUM_CASE_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "podium/seg.h"

extern int case_failures;

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

void case_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define CHECK(cond)                                                       \
    do {                                                                  \
        if (!(cond))                                                      \
            case_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);            \
    } while (0)

/* want == NULL means "expect NULL". */
#define CHECK_STR(got, want) case_check_str(__FILE__, __LINE__, #got, (got), (want))
#define CHECK_UINT(got, want) case_check_uint(__FILE__, __LINE__, #got, (got), (want))

void case_check_str(const char *file, int line, const char *expr, const char *got,
                    const char *want);
void case_check_uint(const char *file, int line, const char *expr, unsigned long long got,
                     unsigned long long want);

/* One test case of a table-driven binary. */
struct case_entry {
    const char *name;
    void (*run)(void);
};

/* main() of every case binary. `--list` prints the case names, one a line.
 * Otherwise it runs the cases named in argv (all without names; an unknown
 * name exits 2) and reports each by name in TAP (meson's protocol: 'tap'),
 * failures explained on stderr; exit 1 when any failed. */
int case_main(int argc, char **argv, const struct case_entry *cases, size_t n_cases);

/* The whole main() of a case binary whose cases are the array `table`. */
#define CASE_MAIN(table)                                        \
    int main(int argc, char **argv)                             \
    {                                                           \
        return case_main(argc, argv, table, N_OF(table));       \
    }

/* seg_segment() on a NUL-terminated text; a failure is recorded (with the
 * segmenter's message) and NULL returned. Every result is checked against
 * the structural invariants, and must encode as JSON, before it is returned. */
struct seg_result *case_segment(const char *text);
struct seg_result *case_segment_len(const char *text, size_t len);

/* The result as Segmentation JSON (the one encoder of src/enc.c), to be
 * freed by the caller; NULL when encoding failed. */
char *case_json(const struct seg_result *r);

/* The invariants below plus a successful encoding (what case_segment runs). */
void case_verify(const struct seg_result *r, const char *text, size_t len);

/* Invariants of a result over the input it came from (records failures). */
void case_check_invariants(const struct seg_result *r, const char *input, size_t len);

/* Whether the original bytes [span) say the same as text once both are
 * normalised the way DESIGN.md section 3 cleans text: pinyin annotations
 * (and orphaned ones) removed, ASCII/full-width punctuation and letters
 * folded to one form, white space dropped. */
bool case_span_says(const char *input, struct seg_span span, const char *text);

/* Whether text, normalised as above, starts with prefix normalised. */
bool case_text_starts(const char *text, const char *prefix);

/* Whether a and b (both non-NULL) are the same text once normalised. */
bool case_text_same(const char *a, const char *b);

/* Whether text, normalised as above, contains needle normalised. */
bool case_text_contains(const char *text, const char *needle);

/* Byte offset of the first occurrence of needle in input; a missing needle
 * is a broken fixture and aborts the binary. */
size_t case_offset(const char *input, const char *needle);

/* The person called name (cleaned text, exact), or NULL after recording a
 * failure that lists everyone found. */
const struct seg_person *case_person(const struct seg_result *r, const char *name);

/* Without recording anything: NULL when nobody has that name. */
const struct seg_person *case_find_person(const struct seg_result *r, const char *name);

/* The person one of whose remarks covers byte offset, or NULL. */
const struct seg_person *case_speaker_at(const struct seg_result *r, size_t offset);

/* The remark of p covering byte offset, or NULL. */
const struct seg_remark *case_remark_at(const struct seg_person *p, size_t offset);

/* Index of the item of p whose text starts with prefix, or -1. */
long case_item_index(const struct seg_person *p, const char *prefix);

/* The sentence of input that holds needle is reported as said by name. */
#define CHECK_SAID_BY(r, input, needle, name) \
    case_check_said_by(__FILE__, __LINE__, (r), (input), (needle), (name))
void case_check_said_by(const char *file, int line, const struct seg_result *r,
                        const char *input, const char *needle, const char *name);

/* p's remarks lie in exactly the paragraphs want[0, n) (p NULL: nothing to check,
 * its absence was recorded by whoever looked it up). */
#define CHECK_PARAGRAPHS(p, want, n) case_check_paragraphs(__FILE__, __LINE__, (p), (want), (n))
void case_check_paragraphs(const char *file, int line, const struct seg_person *p,
                           const unsigned *want, size_t n);

/* p's items, in order, are n and open with these texts (normalised as
 * above, marker or modal kept), and carry these markers unless markers is
 * NULL (p NULL: nothing to check, as for CHECK_PARAGRAPHS). */
#define CHECK_ITEMS(p, openings, markers, n) \
    case_check_items(__FILE__, __LINE__, (p), (openings), (markers), (n))
void case_check_items(const char *file, int line, const struct seg_person *p,
                      const char *const *openings, const char *const *markers, size_t n);

/* A readable summary of r on stderr, printed after a failed expectation. */
void case_dump(const struct seg_result *r);

#endif
