/* Recommendation items (SEGMENTER.md step 11). They are read only inside
 * what attribution has given a speaker, because an item is a proposal by
 * someone: a modal clause (要…, 应…) or an enumerated point (一是…) of that
 * speaker's remarks. The list state (announced count, last marker) runs
 * across the speaker's sentences, so attribution carries it. */
#include <pthread.h>
#include <stdlib.h>

#include "segment/zh_words.h"
#include "segment/lex.h"
#include "segment/seg_internal.h"
#include "segment/cues.h"
#include "segment/items.h"


#define ANNOUNCE_REACH 120     /* code points before a list that may announce it */
#define COUNT_REACH 40         /* …and that may give its count (提出三点建议：) */
#define ATTRIBUTIVE_REACH 4    /* 要处理的…: 的 this close after a modal */

/* Word lists that scans try at every position of a range, with the maps
 * of their first code points (built once): one look at the map passes over
 * most positions without trying the list. */
/* adverbs a clause may open with before its modal */
static const char32_t *const clause_adverbs[] = {ZH_CLAUSE_ADVERBS};
/* who a wish may address (希望…，大家携手…) */
static const char32_t *const addressees[] = {ZH_ADDRESSEES};
/* words announcing a list of proposals, and words announcing a list of
 * achievements, problems or changes (SOURCES.md: not items) */
static const char32_t *const proposal_words[] = {ZH_PROPOSAL_WORDS};
static const char32_t *const report_words[] = {ZH_REPORT_WORDS};
/* third parties whose instructions are quoted (总书记强调要…) */
static const char32_t *const third_parties[] = {ZH_THIRD_PARTIES};
/* 以下/如下/几个方面/四点…: frames that only announce what follows */
static const char32_t *const list_frames[] = {ZH_LIST_FRAMES};
/* words of a question */
static const char32_t *const question_words[] = {ZH_QUESTION_WORDS};
/* verbs that put what follows forward as advice (建议, 希望…) */
static const char32_t *const proposing_verbs[] = {ZH_PROPOSING_VERB_VERBS};
/* 首先, 其次, 再次, 最后: markers of a sequence */
static const char32_t *const sequence_markers[] = {ZH_ENUM_MARKER_SEQUENCE};
/* particles written only in Cantonese */
#define CANTONESE_PARTICLES U"嘅咗唔哋啲嚟喺冇佢咩嘢畀諗嗰噉乜睇咁"

/* 要 and 应 are no modal in a word with the code point after them (要求,
 * 要素, 要胁: threaten; 应用, 应否: whether) or before them (重要, 却要;
 * 相应, 因应: in response to): sets of those code points, with their maps,
 * which modal_here asks at every 要 and 应. */
struct not_modal {
    const char32_t *next_chars, *prev_chars;
    struct lex_cpmap next, prev;
};

static struct not_modal not_modal_yao = {
    U"求素点闻么是的害领件紧职员说务地塞义旨目览案诀胁挟", U"重主只必纲摘首简紧显想扼提需概机政将不次却",
    {{0}, false}, {{0}, false}};
static struct not_modal not_modal_ying = {
    U"用对急邀届运变聘答声付征试收缴有的力景验激否", U"相响适反供对效感报顺照呼内策答回因",
    {{0}, false}, {{0}, false}};

/* A word list with the map of its first code points. */
struct word_list {
    const char32_t *const *words;
    size_t n;
    struct lex_cpmap firsts;
    uint32_t longest;    /* code points of its longest word */
};

#define WORD_LIST(array) {array, sizeof array / sizeof array[0], {{0}, false}, 0}

static struct lex_cpmap cantonese_particles;
/* addressed_advice's adverbs (并对…提出建议), and what its clause may open
 * with: one of them or 对 */
static const char32_t *const advice_adverbs[] = {ZH_ADDRESSED_ADVICE_ADVERBS};
static struct lex_cpmap advice_openers;
/* supposes' conditions, and the code points they start with */
static const char32_t *const conditions[] = {ZH_SUPPOSES_CONDITIONS};
static struct lex_cpmap condition_firsts;
/* the code points an enumeration marker may start with */
static struct lex_cpmap marker_firsts;
static struct word_list proposing_list = WORD_LIST(proposing_verbs);
static struct word_list adverb_list = WORD_LIST(clause_adverbs);
static struct word_list addressee_list = WORD_LIST(addressees);
static struct word_list proposal_list = WORD_LIST(proposal_words);
static struct word_list report_list = WORD_LIST(report_words);
static struct word_list third_party_list = WORD_LIST(third_parties);
static struct word_list frame_list = WORD_LIST(list_frames);
static struct word_list question_list = WORD_LIST(question_words);
pthread_once_t seg_firsts_once = PTHREAD_ONCE_INIT;

