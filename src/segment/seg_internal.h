/* Internal data of one segmentation call (SEGMENTER.md sections 4-5).
 *
 * The clean view holds the input's code points without pinyin annotations
 * (cp), a simplified and width-folded shadow of the same length for matching
 * (sh), and for each clean code point the byte offset of the original
 * character behind it (src). Every fold is 1:1 or 1:0, so src is the whole
 * offset story: spans are clean indices until the result is built. */
#ifndef PODIUM_SEGMENT_INTERNAL_H
#define PODIUM_SEGMENT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <uchar.h>

#include "podium/seg.h"
#include "segment/rules.h"

#define SEG_MAX_PEOPLE 256
#define SEG_MAX_ITEMS 1024
#define SEG_MAX_WARNINGS 256
#define SEG_MAX_GROUP 16      /* people sharing one cue (分别介绍…) */
#define SEG_LOOKAHEAD 64      /* code points any rule may look ahead or back */
#define SEG_DOC_SCANS 64      /* whole-document scans (confirming names) per call */

enum seg_flag {
    FLAG_MOJIBAKE = 1,        /* part of an unreadable run */
    FLAG_ANNOTATED = 2,       /* an annotation was removed after this char */
};

/* What a code point is to the passes that count or look for a few kinds
 * of character (seg_char_class); set per clean position in seg_view.cls,
 * so those passes test a byte, or eight at a time, instead of ranges. */
enum seg_class {
    CLASS_HAN = 1,            /* seg_is_han */
    CLASS_TRADITIONAL = 2,    /* Han that the shadow changes */
    CLASS_LATIN = 4,          /* an ASCII letter */
    CLASS_SENTENCE = 8,       /* a shadow that may end a sentence or open or close a quote */
    CLASS_WARNING = 16,       /* U+FFFD or a Latin capital (and, from seg_find_warnings
                               * on, a character flagged as mojibake): may start a
                               * warning */
    CLASS_ANNOTATION = 32,    /* '(', U+FF08 or '?': a pinyin annotation may start at or after it */
    CLASS_EVENT = 64,         /* a shadow 在, 办, 主 or 记, which the event scans of meta.c look for */
    CLASS_LINE = 128,         /* a line break, where seg_split ends a paragraph */
};

struct seg_view {
    const char *orig;
    size_t orig_len;
    uint32_t *cp, *sh, *src;
    uint8_t *flag;
    uint32_t n;
    bool annotated;           /* some annotation was removed (a FLAG_ANNOTATED) */
    uint8_t *cls;             /* enum seg_class bits of cp[i] */
};

struct seg_para {
    uint32_t b, e;            /* trimmed clean range */
    bool boilerplate;         /* image/link/markup or short trailer line */
    bool headline;            /* first line without a sentence end */
};

struct seg_sent {
    uint32_t b, e;            /* clean range including its terminator */
    uint32_t para;
};

enum mention_kind { MENTION_FULL, MENTION_PARTIAL, MENTION_PRONOUN };

struct seg_mention {
    uint32_t b, e;
    int person;               /* -1 for a pronoun (resolved by attribution) */
    enum mention_kind kind;
};

struct seg_iremark {
    uint32_t para, b, e;
    int cue_b, cue_e;         /* -1 when carried over */
    enum seg_rule rule;       /* its evidence is the cue */
};

struct seg_iitem {
    uint32_t para, b, e;
    struct seg_why why;       /* with SEG_RULE_ITEM_ENUMERATION, the marker */
};

struct seg_iperson {
    uint32_t name_b, name_e;          /* best mention in the clean view */
    uint32_t aff_b, aff_e;            /* empty when none */
    uint32_t title_b, title_e;        /* empty when none */
    uint32_t topic_b, topic_e;        /* empty when none */
    uint32_t surname_len;
    struct seg_why why;               /* the rule that first found the person */
    bool spoke, hosted, summarized;
    bool absent;                      /* only sent a letter: not in the result */
    struct seg_iremark *remarks;
    size_t n_remarks, cap_remarks;
    struct seg_iitem *items;
    size_t n_items, cap_items;
};

struct seg_iwarning {
    const char *code;
    uint32_t b, e;
};

struct seg_ispan {
    uint32_t b, e;            /* empty when absent */
};

#define SEG_MAX_ORGANIZERS 8

struct seg_ievent {
    struct seg_ispan name, date, venue, theme, reporter;
    struct seg_ispan org[SEG_MAX_ORGANIZERS];
    size_t n_org;
    int year, month, day;     /* of date; year 0 when not written */
};

struct seg_doc {
    struct seg_view v;
    struct seg_para *paras;
    size_t n_paras;
    struct seg_sent *sents;
    size_t n_sents;
    struct seg_iperson *people;
    size_t n_people;
    bool people_capped;
    struct seg_mention *mentions;
    size_t n_mentions, cap_mentions;
    struct seg_iwarning *warnings;
    size_t n_warnings;
    bool warnings_capped;
    size_t n_items_total;
    bool items_capped;
    struct seg_ievent event;
    uint8_t *cue_kind, *cue_len;    /* per clean position: the cue starting there */
    unsigned *scans_left;           /* whole-document scans still allowed (NULL: none) */
    uint16_t *name_cls;             /* people.c's class of each sh[i], from the first
                                     * people pass to the mentions */
    const char *language;
};

