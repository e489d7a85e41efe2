/* Lexicon tables: each list is decoded into code-point entries sorted by
 * (first code point, length descending), so the longest match at a position
 * is the first entry that fits among those sharing its first code point. */
#include "segment/lex.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

struct lex_entry {
    uint32_t cp[LEX_MAX_WORD];
    uint8_t len;
};

struct lex_table {
    struct lex_entry *e;
    size_t n;
};

static struct lex_table tables[LEX_KINDS];
uint32_t seg_lex_starts[0x10000];  /* BMP code point -> kinds with an entry starting with it */
uint8_t seg_lex_single[LEX_KINDS][0x10000 / 8];
uint8_t seg_lex_last[LEX_KINDS][0x10000 / 8];

/* Entries of each kind that start with a BMP code point, found without a
 * binary search: slot_of[cp] numbers the code points that start some entry
 * (0: none), and spans[slot * LEX_KINDS + kind] is that kind's [lo, hi). The
 * lookups run at most positions of every document, the search dominated. */
struct lex_span {
    uint16_t lo, hi;
};
static uint16_t slot_of[0x10000];
static struct lex_span *spans;

/* The first two code points of every entry of two or more, hashed with the
 * kind into a bitmap: most positions that may start an entry are followed
 * by a code point no entry continues with, and the search then only asks
 * whether the first one alone is an entry. */
#define PAIR_BITS 18
static uint8_t pair_bits[(1u << PAIR_BITS) / 8];

static uint32_t pair_hash(enum lex_kind kind, uint32_t c0, uint32_t c1)
{
    return ((c0 * 0x9E3779B1u) ^ (c1 * 0x85EBCA77u) ^ ((uint32_t)kind * 0xC2B2AE3Du)) >>
           (32 - PAIR_BITS);
}

static bool pair_may(enum lex_kind kind, uint32_t c0, uint32_t c1)
{
    uint32_t h = pair_hash(kind, c0, c1);

    return (pair_bits[h >> 3] >> (h & 7)) & 1;
}

static int entry_cmp(const void *a, const void *b)
{
    const struct lex_entry *x = a, *y = b;

    if (x->cp[0] != y->cp[0])
        return x->cp[0] < y->cp[0] ? -1 : 1;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    return memcmp(x->cp, y->cp, sizeof x->cp);
}

static bool table_build(enum lex_kind kind, const char *const *words, size_t n)
{
    struct lex_table *t = &tables[kind];

    t->e = calloc(n ? n : 1, sizeof *t->e);
    if (t->e == NULL)
        return false;
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = (const uint8_t *)words[i];
        utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(words[i]);
        struct lex_entry *e = &t->e[t->n];

        e->len = 0;
        while (left > 0 && e->len < LEX_MAX_WORD) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate(p, left, &cp);

            if (k <= 0)
                break;
            e->cp[e->len++] = (uint32_t)cp;
            p += k;
            left -= k;
        }
        if (e->len > 0 && left == 0)
            t->n++;
    }
    qsort(t->e, t->n, sizeof *t->e, entry_cmp);
    for (size_t i = 0; i < t->n; i++) {
        if (t->e[i].len >= 2) {
            uint32_t h = pair_hash(kind, t->e[i].cp[0], t->e[i].cp[1]);

            pair_bits[h >> 3] |= (uint8_t)(1u << (h & 7));
        }
    }
    for (size_t i = 0; i < t->n; i++) {
        uint32_t last = t->e[i].cp[t->e[i].len - 1];

        if (last < 0x10000)
            seg_lex_last[kind][last >> 3] |= (uint8_t)(1u << (last & 7));
    }
    for (size_t i = 0; i < t->n; i++)
        if (t->e[i].cp[0] < 0x10000) {
            seg_lex_starts[t->e[i].cp[0]] |= 1u << kind;
            if (t->e[i].len == 1)
                seg_lex_single[kind][t->e[i].cp[0] >> 3] |= (uint8_t)(1u << (t->e[i].cp[0] & 7));
        }
    return true;
}