void seg_firsts_build(void)
{
    struct word_list *const lists[] = {&adverb_list,      &addressee_list, &proposal_list,
                                       &report_list,      &third_party_list, &frame_list,
                                       &question_list,    &proposing_list};
    struct not_modal *const not_modals[] = {&not_modal_yao, &not_modal_ying};

    lex_cpmap_add_chars(&cantonese_particles, CANTONESE_PARTICLES);
    lex_cpmap_add_firsts(&advice_openers, advice_adverbs, sizeof advice_adverbs / sizeof advice_adverbs[0]);
    lex_cpmap_add_chars(&advice_openers, U"对");
    lex_cpmap_add_firsts(&condition_firsts, conditions, sizeof conditions / sizeof conditions[0]);
    for (size_t k = 0; k < sizeof not_modals / sizeof not_modals[0]; k++) {
        lex_cpmap_add_chars(&not_modals[k]->next, not_modals[k]->next_chars);
        lex_cpmap_add_chars(&not_modals[k]->prev, not_modals[k]->prev_chars);
    }
    lex_cpmap_add_chars(&marker_firsts, U"一二三四五六七八九十第其（123456789");
    lex_cpmap_add_firsts(&marker_firsts, sequence_markers,
                         sizeof sequence_markers / sizeof sequence_markers[0]);
    for (char32_t c = U'①'; c <= U'⑳'; c++)
        lex_cpmap_add_chars(&marker_firsts, (const char32_t[]){c, 0});
    for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++) {
        lex_cpmap_add_firsts(&lists[k]->firsts, lists[k]->words, lists[k]->n);
        for (size_t w = 0; w < lists[k]->n; w++) {
            uint32_t len = 0;

            while (lists[k]->words[w][len] != 0)
                len++;
            if (len > lists[k]->longest)
                lists[k]->longest = len;
        }
    }
}

/* word_at past its map: the longest word of the list at i. */
static uint32_t word_search(const struct seg_doc *d, uint32_t i, uint32_t end,
                            const struct word_list *list)
{
    uint32_t best = 0;

    for (size_t k = 0; k < list->n; k++) {
        uint32_t len;

        if (d->v.sh[i] != (uint32_t)list->words[k][0])    /* most words of the list fail here */
            continue;
        len = seg_lit(d, i, end, list->words[k]);
        if (len > best)
            best = len;
    }
    return best;
}

/* The length of the longest word of the list at i (before end), or 0; one
 * look at the map passes over most positions. Inline: the scans ask at
 * every position, and the call cost more than the look. */
static inline uint32_t word_at(const struct seg_doc *d, uint32_t i, uint32_t end,
                               const struct word_list *list)
{
    if (i >= end || !lex_cpmap_may(&list->firsts, d->v.sh[i]))
        return 0;
    return word_search(d, i, end, list);
}

bool seg_push_item(struct seg_doc *d, int who, uint32_t para, uint32_t b, uint32_t e,
                   struct seg_why why)
{
    struct seg_iperson *p = &d->people[who];
    struct seg_iitem *items;

    while (e > b && (seg_is_space(d->v.cp[e - 1]) || seg_is_delim(d->v.sh[e - 1]) ||
                     d->v.sh[e - 1] == '.'))
        e--;
    if (e <= b)
        return true;
    if (d->n_items_total >= SEG_MAX_ITEMS) {
        if (!d->items_capped)
            seg_warn(d, "cap", b, e);
        d->items_capped = true;
        return true;
    }
    if ((items = seg_grow(p->items, &p->cap_items, p->n_items, sizeof *items, 8)) == NULL)
        return false;
    p->items = items;
    p->items[p->n_items++] = (struct seg_iitem){para, b, e, why};
    d->n_items_total++;
    return true;
}

static int numeral(uint32_t c)
{
    static const uint32_t digits[] = {U'一', U'二', U'三', U'四', U'五',
                                      U'六', U'七', U'八', U'九', U'十'};
    for (int k = 0; k < 10; k++)
        if (digits[k] == c)
            return k + 1;
    return 0;
}

/* Chinese numeral (一…十九) at i: its value, and its length in *len. */
int seg_cn_number(const struct seg_doc *d, uint32_t i, uint32_t end, uint32_t *len)
{
    int a = i < end ? numeral(d->v.sh[i]) : 0, b;

    *len = 0;
    if (a == 0)
        return 0;
    *len = 1;
    if (a == 10 && i + 1 < end && (b = numeral(d->v.sh[i + 1])) > 0 && b < 10) {
        *len = 2;
        return 10 + b;
    }
    return a;
}

