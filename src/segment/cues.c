/* Speech cues (指出, 建议, 主持…), the first pass of attribution. Whether a
 * position opens a cue depends on the text alone, so the whole document is
 * looked up once into a cue map: the attribution rules then ask about the
 * same positions many times without trying the lexicons again. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "segment/zh_words.h"
#include "segment/lex.h"
#include "segment/seg_internal.h"
#include "segment/attrib_internal.h"

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

/* The lexicons of cues. */
#define CUE_LEX_KINDS                                                                              \
    (LEX_BIT(LEX_SUMMARY) | LEX_BIT(LEX_HOST) | LEX_BIT(LEX_SPOKE) | LEX_BIT(LEX_TOPIC) |         \
     LEX_BIT(LEX_SAY) | LEX_BIT(LEX_PROPOSE) | LEX_BIT(LEX_LIST_END))

/* The cue that starts at i, if any, within its sentence [lo, end). Not
 * inlined: the scan that calls it passes over every position, and with
 * this body inside it that scan kept its counters in memory. */
__attribute__((noinline)) static struct cue cue_compute(const struct seg_doc *d, uint32_t i, uint32_t lo, uint32_t end)
{
    static const struct {
        enum lex_kind lex;
        enum cue_kind kind;
    } order[] = {
        {LEX_SUMMARY, CUE_SUMMARY}, {LEX_HOST, CUE_HOST}, {LEX_SPOKE, CUE_SPOKE},
        {LEX_TOPIC, CUE_TOPIC},     {LEX_SAY, CUE_SAY},   {LEX_PROPOSE, CUE_PROPOSE},
        {LEX_LIST_END, CUE_LIST},
    };
    struct cue best = {CUE_NONE, i, i};
    const uint32_t *s = d->v.sh + i;
    /* kinds with an entry starting with s[0]: the others match nothing, so
     * their lookups are skipped, and the loop ends with the last of them
     * (outside the BMP every kind is tried) */
    uint32_t left = (s[0] < 0x10000 ? seg_lex_starts[s[0]] : ~0u) & CUE_LEX_KINDS;

    for (size_t k = 0; left != 0; k++) {
        unsigned len;

        if (!(left & LEX_BIT(order[k].lex)))
            continue;
        left &= ~LEX_BIT(order[k].lex);
        len = lex_longest_search(order[k].lex, s, end - i);

        if (len == 1 && !single_cue_ok(d, i, lo))
            continue;
        if (len > best.e - best.b) {
            best.kind = order[k].kind;
            best.e = i + len;
        }
    }
    /* 总结 is a summary only when made (作…总结); otherwise a noun. */
    if (best.kind == CUE_NONE && d->v.sh[i] == U'总' && seg_lit(d, i, end, U"总结")) {
        for (uint32_t j = i; j > lo && i - j < 8 && !seg_is_delim(d->v.sh[j - 1]); j--)
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
        (best.e >= end || seg_is_delim(d->v.sh[best.e]) || d->v.sh[best.e] == U'”'))
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

/* Per BMP code point, its marks in the cue map and whether a cue may start
 * with it: one look-up per position answers everything the map needs,
 * where the lexicon's starts table (a word per code point) answers only
 * the second. Built once. */
#define MAY_START_CUE 0x80
static uint8_t cue_class[0x10000];
static pthread_once_t cue_class_once = PTHREAD_ONCE_INIT;

static void cue_class_build(void)
{
    for (uint32_t c = 0; c < 0x10000; c++)    /* branch-free: the loop vectorises */
        cue_class[c] = (seg_lex_starts[c] & CUE_LEX_KINDS) != 0 ? MAY_START_CUE : 0;
    cue_class[U'总'] |= MAY_START_CUE;    /* 总结 */
    for (size_t k = 0; k < sizeof seg_clause_delims / sizeof seg_clause_delims[0]; k++)
        cue_class[seg_clause_delims[k]] |= CUE_AT_DELIM;
    for (const char32_t *c = U"“”《》"; *c; c++)
        cue_class[*c] |= CUE_AT_QUOTE;
}

static inline uint8_t class_of(uint32_t c)
{
    return c < 0x10000 ? cue_class[c] : MAY_START_CUE;    /* beyond the BMP: try every kind */
}

static void mark_range(struct seg_doc *d, uint32_t b, uint32_t e)
{
    uint8_t *map = d->cue_kind;
    const uint32_t *sh = d->v.sh;

    for (uint32_t i = b; i < e; i++)
        map[i] = class_of(sh[i]) & (CUE_AT_DELIM | CUE_AT_QUOTE);
}

/* Marks every position, and records the cues of the sentences of
 * paragraphs that may report speech, in one pass over the text. */
bool seg_cue_map(struct seg_doc *d)
{
    uint32_t done = 0;
    uint8_t *map;
    const uint32_t *sh = d->v.sh;    /* locals: the byte stores below may alias d */

    pthread_once(&cue_class_once, cue_class_build);
    map = d->cue_kind = malloc((size_t)d->v.n + CUE_MAP_PAD);
    d->cue_len = calloc((size_t)d->v.n + 1, 1);
    if (d->cue_kind == NULL || d->cue_len == NULL)
        return false;
    memset(map + d->v.n, 0, CUE_MAP_PAD);
    for (size_t k = 0; k < d->n_sents; k++) {
        const uint32_t b = d->sents[k].b, e = d->sents[k].e;
        const struct seg_para *pa = &d->paras[d->sents[k].para];

        mark_range(d, done, b);
        done = e;
        if (pa->boilerplate || pa->headline) {
            mark_range(d, b, e);
            continue;
        }
        for (uint32_t i = b; i < e; i++) {
            uint8_t class = class_of(sh[i]);
            struct cue c;

            map[i] = class & (CUE_AT_DELIM | CUE_AT_QUOTE);
            if (!(class & MAY_START_CUE))
                continue;
            c = cue_compute(d, i, b, e);

            if (c.kind != CUE_NONE) {
                map[i] |= (uint8_t)c.kind;
                d->cue_len[i] = (uint8_t)(c.e - c.b);
            }
        }
    }
    mark_range(d, done, d->v.n);
    return true;
}