bool lex_init(void)
{
    static const struct {
        enum lex_kind kind;
        const char *const *words;
        const size_t *n;
    } lists[] = {
        {LEX_SURNAME, seg_lex_surname, &seg_lex_surname_n},
        {LEX_COMPOUND_SURNAME, seg_lex_compound_surname, &seg_lex_compound_surname_n},
        {LEX_TITLE_HEAD, seg_lex_title_head, &seg_lex_title_head_n},
        {LEX_TITLE_PREFIX, seg_lex_title_prefix, &seg_lex_title_prefix_n},
        {LEX_HONORIFIC, seg_lex_honorific, &seg_lex_honorific_n},
        {LEX_SAY, seg_lex_say, &seg_lex_say_n},
        {LEX_PROPOSE, seg_lex_propose, &seg_lex_propose_n},
        {LEX_TOPIC, seg_lex_topic, &seg_lex_topic_n},
        {LEX_SPOKE, seg_lex_spoke, &seg_lex_spoke_n},
        {LEX_SUMMARY, seg_lex_summary, &seg_lex_summary_n},
        {LEX_HOST, seg_lex_host, &seg_lex_host_n},
        {LEX_LIST_END, seg_lex_list_end, &seg_lex_list_end_n},
        {LEX_GROUP, seg_lex_group, &seg_lex_group_n},
        {LEX_NAME_FOLLOW, seg_lex_name_follow, &seg_lex_name_follow_n},
        {LEX_NOT_GIVEN, seg_lex_not_given, &seg_lex_not_given_n},
        {LEX_NOT_NAME, seg_lex_not_name, &seg_lex_not_name_n},
        {LEX_WEAK_SURNAME, seg_lex_weak_surname, &seg_lex_weak_surname_n},
        {LEX_UNIT_END, seg_lex_unit_end, &seg_lex_unit_end_n},
        {LEX_TRANSLIT, seg_lex_translit, &seg_lex_translit_n},
        {LEX_NOT_GIVEN_WORD, seg_lex_not_given_word, &seg_lex_not_given_word_n},
    };

    size_t slots = 1;

    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (!table_build(lists[i].kind, lists[i].words, *lists[i].n) || tables[lists[i].kind].n > UINT16_MAX)
            return false;
    for (uint32_t cp = 0; cp < 0x10000; cp++)
        if (seg_lex_starts[cp] != 0)
            slot_of[cp] = (uint16_t)slots++;
    if (slots > UINT16_MAX + 1u)
        return false;
    spans = calloc(slots * LEX_KINDS, sizeof *spans);
    if (spans == NULL)
        return false;
    for (size_t k = 0; k < LEX_KINDS; k++) {
        const struct lex_table *t = &tables[k];

        for (size_t i = 0; i < t->n; i++) {
            uint32_t cp = t->e[i].cp[0];
            struct lex_span *sp;

            if (cp >= 0x10000)
                continue;
            sp = &spans[(size_t)slot_of[cp] * LEX_KINDS + k];
            if (sp->hi == 0)
                sp->lo = (uint16_t)i;
            sp->hi = (uint16_t)(i + 1);
        }
    }
    return true;
}

static size_t first_with(const struct lex_table *t, uint32_t cp);

/* Sets [*lo, *hi) to the entries of KIND whose first code point is cp.
 * Inline: every search begins here, and the call cost a fifth of it. */
static inline void entries_with(enum lex_kind kind, uint32_t cp, size_t *lo, size_t *hi)
{
    const struct lex_table *t = &tables[kind];

    if (cp < 0x10000) {
        const struct lex_span *sp = &spans[(size_t)slot_of[cp] * LEX_KINDS + kind];

        *lo = sp->lo;
        *hi = sp->hi;
        return;
    }
    *lo = first_with(t, cp);
    for (*hi = *lo; *hi < t->n && t->e[*hi].cp[0] == cp; ++*hi)
        ;
}

/* Index of the first entry whose first code point is cp, or t->n. */
static size_t first_with(const struct lex_table *t, uint32_t cp)
{
    size_t lo = 0, hi = t->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (t->e[mid].cp[0] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether e's code points after the first (which matched) equal s's. An
 * inline loop: entries are at most LEX_MAX_WORD long, memcmp's call costs
 * more than the compare. */
static inline bool rest_equal(const struct lex_entry *e, const uint32_t *s)
{
    for (unsigned j = 1; j < e->len; j++)
        if (e->cp[j] != s[j])
            return false;
    return true;
}

unsigned lex_longest_search(enum lex_kind kind, const uint32_t *s, size_t n)
{
    const struct lex_table *t = &tables[kind];
    size_t lo, hi;

    if (s[0] < 0x10000 && (n < 2 || !pair_may(kind, s[0], s[1])))
        return lex_has(kind, s[0]) ? 1 : 0;    /* only a one-code-point entry can match */
    entries_with(kind, s[0], &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        const struct lex_entry *e = &t->e[i];

        if (e->len <= n && rest_equal(e, s))
            return e->len;
    }
    return 0;
}

bool lex_exact_search(enum lex_kind kind, const uint32_t *s, size_t len)
{
    const struct lex_table *t = &tables[kind];
    size_t lo, hi;

    if (s[0] < 0x10000 && len == 1)
        return lex_has(kind, s[0]);
    if (len >= 2 && !pair_may(kind, s[0], s[1]))
        return false;
    entries_with(kind, s[0], &lo, &hi);
    for (size_t i = lo; i < hi; i++)
        if (t->e[i].len == len && rest_equal(&t->e[i], s))
            return true;
    return false;
}

static void cpmap_add(struct lex_cpmap *m, uint32_t c)
{
    if (c < 0x10000)
        m->bits[c >> 3] |= (uint8_t)(1u << (c & 7));
    else
        m->beyond = true;
}

void lex_cpmap_add_firsts(struct lex_cpmap *m, const char32_t *const *words, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (words[k][0] != 0)
            cpmap_add(m, (uint32_t)words[k][0]);
}

void lex_cpmap_add_lasts(struct lex_cpmap *m, const char32_t *const *words, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const char32_t *w = words[k];

        if (*w == 0)
            continue;
        while (w[1] != 0)
            w++;
        cpmap_add(m, (uint32_t)*w);
    }
}

void lex_cpmap_add_chars(struct lex_cpmap *m, const char32_t *chars)
{
    for (; *chars; chars++)
        cpmap_add(m, (uint32_t)*chars);
}