/* An enumeration marker at i (一是, 第一，, 其一, 首先，, （一）, 1., ①):
 * its length, with the ordinal in *ord (0 for 最后: the next one). */
uint32_t seg_enum_marker(const struct seg_doc *d, uint32_t i, uint32_t end, int *ord)
{
    uint32_t len, c = i < end ? d->v.sh[i] : 0;
    int n;

    if ((n = seg_cn_number(d, i, end, &len)) > 0 && i + len < end) {
        uint32_t next = d->v.sh[i + len];

        if (next == U'是' || next == U'要' || next == U'、' || next == '.') {
            *ord = n;
            return len + (next == U'要' ? 0 : 1);
        }
        return 0;
    }
    if (c == U'第' && (n = seg_cn_number(d, i + 1, end, &len)) > 0 && i + 1 + len < end) {
        uint32_t next = d->v.sh[i + 1 + len];

        if (next == U'，' || next == U'、' || next == U'：' || next == U'是') {
            *ord = n;
            return 1 + len;
        }
        return 0;
    }
    if (c == U'其' && (n = seg_cn_number(d, i + 1, end, &len)) > 0 && i + 1 + len < end &&
        d->v.sh[i + 1 + len] == U'，') {    /* 其一， */
        *ord = n;
        return 1 + len;
    }
    for (int k = 0; k < 4; k++)
        if (seg_lit(d, i, end, sequence_markers[k]) && i + 2 < end && d->v.sh[i + 2] == U'，') {
            *ord = k < 3 ? k + 1 : 0;
            return 2;
        }
    if (c == U'（' && i + 2 < end) {    /* （一） (1) */
        uint32_t j = i + 1;

        if ((n = seg_cn_number(d, j, end, &len)) > 0)
            j += len;
        else
            for (n = 0; j < end && j - i < 3 && d->v.sh[j] >= '0' && d->v.sh[j] <= '9'; j++)
                n = n * 10 + (int)(d->v.sh[j] - '0');
        if (n > 0 && j < end && d->v.sh[j] == U'）') {
            *ord = n;
            return j + 1 - i;
        }
        return 0;
    }
    if (c >= '1' && c <= '9') {
        uint32_t j = i;

        for (n = 0; j < end && j - i < 2 && d->v.sh[j] >= '0' && d->v.sh[j] <= '9'; j++)
            n = n * 10 + (int)(d->v.sh[j] - '0');
        if (j + 1 < end && (d->v.sh[j] == '.' || d->v.sh[j] == U'、' || d->v.sh[j] == U'．') &&
            !(d->v.sh[j + 1] >= '0' && d->v.sh[j + 1] <= '9')) {
            *ord = n;
            return j + 1 - i;
        }
        return 0;
    }
    if (c >= U'①' && c <= U'⑳') {
        *ord = (int)(c - U'①') + 1;
        return 1;
    }
    return 0;
}

/* seg_enum_marker after a look at the map of the code points a marker may
 * start with: the clause scans ask at every clause, and few are markers. */
static inline uint32_t marker_at(const struct seg_doc *d, uint32_t i, uint32_t end, int *ord)
{
    if (i >= end || !lex_cpmap_may(&marker_firsts, d->v.sh[i]))
        return 0;
    return seg_enum_marker(d, i, end, ord);
}

uint32_t seg_enum_marker_len(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    int ord;

    return seg_enum_marker(d, i, end, &ord);
}

/* A modal (要 应 需要 必须…) at i that is not part of a longer word: its
 * length, or 0. Asked only where the cue map marks a modal's first code
 * point (modal_at, and the search inside a clause), below end. */
