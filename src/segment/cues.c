/* Speech cues (指出, 建议, 主持…), the first pass of attribution. Whether a
 * position opens a cue depends on the text alone, so the whole document is
 * looked up once into a cue map: the attribution rules then ask about the
 * same positions many times without trying the lexicons again. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "segment/zh_words.h"
#include "segment/lex.h"
#include "segment/seg_internal.h"
#include "segment/cues.h"

/* A single-character cue (说, 称) counts only right after its subject or an
 * adverb, never inside a word (学说, 名称). */
static bool single_cue_ok(const struct seg_doc *d, uint32_t i, uint32_t lo)
{
    static const char32_t *const before[] = {ZH_SINGLE_CUE_OK_BEFORE};

    size_t lo_m = 0, hi_m = d->n_mentions;

    if (i == lo)
        return false;
    while (lo_m < hi_m) {    /* mentions are sorted and disjoint */
        size_t mid = lo_m + (hi_m - lo_m) / 2;

        if (d->mentions[mid].e < i)
            lo_m = mid + 1;
        else
            hi_m = mid;
    }
    if (lo_m < d->n_mentions && d->mentions[lo_m].e == i)
        return true;
    for (size_t k = 0; k < sizeof before / sizeof before[0]; k++)
        if (seg_lit(d, i - 1, i, before[k]))
            return true;
    return false;
}

/* The lexicons of cues, in the order cue_compute tries them: of two
 * words of one length at a position, the first kind's wins. */
static const struct {
    enum lex_kind lex;
    enum cue_kind kind;
    const char *const *words;
    const size_t *n;
} cue_lexicons[] = {
    {LEX_SUMMARY, CUE_SUMMARY, seg_lex_summary, &seg_lex_summary_n},
    {LEX_HOST, CUE_HOST, seg_lex_host, &seg_lex_host_n},
    {LEX_SPOKE, CUE_SPOKE, seg_lex_spoke, &seg_lex_spoke_n},
    {LEX_TOPIC, CUE_TOPIC, seg_lex_topic, &seg_lex_topic_n},
    {LEX_SAY, CUE_SAY, seg_lex_say, &seg_lex_say_n},
    {LEX_PROPOSE, CUE_PROPOSE, seg_lex_propose, &seg_lex_propose_n},
    {LEX_LIST_END, CUE_LIST, seg_lex_list_end, &seg_lex_list_end_n},
};
/* Their LEX_BITs (built with the tables below). */
static uint32_t cue_lex_kinds;

/* The cue that starts at i, if any, within its sentence [lo, end). */
static struct cue cue_compute(const struct seg_doc *d, uint32_t i, uint32_t lo, uint32_t end)
{
    struct cue best = {CUE_NONE, i, i};
    const uint32_t *s = d->v.sh + i;
    /* kinds with an entry starting with s[0]: the others match nothing, so
     * their lookups are skipped, and the loop ends with the last of them
     * (outside the BMP every kind is tried) */
    uint32_t left = (s[0] < 0x10000 ? seg_lex_starts[s[0]] : ~0u) & cue_lex_kinds;

    for (size_t k = 0; left != 0; k++) {
        unsigned len;

        if (!(left & LEX_BIT(cue_lexicons[k].lex)))
            continue;
        left &= ~LEX_BIT(cue_lexicons[k].lex);
        len = lex_longest_search(cue_lexicons[k].lex, s, end - i);

        if (len == 1 && !single_cue_ok(d, i, lo))
            continue;
        if (len > best.e - best.b) {
            best.kind = cue_lexicons[k].kind;
            best.e = i + len;
        }
    }
    /* 总结 is a summary only when made (作…总结); otherwise a noun. */
    if (best.kind == CUE_NONE && d->v.sh[i] == U'总' && seg_lit(d, i, end, U"总结")) {
        for (uint32_t j = i; j > lo && i - j < 8 && !seg_delim_at(d, j - 1); j--)
            if (d->v.sh[j - 1] == U'作' || d->v.sh[j - 1] == U'做') {
                best.kind = CUE_SUMMARY;
                best.e = i + 2;
                break;
            }
    }
    /* 受某某委托，乙宣读致辞: who reads out another's address gives no
     * speech of their own */
    if (best.kind == CUE_SPOKE && i >= lo + 2 && seg_lit(d, i - 2, end, U"宣读") == 2)
        best.kind = CUE_NONE;
    /* 倡议 is far more often a noun (全球发展倡议) than a verb: as a verb it
     * stands right after its subject or an adverb, like a one-character cue */
    if (best.kind == CUE_PROPOSE && seg_lit(d, i, end, U"倡议") == best.e - best.b &&
        !single_cue_ok(d, i, lo))
        best.kind = CUE_NONE;
    /* 某某提出的倡议, 他指出的问题: a speech verb before 的 qualifies a noun */
    if ((best.kind == CUE_SAY || best.kind == CUE_PROPOSE) && best.e < end &&
        d->v.sh[best.e] == U'的')
        best.kind = CUE_NONE;
    /* 不负…的殷切期望。: a speech verb after 的 and a modifier, closing its
     * sentence, is a noun (在会议的最后强调，still reports; …进行了深入的阐述。
     * stands for a speech and is kept) */
    if ((best.kind == CUE_SAY || best.kind == CUE_PROPOSE) && best.e - best.b >= 2 &&
        i >= lo + 3 && d->v.sh[i - 3] == U'的' && seg_is_han(d->v.sh[i - 1]) &&
        (best.e >= end || seg_delim_at(d, best.e) || d->v.sh[best.e] == U'”'))
        best.kind = CUE_NONE;
    /* 建议 after a count or 的 (四点建议, 对策建议) is a noun. */
    if (best.kind == CUE_PROPOSE && best.e - best.b == 2 && i > lo &&
        (seg_lit(d, i, end, U"建议") || seg_lit(d, i, end, U"要求")) &&
        (seg_lit(d, i - 1, end, U"点") || seg_lit(d, i - 1, end, U"的") ||
         seg_lit(d, i - 1, end, U"条") || seg_lit(d, i - 1, end, U"项") ||
         seg_lit(d, i - 1, end, U"新") || seg_lit(d, i - 1, end, U"策")))
        best.kind = CUE_NONE;
    return best;
}

