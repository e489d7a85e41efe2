/* The cue map of attribution (cues.c): built once per document before
 * the later stages (items.c, topics.c, attrib.c) read it. Each position
 * holds the kind of cue starting there and marks of its code point, which
 * those stages' scans jump to instead of testing every position. */
#ifndef PODIUM_SEGMENT_CUES_H
#define PODIUM_SEGMENT_CUES_H

#include "segment/seg_internal.h"

enum cue_kind { CUE_NONE, CUE_SAY, CUE_PROPOSE, CUE_TOPIC, CUE_SUMMARY, CUE_SPOKE, CUE_HOST,
                CUE_LIST };

struct cue {
    enum cue_kind kind;
    uint32_t b, e;
};

/* The first code points of the modals (要, 应该, 必须…) of items.c. */
#define MODAL_FIRSTS U"应亟必务不需可理要"

/* What the cue map (d->cue_kind) holds at each position: the kind of the
 * cue starting there, and marks of the code point there, which the scans
 * of attribution and items jump to instead of testing every position. */
#define CUE_KIND_BITS 0x07
#define CUE_AT_MODAL 0x08     /* a modal may start here (MODAL_FIRSTS): items.c */
#define CUE_AT_DELIM 0x10     /* a clause delimiter (seg_is_delim) */
#define CUE_AT_QUOTE 0x20     /* “ ” 《 》: quotation and title marks */
#define CUE_AT_SHORT_START 0x40    /* a cue word of one code point may start here */
#define CUE_AT_START 0x80     /* a cue word may start here (its first code point) */
_Static_assert(CUE_LIST <= CUE_KIND_BITS, "every cue kind fits its bits");

/* The clause delimiters, none of them in the CJK span. */
static const char32_t seg_clause_delims[] = {U'，', U'。', U'；', U'：', U'！', U'？', '?'};

/* A clause delimiter. Inline: the scans of every stage ask it at most
 * positions, and the call cost more than the test. */
static inline bool seg_is_delim(uint32_t c)
{
    bool delim = false;

    if (seg_in_cjk_span(c))    /* Han, most text, is none */
        return false;
    for (size_t k = 0; k < sizeof seg_clause_delims / sizeof seg_clause_delims[0]; k++)
        delim |= c == seg_clause_delims[k];    /* compares without branches */
    return delim;
}

/* seg_is_delim(d->v.sh[i]) for i below the text's end, once the cue map is
 * built (the English path has none): it marks the delimiters, so one byte
 * answers what took a range test and a compare per delimiter. */
static inline bool seg_delim_at(const struct seg_doc *d, uint32_t i)
{
    return d->cue_kind[i] & CUE_AT_DELIM;
}

/* The cue at i that ends by end, from the map seg_cue_map built. Inline:
 * the rules ask it at every position they pass. */
static inline struct cue seg_cue_at(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    struct cue c = {CUE_NONE, i, i};

    if (i < d->v.n && d->cue_len[i] > 0 && i + d->cue_len[i] <= end) {
        c.kind = (enum cue_kind)(d->cue_kind[i] & CUE_KIND_BITS);
        c.e = i + d->cue_len[i];
    }
    return c;
}

/* The cue map holds this many zero bytes past the text, so that it can be
 * read eight positions at a time up to the text's end. */
#define CUE_MAP_PAD 8

/* The first position in [from, to) whose cue map entry has any of the
 * bits of want (CUE_KIND_BITS: a cue starts there), or to. Most positions
 * have none, so the map is read eight positions at a time, and the first
 * hit among them is found without a loop. */
static inline uint32_t seg_next_marked(const struct seg_doc *d, uint32_t from, uint32_t to,
                                       uint8_t want)
{
    const uint64_t want8 = want * UINT64_C(0x0101010101010101);

    for (uint32_t i = from; i < to; i += 8) {
        uint64_t eight;

        memcpy(&eight, d->cue_kind + i, sizeof eight);
        if ((eight &= want8) != 0) {
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
            i += (uint32_t)__builtin_clzll(eight) / 8;    /* the first position is the top byte */
#else
            i += (uint32_t)__builtin_ctzll(eight) / 8;
#endif
            return i < to ? i : to;
        }
    }
    return to;
}

/* The last position in [from, to) whose cue map entry has any of the bits
 * of want, or to: seg_next_marked going back, eight positions at a time
 * while eight remain, then one at a time. */
static inline uint32_t seg_prev_marked(const struct seg_doc *d, uint32_t from, uint32_t to,
                                       uint8_t want)
{
    const uint64_t want8 = want * UINT64_C(0x0101010101010101);
    uint32_t i = to;

    for (; i >= from + 8; i -= 8) {
        uint64_t eight;

        memcpy(&eight, d->cue_kind + i - 8, sizeof eight);
        if ((eight &= want8) != 0)
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
            return i - 1 - (uint32_t)__builtin_ctzll(eight) / 8;    /* the last is the lowest byte */
#else
            return i - 1 - (uint32_t)__builtin_clzll(eight) / 8;
#endif
    }
    while (i > from)
        if (d->cue_kind[--i] & want)
            return i;
    return to;
}

bool seg_cue_map(struct seg_doc *d);

#endif