static uint32_t modal_here(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    static const char32_t *const modals[] = {ZH_MODAL_HERE_MODALS};
    const uint32_t *s = d->v.sh;
    uint32_t prev = i > 0 ? s[i - 1] : 0;

    for (size_t k = 0; k < sizeof modals / sizeof modals[0]; k++) {
        uint32_t len, next;

        if (s[i] != (uint32_t)modals[k][0])    /* most fail here */
            continue;
        if ((len = seg_lit(d, i, end, modals[k])) == 0)
            continue;
        next = i + len < end ? s[i + len] : 0;
        if (s[i] == U'要' && len == 1 &&
            !(next == U'紧' && i + 2 < end && seg_cp_in(s[i + 2], U"密紧扣跟抓盯贴")) &&
            (lex_cpmap_may(&not_modal_yao.next, next) || lex_cpmap_may(&not_modal_yao.prev, prev) ||
             (i >= 2 && s[i - 2] == U'可' && prev == U'能')))    /* 却要, 可能要: no advice */
            return 0;
        if (s[i] == U'应' && len == 1 &&
            (lex_cpmap_may(&not_modal_ying.next, next) || lex_cpmap_may(&not_modal_ying.prev, prev)))
            return 0;
        /* 需; 不需要, 无需, 有需要 (when needed), 却需要 say no one should */
        if (s[i] == U'需' && (seg_cp_in(next, U"求") || seg_cp_in(prev, U"必急军所按亟内外不无毋有却")))
            return 0;
        if (len == 2 && s[i] == U'需' && seg_cp_in(next, U"的"))
            return 0;
        /* 应如何…: a question or a topic, not advice */
        if (seg_cp_in(next, U"如怎") && (seg_lit(d, i + len, end, U"如何") ||
                                        seg_lit(d, i + len, end, U"怎样") ||
                                        seg_lit(d, i + len, end, U"怎么")))
            return 0;
        /* 需视乎情况, 要取决于…: how a rule is applied, not advice */
        if (seg_cp_in(next, U"视取") &&
            (seg_lit(d, i + len, end, U"视乎") || seg_lit(d, i + len, end, U"取决")))
            return 0;
        /* 要处理的问题, 必须解决的问题: the modal describes a noun */
        for (uint32_t j = i + len; j < end && j < i + len + ATTRIBUTIVE_REACH && !seg_delim_at(d, j); j++)
            if (s[j] == U'的' && !(j > 0 && s[j - 1] == U'党'))    /* 要深化党的… */
                return 0;
        /* 工程建设需要，: a modal closing its clause has no verb; it is a noun */
        if (i + len < end && seg_delim_at(d, i + len))
            return 0;
        return len;
    }
    return 0;
}

/* The filter of modal_here, inline: clause scans ask at every position.
 * The cue map marks where a modal may start (MODAL_FIRSTS). */
static inline uint32_t modal_at(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    if (i >= end || !(d->cue_kind[i] & CUE_AT_MODAL))
        return 0;
    return modal_here(d, i, end);
}

/* A modal at the start of a clause, after at most two adverbs. */
static uint32_t clause_modal(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    for (int rounds = 0; rounds < 2; rounds++) {
        uint32_t m = modal_at(d, i, end), len;

        if (m > 0)
            return m;
        if ((len = word_at(d, i, end, &adverb_list)) == 0)
            return 0;
        i += len;
    }
    return modal_at(d, i, end);
}

/* Whether a wish names who should act (希望…，大家携手…). */
static bool names_addressee(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    for (uint32_t i = b; i < e && d->v.sh[i] != U'。'; i++)
        if (word_at(d, i, e, &addressee_list) > 0)
            return true;
    return false;
}

/* A proposing verb that puts what follows forward as advice (建议，X;
 * 希望政府…): the length up to X, or 0. 希望 needs an addressee. */
uint32_t seg_proposing_verb(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    static const char32_t *const not_addressee[] = {ZH_PROPOSING_VERB_NOT_ADDRESSEE};
    uint32_t len = 0, j;

    if (i >= end || !lex_cpmap_may(&proposing_list.firsts, d->v.sh[i]))
        return 0;    /* most positions: no verb starts there */
    for (size_t k = 0; k < proposing_list.n && len == 0; k++)
        len = seg_lit(d, i, end, proposing_list.words[k]);
    if (len == 0 || seg_lit(d, i, end, U"建言献策"))    /* offering advice, a set phrase */
        return 0;
    j = i + len;
    if (j < end && (d->v.sh[j] == U'，' || d->v.sh[j] == U'：'))
        j++;
    if (j >= end || seg_delim_at(d, j))
        return 0;
    if (seg_lit(d, i, end, U"希望") || seg_lit(d, i, end, U"期望"))
        for (size_t k = 0; k < sizeof not_addressee / sizeof not_addressee[0]; k++)
            if (seg_lit(d, j, end, not_addressee[k]))
                return names_addressee(d, j, end) ? j - i : 0;
    return j - i;
}

/* 并对A、B提出针对性建议。: the advice is about what 对 introduces, and the
 * sentence ends with the proposing frame; the offset of 对 from p, or 0. */