/* Per BMP code point, its marks in the cue map, whether a cue word starts
 * with it and whether one of one code point does: one look-up per
 * position answers everything the map needs. Built once, with the pairs
 * below. */
static uint8_t cue_class[0x10000];
/* The first two code points of every cue word of two or more, hashed
 * into a bitmap: most positions where a cue word may start are followed
 * by a code point no cue word goes on with, and need no lexicon search. */
#define CUE_PAIR_BITS 12
static uint8_t cue_pairs[(1u << CUE_PAIR_BITS) / 8];
static pthread_once_t cue_class_once = PTHREAD_ONCE_INIT;

static uint32_t cue_pair_hash(uint32_t c0, uint32_t c1)
{
    return ((c0 * 0x9E3779B1u) ^ (c1 * 0x85EBCA77u)) >> (32 - CUE_PAIR_BITS);
}

static void cue_pair_add(uint32_t c0, uint32_t c1)
{
    uint32_t h = cue_pair_hash(c0, c1);

    cue_pairs[h >> 3] |= (uint8_t)(1u << (h & 7));
}

static inline bool cue_pair_may(uint32_t c0, uint32_t c1)
{
    uint32_t h = cue_pair_hash(c0, c1);

    return (cue_pairs[h >> 3] >> (h & 7)) & 1;
}

/* Records the start of one cue word (UTF-8). */
static void cue_word_add(const char *word)
{
    const uint8_t *w = (const uint8_t *)word;
    utf8proc_int32_t c0, c1 = 0;
    utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(word), k = utf8proc_iterate(w, len, &c0);

    if (k <= 0)
        return;    /* the lexicon drops it too */
    if (k < len && utf8proc_iterate(w + k, len - k, &c1) > 0)
        cue_pair_add((uint32_t)c0, (uint32_t)c1);
    if ((uint32_t)c0 < 0x10000)
        cue_class[c0] |= CUE_AT_START | (k == len ? CUE_AT_SHORT_START : 0);
}

static void cue_class_build(void)
{
    for (size_t l = 0; l < sizeof cue_lexicons / sizeof cue_lexicons[0]; l++) {
        cue_lex_kinds |= LEX_BIT(cue_lexicons[l].lex);
        for (size_t k = 0; k < *cue_lexicons[l].n; k++)
            cue_word_add(cue_lexicons[l].words[k]);
    }
    cue_word_add("总结");    /* made a summary (作…总结) */
    cue_class[0xFFFF] |= CUE_AT_START | CUE_AT_SHORT_START;    /* stands for the other planes */
    for (size_t k = 0; k < sizeof seg_clause_delims / sizeof seg_clause_delims[0]; k++)
        cue_class[seg_clause_delims[k]] |= CUE_AT_DELIM;
    for (const char32_t *c = U"“”《》"; *c; c++)
        cue_class[*c] |= CUE_AT_QUOTE;
    for (const char32_t *c = MODAL_FIRSTS; *c; c++)
        cue_class[*c] |= CUE_AT_MODAL;
}

/* Whether a cue word may start at i (before end): its first code point
 * starts one, and it is a word of one code point or the next goes on. */
static inline bool cue_may_start(const uint32_t *sh, uint32_t i, uint32_t end, uint8_t class)
{
    return (class & CUE_AT_SHORT_START) || (i + 1 < end && cue_pair_may(sh[i], sh[i + 1]));
}

/* Marks every position, then records the cues of the sentences of
 * paragraphs that may report speech, going from one position a cue word
 * may start at to the next. */
bool seg_cue_map(struct seg_doc *d)
{
    uint8_t *map;
    const uint32_t *sh = d->v.sh, n = d->v.n;    /* locals: the byte stores below may alias d */

    pthread_once(&cue_class_once, cue_class_build);
    map = d->cue_kind = malloc((size_t)d->v.n + CUE_MAP_PAD);
    d->cue_len = calloc((size_t)d->v.n + 1, 1);
    if (d->cue_kind == NULL || d->cue_len == NULL)
        return false;
    memset(map + d->v.n, 0, CUE_MAP_PAD);
    /* beyond the BMP, U+FFFF's class: try every kind. Unrolled: the
     * loop's own count and test cost as much as the look-up they repeat. */
#pragma GCC unroll 8
    for (uint32_t i = 0; i < n; i++)
        map[i] = cue_class[sh[i] < 0x10000 ? sh[i] : 0xFFFF];
    for (size_t k = 0; k < d->n_sents; k++) {
        const uint32_t b = d->sents[k].b, e = d->sents[k].e;
        const struct seg_para *pa = &d->paras[d->sents[k].para];

        if (pa->boilerplate || pa->headline)
            continue;
        for (uint32_t i = seg_next_marked(d, b, e, CUE_AT_START); i < e;
             i = seg_next_marked(d, i + 1, e, CUE_AT_START)) {
            struct cue c;

            if (!cue_may_start(sh, i, e, map[i]))
                continue;
            c = cue_compute(d, i, b, e);

            if (c.kind != CUE_NONE) {
                map[i] |= (uint8_t)c.kind;
                d->cue_len[i] = (uint8_t)(c.e - c.b);
            }
        }
    }
    return true;
}