/* result.c: releases what the stages allocated in d (not d itself). */
void seg_doc_free(struct seg_doc *d);

/* text.c */
/* Room for one more of the n elements (size bytes each) of a growing array:
 * the array itself, or a copy twice as large (first elements to begin
 * with), *cap updated. NULL when memory runs out; the array then stays
 * valid and unchanged. */
void *seg_grow(void *array, size_t *cap, size_t n, size_t size, size_t first);

bool seg_view_build(struct seg_doc *d, const char *text, size_t len, struct seg_error *err);
bool seg_split(struct seg_doc *d);
const char *seg_detect_language(const struct seg_doc *d);
bool seg_is_punct(uint32_t cp);
bool seg_is_space(uint32_t cp);
/* The enum seg_class bits of c; needs the shadow table (seg_init). */
uint8_t seg_char_class(uint32_t c);
/* Narrows clean range [*b, *e) to what lies between its white space: the
 * one trim of every paragraph, sentence and text of the result. */
void seg_trim(const struct seg_view *v, uint32_t *b, uint32_t *e);
uint32_t seg_para_of(const struct seg_doc *d, uint32_t pos);
/* Whether c is one of the code points of set (a U"" literal). Inline: it
 * runs at most positions, and the call cost as much as the short loop. */
static inline bool seg_cp_in(uint32_t c, const char32_t *set)
{
    for (; *set; set++)
        if ((uint32_t)*set == c)
            return true;
    return false;
}


/* Without branches, so that counting loops over it vectorise. */
static inline bool seg_is_han(uint32_t cp)
{
    return (cp - 0x4E00u <= 0x9FFFu - 0x4E00u) | (cp - 0x3400u <= 0x4DBFu - 0x3400u) |
           (cp - 0xF900u <= 0xFAFFu - 0xF900u) | (cp - 0x20000u <= 0x3FFFFu - 0x20000u);
}

/* U+3400..U+FAFF: Han and the other CJK letters of that span, which are
 * never punctuation, space or a delimiter; one compare, so the scans that
 * pass over most text ask it first. */
static inline bool seg_in_cjk_span(uint32_t cp)
{
    return cp - 0x3400u <= 0xFAFFu - 0x3400u;
}

/* script.c */
uint32_t seg_t2s(uint32_t cp);
uint32_t seg_fold(uint32_t cp);
/* Of every BMP code point c, filled by seg_init: seg_fold(seg_t2s(c)) in
 * the low 16 bits and seg_char_class(c) in the next 8. One table, so the
 * decoder reads both of a character with one load from one cache line. */
extern uint32_t seg_bmp_chars[0x10000];
/* Set in seg_bmp_chars above the class for what no valid three-byte
 * UTF-8 form encodes (below U+0800, the surrogates): the decoder's test
 * of a form it has decoded, on the table entry it reads anyway. */
#define SEG_BMP_NOT_THREE_BYTE (1u << 24)
/* seg_fold(seg_t2s(c)). */
static inline uint32_t seg_shadow_of(uint32_t c)
{
    return c < 0x10000 ? seg_bmp_chars[c] & 0xFFFF : c;
}
/* seg_char_class(c): from the table in the BMP; beyond it, only the Han
 * of the supplementary planes has a class (every other class is of BMP
 * code points), so the header needs nothing from text.c. */
static inline uint8_t seg_class_of(uint32_t c)
{
    return c < 0x10000 ? (uint8_t)(seg_bmp_chars[c] >> 16) : seg_is_han(c) ? CLASS_HAN : 0;
}


/* people.c */
bool seg_people_alloc(struct seg_doc *d);
/* 1 when the paragraph is a profile line 姓名：X, with X's range; else 0. */
int seg_form_name(const struct seg_doc *d, const struct seg_para *pa, uint32_t *nb, uint32_t *ne);
/* Adds a person, or gives the index of the one with the same name key
 * (keeping the fuller affiliation); -1 past the cap. Ranges are clean
 * indices; empty ranges mean none. */
int seg_add_person(struct seg_doc *d, uint32_t nb, uint32_t ne, uint32_t ab, uint32_t ae,
                   uint32_t tb, uint32_t te, enum seg_rule rule);
/* A remark of sentence s by who; extend merges it into who's previous
 * remark in the same paragraph (a run of carried-over sentences). */
bool seg_add_remark(struct seg_doc *d, int who, const struct seg_sent *s, int cue_b, int cue_e,
                    enum seg_rule rule, bool extend);
bool seg_push_mention(struct seg_doc *d, uint32_t b, uint32_t e, int person,
                      enum mention_kind kind);
