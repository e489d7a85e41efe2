/* Lexicons of the segmenter: generated word lists (lex_data.c) decoded once
 * into code-point tables, matched against the simplified shadow. */
#ifndef PODIUM_SEGMENT_LEX_H
#define PODIUM_SEGMENT_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uchar.h>

enum lex_kind {
    LEX_SURNAME,
    LEX_COMPOUND_SURNAME,
    LEX_TITLE_HEAD,
    LEX_TITLE_PREFIX,
    LEX_HONORIFIC,
    LEX_SAY,
    LEX_PROPOSE,
    LEX_TOPIC,
    LEX_SPOKE,
    LEX_SUMMARY,
    LEX_HOST,
    LEX_LIST_END,
    LEX_GROUP,
    LEX_NAME_FOLLOW,
    LEX_NOT_GIVEN,
    LEX_NOT_NAME,
    LEX_WEAK_SURNAME,
    LEX_UNIT_END,
    LEX_TRANSLIT,
    LEX_NOT_GIVEN_WORD,
    LEX_KINDS
};

/* Generated arrays (scripts/gen_lexicons.py). */
extern const char *const seg_lex_surname[], *const seg_lex_compound_surname[],
    *const seg_lex_title_head[], *const seg_lex_title_prefix[], *const seg_lex_honorific[],
    *const seg_lex_say[], *const seg_lex_propose[], *const seg_lex_topic[],
    *const seg_lex_spoke[], *const seg_lex_summary[], *const seg_lex_host[],
    *const seg_lex_list_end[], *const seg_lex_group[], *const seg_lex_name_follow[],
    *const seg_lex_not_given[], *const seg_lex_not_name[], *const seg_lex_weak_surname[],
    *const seg_lex_unit_end[], *const seg_lex_translit[],
    *const seg_lex_not_given_word[];
extern const size_t seg_lex_surname_n, seg_lex_compound_surname_n, seg_lex_title_head_n,
    seg_lex_title_prefix_n, seg_lex_honorific_n, seg_lex_say_n, seg_lex_propose_n,
    seg_lex_topic_n, seg_lex_spoke_n, seg_lex_summary_n, seg_lex_host_n, seg_lex_list_end_n,
    seg_lex_group_n, seg_lex_name_follow_n, seg_lex_not_given_n, seg_lex_not_name_n,
    seg_lex_weak_surname_n, seg_lex_unit_end_n, seg_lex_translit_n,
    seg_lex_not_given_word_n;

/* Decodes every list; called once from seg_init(). False on OOM. */
bool lex_init(void);

#define LEX_MAX_WORD 8

#define LEX_BIT(kind) (1u << (kind))

/* BMP code point -> LEX_BIT mask of the kinds with an entry starting with
 * it, and per kind a bitmap of the BMP code points that are entries by
 * themselves (lex.c). The inline filters below read them: lookups run at
 * most positions, and most positions start no entry, so the call is spent
 * only where a match is possible. */
extern uint32_t seg_lex_starts[0x10000];
extern uint8_t seg_lex_single[LEX_KINDS][0x10000 / 8];
/* Per kind, a bitmap of the BMP code points that end some entry: the
 * backward searches (a title ending before a name) ask it first. */
extern uint8_t seg_lex_last[LEX_KINDS][0x10000 / 8];

/* Whether some entry of any kind in the LEX_BIT mask starts with cp. */
static inline bool lex_may_start_any(uint32_t kinds, uint32_t cp)
{
    return cp >= 0x10000 || (seg_lex_starts[cp] & kinds) != 0;
}

/* Whether some entry of KIND ends with cp. */
static inline bool lex_may_end(enum lex_kind kind, uint32_t cp)
{
    return cp >= 0x10000 || ((seg_lex_last[kind][cp >> 3] >> (cp & 7)) & 1);
}

/* The searches behind the filters (s[0] may start an entry of KIND). */
unsigned lex_longest_search(enum lex_kind kind, const uint32_t *s, size_t n);
bool lex_exact_search(enum lex_kind kind, const uint32_t *s, size_t len);

/* Length of the longest entry of KIND that starts at s[0] (s has n code
 * points), or 0. */
static inline unsigned lex_longest(enum lex_kind kind, const uint32_t *s, size_t n)
{
    if (n == 0 || !lex_may_start_any(LEX_BIT(kind), s[0]))
        return 0;
    return lex_longest_search(kind, s, n);
}

/* Whether an entry of KIND of exactly len code points equals s[0..len). */
static inline bool lex_exact(enum lex_kind kind, const uint32_t *s, size_t len)
{
    if (len == 0 || len > LEX_MAX_WORD || !lex_may_start_any(LEX_BIT(kind), s[0]))
        return false;
    return lex_exact_search(kind, s, len);
}

/* Whether the single code point cp is an entry of KIND. */
static inline bool lex_has(enum lex_kind kind, uint32_t cp)
{
    if (cp < 0x10000)
        return (seg_lex_single[kind][cp >> 3] >> (cp & 7)) & 1;
    return lex_exact_search(kind, &cp, 1);
}

/* A set of code points as a bitmap over the BMP, for scans that try a list
 * of words at every position: one look at the map decides most positions.
 * Built once (the users hold it in a pthread_once'd static) from the first
 * or last code points of a word list, or from the code points of a U""
 * literal. */
struct lex_cpmap {
    uint8_t bits[0x10000 / 8];
    bool beyond;    /* some member lies outside the BMP: those are not mapped */
};

void lex_cpmap_add_firsts(struct lex_cpmap *m, const char32_t *const *words, size_t n);
void lex_cpmap_add_lasts(struct lex_cpmap *m, const char32_t *const *words, size_t n);
void lex_cpmap_add_chars(struct lex_cpmap *m, const char32_t *chars);

/* Whether c is in the map; outside the BMP, whether the map has any member
 * there (the caller's own compare then decides). */
static inline bool lex_cpmap_may(const struct lex_cpmap *m, uint32_t c)
{
    return c < 0x10000 ? (m->bits[c >> 3] >> (c & 7)) & 1 : m->beyond;
}

#endif