static uint32_t addressed_advice(const struct seg_doc *d, uint32_t p, uint32_t end)
{
    uint32_t q = p, e = end;

    if (p >= end || !lex_cpmap_may(&advice_openers, d->v.sh[p]))
        return 0;    /* asked of every clause, and most open otherwise */
    for (size_t k = 0; k < sizeof advice_adverbs / sizeof advice_adverbs[0]; k++)
        q += seg_lit(d, q, end, advice_adverbs[k]);
    if (!sh_is(d, q, U'对'))
        return 0;
    while (e > q && (seg_delim_at(d, e - 1) || seg_is_space(d->v.cp[e - 1])))
        e--;
    if (e < q + 4 || !seg_lit(d, e - 2, e, U"建议"))
        return 0;
    for (uint32_t i = e - 2; i > q && e - 2 - i <= 6; i--)
        if (seg_lit(d, i - 2, e, U"提出"))
            return q - p;
    return 0;
}

/* 1 when [b, e) announces a list of proposals, -1 a list of achievements,
 * problems or changes (SOURCES.md: not items), 0 neither; the last word
 * found decides, and where a word of each kind starts, the proposal. So
 * the scan goes back from e and stops at the first word it finds: the
 * window is long, and the announcement stands just before the list. */
static int list_announcement(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    for (uint32_t i = e; i-- > b;) {
        uint32_t len = word_at(d, i, e, &proposal_list);

        if (len == 2 || (len == 1 && modal_at(d, i, e)))
            return 1;
        if (word_at(d, i, e, &report_list) > 0)
            return -1;
    }
    return 0;
}

#define THIRD_PARTY_CUE_GAP 6    /* code points from a third party to its cue */

/* Quotations of third parties' instructions (总书记强调要…, 有意见认为…):
 * a third party followed closely by a speech verb before the item. Cues
 * are few and marked in the cue map: the scan goes from one to the next
 * and looks for a third party only in the short reach before it. */
static bool quotes_third_party(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    const uint32_t reach = third_party_list.longest + THIRD_PARTY_CUE_GAP;

    for (uint32_t j = seg_next_marked(d, b, e, CUE_KIND_BITS); j < e;
         j = seg_next_marked(d, j + 1, e, CUE_KIND_BITS)) {
        struct cue c = seg_cue_at(d, j, e);

        if (c.kind != CUE_SAY && c.kind != CUE_PROPOSE)
            continue;
        for (uint32_t i = j - b > reach ? j - reach : b; i < j; i++) {
            uint32_t len = word_at(d, i, e, &third_party_list);

            if (len > 0 && i + len <= j && j < i + len + THIRD_PARTY_CUE_GAP)
                return true;
        }
    }
    return false;
}

/* 以下/如下/几个方面/四点…: a clause that only announces what follows. */
static bool announces_list(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    for (uint32_t i = b; i < e; i++) {
        uint32_t len = word_at(d, i, e, &frame_list);

        if (len == 2 || (len == 1 && i > b && (numeral(d->v.sh[i - 1]) > 0 ||
                                               (d->v.sh[i - 1] >= '0' && d->v.sh[i - 1] <= '9'))))
            return true;
    }
    return false;
}

/* 三点, 4项, 五个: a count announcing the list in [b, e); 0 if none. */
static int announced_count(const struct seg_doc *d, uint32_t b, uint32_t e, uint32_t *at)
{
    for (uint32_t i = e; i-- > b;) {
        uint32_t len = 0;
        int n = seg_cn_number(d, i, e, &len);

        if (n == 0 && d->v.sh[i] >= '1' && d->v.sh[i] <= '9') {
            n = (int)(d->v.sh[i] - '0');
            len = 1;
        }
        if (n > 0 && i + len < e && seg_cp_in(d->v.sh[i + len], U"点条项个")) {
            *at = i;
            return n;
        }
    }
    return 0;
}

/* A list that announced N items but gave another number gets a warning. */
void seg_finish_list(struct seg_doc *d, struct enum_state *es)
{
    if (es->announced > 0 && es->last > 0 && es->last != es->announced)
        seg_warn(d, "count-mismatch", es->announce_b, es->announce_e);
    es->announced = 0;
}

struct open_item {
    bool open;
    uint32_t b;
    struct seg_why why;
};

static bool close_item(struct seg_doc *d, struct open_item *it, int who, uint32_t para, uint32_t e)
{
    bool ok = true;

    if (it->open)
        ok = seg_push_item(d, who, para, it->b, e, it->why);
    it->open = false;
    return ok;
}

/* Where an item starting with clause p begins: past a speech verb that
 * opens the clause (…，认为市民应…). */
