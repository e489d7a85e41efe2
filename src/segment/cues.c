/* Speech cues (指出, 建议, 主持…), the first pass of attribution. Whether a
 * position opens a cue depends on the text alone, so the whole document is
 * looked up once into a cue map: the attribution rules then ask about the
 * same positions many times without trying the lexicons again. */
#include <stdlib.h>

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

/* Whether a cue may start with c: a lexicon of cues has an entry starting
 * with it, or it is the 总 of 总结. Inline: asked at every position. */
static inline bool cue_may_start(uint32_t c)
{
    return lex_may_start_any(LEX_BIT(LEX_SUMMARY) | LEX_BIT(LEX_HOST) | LEX_BIT(LEX_SPOKE) |
                                 LEX_BIT(LEX_TOPIC) | LEX_BIT(LEX_SAY) | LEX_BIT(LEX_PROPOSE) |
                                 LEX_BIT(LEX_LIST_END),
                             c) ||
           c == U'总' /* 总结 */;
}

/* The cue that starts at i, if any, within its sentence [lo, end). */
static struct cue cue_compute(const struct seg_doc *d, uint32_t i, uint32_t lo, uint32_t end)
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
     * their lookups are skipped (outside the BMP every kind is tried) */
    const uint32_t kinds = s[0] < 0x10000 ? seg_lex_starts[s[0]] : ~0u;

    if (!cue_may_start(s[0]))
        return best;
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        unsigned len;

        if (!(kinds & LEX_BIT(order[k].lex)))
            continue;
        len = lex_longest(order[k].lex, s, end - i);

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

bool seg_cue_map(struct seg_doc *d)
{
    d->cue_kind = calloc((size_t)d->v.n + 1, 1);
    d->cue_len = calloc((size_t)d->v.n + 1, 1);
    if (d->cue_kind == NULL || d->cue_len == NULL)
        return false;
    for (size_t k = 0; k < d->n_sents; k++) {
        const struct seg_sent *s = &d->sents[k];

        if (d->paras[s->para].boilerplate || d->paras[s->para].headline)
            continue;
        for (uint32_t i = s->b; i < s->e; i++) {
            struct cue c;

            if (!cue_may_start(d->v.sh[i]))
                continue;
            c = cue_compute(d, i, s->b, s->e);

            if (c.kind != CUE_NONE) {
                d->cue_kind[i] = (uint8_t)c.kind;
                d->cue_len[i] = (uint8_t)(c.e - c.b);
            }
        }
    }
    return true;
}