bool seg_find_people(struct seg_doc *d);
bool seg_find_mentions(struct seg_doc *d);
int seg_person_by_key(const struct seg_doc *d, const uint32_t *key, uint32_t len);
/* Drops the people named only in passing: no sentence naming them holds a
 * cue of any kind (a list of those present, a speech, a host), and nothing
 * is reported of them (authors of an award, a victim in an example).
 * Needs the cue map of attribution. */
void seg_drop_bystanders(struct seg_doc *d);

/* attrib.c */
bool seg_attribute(struct seg_doc *d);

/* items.c */
bool seg_push_item(struct seg_doc *d, int who, uint32_t para, uint32_t b, uint32_t e,
                   struct seg_why why);

/* Length of the enumeration marker at i (一是, （一）, 1., ①…), or 0. */
uint32_t seg_enum_marker_len(const struct seg_doc *d, uint32_t i, uint32_t end);

/* english.c: people, mentions, remarks and items of an English report. */
bool seg_english(struct seg_doc *d);

/* meta.c */
bool seg_find_warnings(struct seg_doc *d);
void seg_warn(struct seg_doc *d, const char *code, uint32_t b, uint32_t e);
void seg_find_event(struct seg_doc *d);
/* date.c */
void seg_find_date(struct seg_doc *d);

/* Index of the first of n spans sorted by start that starts at or after
 * pos. The spans are any struct whose first member is its uint32_t start
 * (mentions, English words), size bytes apart. */
static inline size_t seg_first_span_at(const void *spans, size_t n, size_t size, uint32_t pos)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t b;

        memcpy(&b, (const char *)spans + mid * size, sizeof b);
        if (b < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

_Static_assert(offsetof(struct seg_mention, b) == 0, "a mention starts with its start");

/* Index of the first mention starting at or after pos (mentions are sorted). */
static inline size_t seg_first_mention(const struct seg_doc *d, uint32_t pos)
{
    return seg_first_span_at(d->mentions, d->n_mentions, sizeof d->mentions[0], pos);
}

/* Index of the first i in [from, to) with s[i] == c, or to. Scans that
 * look for one rare code point skip to it: blocks of 32 are counted
 * without branches, which the compiler turns into vector compares, and
 * the block with a hit is then walked one by one. */
static inline uint32_t seg_next_cp(const uint32_t *s, uint32_t from, uint32_t to, uint32_t c)
{
    uint32_t i = from;

    while (i < to && to - i >= 32) {
        const uint32_t *block = s + i;
        uint32_t hits = 0;

        for (int k = 0; k < 32; k++)
            hits += block[k] == c;
        if (hits)
            break;
        i += 32;
    }
    while (i < to && s[i] != c)
        i++;
    return i;
}

/* Index of the first i in [from, to) whose class cls[i] has one of the
 * bits, or to. Eight classes are tested at once as one 64-bit word: the
 * classes looked for are rare, so most words hold none. In a word that
 * holds one, on a little-endian machine the first such class is the
 * lowest set byte, found without a loop (and its mispredicted exit). */
static inline uint32_t seg_next_class(const uint8_t *cls, uint32_t from, uint32_t to, uint8_t bits)
{
    const uint64_t mask = bits * (UINT64_MAX / 0xFF);    /* bits in every byte */
    uint32_t i = from;

    while (i < to && to - i >= 8) {
        uint64_t word;

        memcpy(&word, cls + i, sizeof word);
        if (word & mask) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return i + (uint32_t)__builtin_ctzll(word & mask) / 8;
#else
            break;
#endif
        }
        i += 8;
    }
    while (i < to && !(cls[i] & bits))
        i++;
    return i;
}

/* Index of the first i in [from, to) with s[i] in [lo, hi], or to; blocks
 * counted as in seg_next_cp. */
static inline uint32_t seg_next_in_range(const uint32_t *s, uint32_t from, uint32_t to, uint32_t lo,
                                         uint32_t hi)
{
    uint32_t i = from;

    while (i < to && to - i >= 32) {
        const uint32_t *block = s + i;
        uint32_t hits = 0;

        for (int k = 0; k < 32; k++)
            hits += block[k] - lo <= hi - lo;
        if (hits)
            break;
        i += 32;
    }
    while (i < to && s[i] - lo > hi - lo)
        i++;
    return i;
}

/* Shared small helpers over the shadow. */
static inline bool sh_is(const struct seg_doc *d, uint32_t i, uint32_t cp)
{
    return i < d->v.n && d->v.sh[i] == cp;
}

/* Length of the literal lit (simplified script) if the shadow spells it at
 * i, without passing end; else 0. A U"" literal, so that this check, which
 * runs at most positions, compares code points without decoding UTF-8. */
static inline uint32_t seg_lit(const struct seg_doc *d, uint32_t i, uint32_t end, const char32_t *lit)
{
    uint32_t j = i;

    if (end > d->v.n)
        end = d->v.n;
    for (; *lit; lit++, j++)
        if (j >= end || d->v.sh[j] != (uint32_t)*lit)
            return 0;
    return j - i;
}

#endif
