/* Lexicons of the segmenter: generated word lists (lex_data.c) decoded once
 * into code-point tables, matched against the simplified shadow. */
#ifndef PODIUM_SEGMENT_LEX_H
#define PODIUM_SEGMENT_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
    LEX_KINDS
};

/* Generated arrays (scripts/gen_lexicons.py). */
extern const char *const seg_lex_surname[], *const seg_lex_compound_surname[],
    *const seg_lex_title_head[], *const seg_lex_title_prefix[], *const seg_lex_honorific[],
    *const seg_lex_say[], *const seg_lex_propose[], *const seg_lex_topic[],
    *const seg_lex_spoke[], *const seg_lex_summary[], *const seg_lex_host[],
    *const seg_lex_list_end[], *const seg_lex_group[], *const seg_lex_name_follow[],
    *const seg_lex_not_given[], *const seg_lex_not_name[], *const seg_lex_weak_surname[],
    *const seg_lex_unit_end[];
extern const size_t seg_lex_surname_n, seg_lex_compound_surname_n, seg_lex_title_head_n,
    seg_lex_title_prefix_n, seg_lex_honorific_n, seg_lex_say_n, seg_lex_propose_n,
    seg_lex_topic_n, seg_lex_spoke_n, seg_lex_summary_n, seg_lex_host_n, seg_lex_list_end_n,
    seg_lex_group_n, seg_lex_name_follow_n, seg_lex_not_given_n, seg_lex_not_name_n,
    seg_lex_weak_surname_n, seg_lex_unit_end_n;

/* Decodes every list; called once from seg_init(). False on OOM. */
bool lex_init(void);

/* Length of the longest entry of KIND that starts at s[0] (s has n code
 * points), or 0. */
unsigned lex_longest(enum lex_kind kind, const uint32_t *s, size_t n);

/* Whether an entry of KIND of exactly len code points equals s[0..len). */
bool lex_exact(enum lex_kind kind, const uint32_t *s, size_t len);

#define LEX_BIT(kind) (1u << (kind))

/* BMP code point -> LEX_BIT mask of the kinds with an entry starting with
 * it (lex.c); read by the inline filter below, which runs at most positions. */
extern uint32_t seg_lex_starts[0x10000];

/* Whether some entry of any kind in the LEX_BIT mask starts with cp. */
static inline bool lex_may_start_any(uint32_t kinds, uint32_t cp)
{
    return cp >= 0x10000 || (seg_lex_starts[cp] & kinds) != 0;
}

/* Whether the single code point cp is an entry of KIND. */
bool lex_has(enum lex_kind kind, uint32_t cp);

#endif