static uint32_t past_clause_cue(const struct seg_doc *d, uint32_t p, uint32_t end)
{
    static const char32_t *const adverbs[] = {ZH_PAST_CLAUSE_CUE_ADVERBS};
    /* …，但认为…, …，故他认为…: a conjunction and the subject's pronoun */
    static const char32_t *const openers[] = {ZH_PAST_CLAUSE_CUE_OPENERS};
    uint32_t q = p;
    struct cue c;

    for (size_t k = 0; k < sizeof openers / sizeof openers[0]; k++)
        q += seg_lit(d, q, end, openers[k]);
    for (size_t k = 0; k < sizeof adverbs / sizeof adverbs[0]; k++)
        q += seg_lit(d, q, end, adverbs[k]);
    c = seg_cue_at(d, q, end);
    if ((c.kind != CUE_SAY && c.kind != CUE_PROPOSE) || c.e >= end || seg_delim_at(d, c.e))
        return p;
    return c.e;
}

/* “我们要…: an item opening a quotation with the speaker's own 我们 begins
 * at its modal m (the annotation starts it there); any other subject
 * (中越理论界应…) stays in the item. */
static uint32_t past_first_person(const struct seg_doc *d, uint32_t p, uint32_t m)
{
    static const char32_t *const selves[] = {ZH_PAST_FIRST_PERSON_SELVES};
    uint32_t q = p;

    while (q < m && seg_cp_in(d->v.sh[q], U"“「『"))
        q++;
    for (size_t k = 0; k < sizeof selves / sizeof selves[0]; k++)
        if (seg_lit(d, q, m, selves[k]) == m - q && m > q)
            return m;
    return p;
}

/* In a ；-segment of a list, the first clause that opens with a modal (在方法上，
 * 要结合实际…), or the segment start when none does. */
static uint32_t segment_modal_clause(const struct seg_doc *d, uint32_t p, uint32_t end)
{
    for (uint32_t i = p; i < end && i - p < SEG_LOOKAHEAD && d->v.sh[i] != U'；'; i++)
        if ((i == p || d->v.sh[i - 1] == U'，') && clause_modal(d, i, end) > 0)
            return i;
    return p;
}


/* Questions (为什么必须…, 是否应…) put nothing forward. */
static bool asks(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    for (uint32_t i = b; i < e; i++)
        if (word_at(d, i, e, &question_list) > 0 &&
            !(i >= b + 2 && (seg_lit(d, i - 2, e, U"无论") || seg_lit(d, i - 2, e, U"不论"))))
            return true;    /* 无论如何 (in any case) asks nothing */
    return false;
}

/* Whether [b, e) opens a condition (若能立法…必须…, 如果公众利益需要…) or
 * reports a claim (声称是要…): what a modal then says depends on it, or
 * is someone else's, and puts nothing forward. */
static bool supposes(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    for (uint32_t i = b; i < e; i++) {
        if (!lex_cpmap_may(&condition_firsts, d->v.sh[i]))    /* most positions */
            continue;
        for (size_t k = 0; k < sizeof conditions / sizeof conditions[0]; k++)
            if (d->v.sh[i] == (uint32_t)conditions[k][0] && seg_lit(d, i, e, conditions[k]))
                return true;
    }
    return false;
}

/* 要求 + addressee right after a speech cue (…表示，要求小組…) puts the rest
 * forward, unless it asks for information (要求当局解释、澄清…): the length
 * up to the proposal, or 0. */
static uint32_t demands(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    static const char32_t *const answers[] = {ZH_DEMANDS_ANSWERS};

    if (!seg_lit(d, i, end, U"要求") || i + 2 >= end || seg_delim_at(d, i + 2))
        return 0;
    for (uint32_t j = i + 2; j < end && j < i + 10 && !seg_delim_at(d, j); j++)
        for (size_t k = 0; k < sizeof answers / sizeof answers[0]; k++)
            if (seg_lit(d, j, end, answers[k]))
                return 0;
    return 2;
}

/* A proposing verb addressed inside its clause (已向董事局建议扩大…,
 * 向政府要求…): the position where the proposal starts, or 0. */
static uint32_t addressed_proposal(const struct seg_doc *d, uint32_t p, uint32_t end)
{
    /* the first 向 of the clause's first six code points */
    const uint32_t reach = end - p > 6 ? p + 6 : end;
    const uint32_t i = seg_next_cp(d->v.sh, p, reach, U'向');

    if (i >= reach || seg_next_marked(d, p, i, CUE_AT_DELIM) < i)
        return 0;
    for (uint32_t j = i + 2; j < end && j < i + 14 && !seg_delim_at(d, j); j++) {
        uint32_t len = seg_proposing_verb(d, j, end);

        if (len == 0)
            len = demands(d, j, end);
        if (len > 0)
            return j + len;
    }
    return 0;
}

/* Whether position i stands inside a quotation in Cantonese: a “…” (「…」
 * in the shadow) holding one of the particles written only in Cantonese.
 * Bounded both ways, so a scan per modal stays linear. */
static bool in_cantonese_quote(const struct seg_doc *d, uint32_t lo, uint32_t hi, uint32_t i)
{
    const uint32_t reach = i - lo > SEG_LOOKAHEAD * 2 ? i - SEG_LOOKAHEAD * 2 : lo;
    uint32_t open = i, depth = 0;

    /* back from i to the “ that opens its quotation: only quotation marks
     * count, and the cue map marks them */
    for (uint32_t j = i, q; (q = seg_prev_marked(d, reach, j, CUE_AT_QUOTE)) < j; j = q) {
        uint32_t c = d->v.sh[q];

        if (c == U'”')
            depth++;
        else if (c == U'“' && depth-- == 0) {
            open = q;
            break;
        }
    }
    if (open == i)
        return false;
    for (uint32_t j = open + 1; j < hi && j - open < SEG_LOOKAHEAD * 4 && d->v.sh[j] != U'”'; j++)
        if (lex_cpmap_may(&cantonese_particles, d->v.cp[j]))
            return true;
    return false;
}

/* In Cantonese 要 and 需要 are the ordinary verbs want, need, take (time):
 * the modal of the clause at p, inside a Cantonese quotation, puts nothing
 * forward (「點解一定要起天橋？」, 「內地要諗下」). 應該 and 唔應該 still do. */
static bool cantonese_want(const struct seg_doc *d, const struct seg_para *pa, uint32_t p, uint32_t end)
{
    for (uint32_t m = p; m < end && m - p < 6 && !seg_delim_at(d, m); m++)
        if (modal_at(d, m, end) > 0)
            return (d->v.sh[m] == U'要' || seg_lit(d, m, end, U"需要")) &&
                   in_cantonese_quote(d, pa->b, pa->e, m);
    return false;
}

/* Where the modal of the clause opening at i stands, or i when none: a
 * third party before it (有意見認為檢控官應…) is quoted, one after it
 * (应当理解总书记阐述的…) is what the advice is about. */
static uint32_t clause_modal_at(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    for (uint32_t m = i; m < end && !seg_delim_at(d, m); m++)
        if (modal_at(d, m, end) > 0)
            return m;
    return i;
}

/* Where the clause after the one starting at i (before end) starts: past
 * the next delimiter, or end. The cue map marks the delimiters. */
static uint32_t next_clause(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    uint32_t delim = seg_next_marked(d, i, end, CUE_AT_DELIM);

    return delim < end ? delim + 1 : end;
}

/* Items of one remark sentence of one speaker, from its content start cs. */
bool seg_sentence_items(struct seg_doc *d, const struct seg_sent *s, int who, uint32_t cs,
                        bool after_proposing, struct enum_state *es)
{
    return seg_sentence_items_until(d, s, s->e, who, cs, after_proposing, es);
}

/* Items of sentence s up to end only: the part one speaker of a sentence
 * of several says (甲指出…；乙指出…). */
bool seg_sentence_items_until(struct seg_doc *d, const struct seg_sent *s, uint32_t end, int who,
                              uint32_t cs, bool after_proposing, struct enum_state *es)
{
    const uint32_t para = s->para;
    struct open_item it = {false, 0, {SEG_RULE_ITEM_ENUMERATION, 0, 0}};
    bool list_mode = false, segment_start = true, first_clause = true, marker_seen = false;
    bool any_modal = false;
    const size_t sent_index = (size_t)(s - d->sents);

    if (es->person != who) {
        seg_finish_list(d, es);
        es->person = who;
        es->active = false;
        es->last = 0;
    }
    /* each clause: cs, each position after a delimiter, and end */
    for (uint32_t i = cs; i <= end; i = next_clause(d, i, end)) {
        uint32_t p, len, m, modal;
        int ord;

        if (i > cs && d->v.sh[i - 1] == U'；') {    /* ； ends a segment */
            if (!es->active && !close_item(d, &it, who, para, i - 1))
                return false;
            segment_start = true;
            first_clause = true;
        }
        if (i == end)
            break;
        p = seg_skip_markup(d, i, end);
        if ((len = marker_at(d, p, end, &ord)) > 0) {
            if (it.open && i > cs && d->v.sh[i - 1] == U'：' && announces_list(d, it.b, i))
                it.open = false;    /* an announcement frame (…以下四个方面发力：) */
            if (!close_item(d, &it, who, para, i > cs ? i - 1 : i))
                return false;
            if (ord == 1 || ord != es->last + 1) {
                uint32_t wb = p > ANNOUNCE_REACH ? p - ANNOUNCE_REACH : 0, at = 0;
                int a = list_announcement(d, wb, p);

                seg_finish_list(d, es);
                es->announced = announced_count(d, p > COUNT_REACH ? p - COUNT_REACH : 0, p, &at);
                es->announce_b = at;
                es->announce_e = p;

                es->valid = a > 0 || clause_modal(d, p + len, end) > 0 ||
                            (a == 0 && ord > 1 && es->valid);
            }
            es->short_items = ord > 1 && ord == es->last + 1 && p <= seg_skip_markup(d, s->b, end) &&
                              es->marker_sent + 1 == sent_index;
            es->active = es->valid;
            es->last = ord ? ord : es->last + 1;
            es->marker_sent = sent_index;
            marker_seen = true;
            if (es->valid)
                it = (struct open_item){true, p, {SEG_RULE_ITEM_ENUMERATION, p, p + len}};
            segment_start = first_clause = false;
            continue;
        }
        modal = clause_modal(d, p, end);
        any_modal |= modal > 0;
        if (es->active || (it.open && !segment_start))
            continue;
        if (it.open && segment_start && list_mode) {
            if (!close_item(d, &it, who, para, i - 1))
                return false;
        }
        if (it.open)
            continue;
        if ((len = seg_proposing_verb(d, p, end)) > 0 || (p == cs && (len = demands(d, p, end)) > 0)) {
            it = (struct open_item){true, p + len, {SEG_RULE_ITEM_PROPOSAL_VERB, p, p + len}};
            list_mode = true;
        } else if ((len = addressed_advice(d, p, end)) > 0) {
            it = (struct open_item){true, p + len, {SEG_RULE_ITEM_ADDRESSED_ADVICE, p, p + len}};
        } else if (p == cs && after_proposing) {
            it = (struct open_item){true, p, {SEG_RULE_ITEM_AFTER_PROPOSAL, p, p}};
            list_mode = true;
        } else if (segment_start && list_mode) {
            it = (struct open_item){true, segment_modal_clause(d, p, end),
                                    {SEG_RULE_ITEM_LIST_SEGMENT, p, p}};
        } else if ((len = modal) > 0) {
            if (!cantonese_want(d, &d->paras[para], p, end)) {
                it = (struct open_item){true, p, {SEG_RULE_ITEM_MODAL_CLAUSE, p, p + len}};
                list_mode = true;
            }
        } else {
            uint32_t addressed = addressed_proposal(d, p, end);
            const uint32_t clause_e = seg_next_marked(d, p, end, CUE_AT_DELIM);

            if (addressed > 0) {
                it = (struct open_item){true, addressed,
                                        {SEG_RULE_ITEM_ADDRESSED_PROPOSAL, p, addressed}};
                list_mode = true;
            }
            /* a modal inside the clause (at its start, clause_modal found none) */
            for (m = seg_next_marked(d, p + 1, clause_e, CUE_AT_MODAL); m < clause_e && !it.open;
                 m = seg_next_marked(d, m + 1, clause_e, CUE_AT_MODAL))
                if ((len = modal_here(d, m, end)) > 0) {
                    if (!asks(d, p, m) && !supposes(d, p, m) &&
                        !cantonese_want(d, &d->paras[para], m, end))
                        it = (struct open_item){true, past_first_person(d, past_clause_cue(d, p, end), m),
                                                {SEG_RULE_ITEM_MODAL_INSIDE, m, m + len}};
                    list_mode = it.open;
                    break;
                }
        }
        if (it.open && quotes_third_party(d, it.b > cs + SEG_LOOKAHEAD ? it.b - SEG_LOOKAHEAD : cs,
                                          clause_modal_at(d, it.b, end) + 1)) {
            it.open = false;
            list_mode = false;
        }
        segment_start = first_clause = false;
    }
    /* a narrative sentence after one-sentence items closes the list, so a
     * later 要… is an item of its own (…三是加强交流。X是平台。要以此为依托…) */
    if (es->active && es->short_items && !marker_seen && !any_modal)
        es->active = false;
    return close_item(d, &it, who, para, end);
}
