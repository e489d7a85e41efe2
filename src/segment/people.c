/* The gazetteer (people named with a part in the event) and the mentions of
 * them: full names, surname + honorific (徐教授) and 他/她.
 *
 * People come from three title-anchored patterns, which need no open-domain
 * name recogniser: AFFIL TITLE NAME (副院長徐康寧), AFFIL NAME TITLE
 * (某某大学林志远教授) and, in attendee lists whose other items are
 * anchored, AFFIL NAME with the surname as the anchor (…庨L陳立). */
#include <pthread.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "segment/zh_words.h"
#include "segment/lex.h"
#include "segment/seg_internal.h"

#define MAX_AFFIL 128          /* code points of unit + title before a name */

enum strength { BOUND_NONE, BOUND_WEAK, BOUND_STRONG };

/* Last characters of a unit's name (纪委办, 党总支), which no name ends
 * with. */
#define UNIT_LAST_CHARS U"部局处委院校所室办厅会社系组团支市县省镇乡村"
/* Characters that words opening a clause before an affiliation start with
 * (skip_lead_words). */
#define LEAD_FIRST_CHARS U"出参与分主以其包邀特会由有如及在对向请并是为据听同此另来还当随之最首接但而受"

/* Cues of a byline or credit before a name (记者 X). */
static const char32_t *const byline_cues[] = {ZH_BYLINE_CUES};
/* What precedes these is not the unit of the affiliation after them. */
#define AFFIL_BY U"由率"
static const char32_t *const affil_frames[] = {ZH_AFFIL_FRAMES};    /* 發起人之一新民主同盟X */
/* Forms of address that stand for a member of the public's name. */
static const char32_t *const public_forms[] = {ZH_PUBLIC_FORMS};
/* Honours written between a post and a name (总会长拿督斯里X), longest
 * first. */
static const char32_t *const honours[] = {ZH_PRENOMINAL_HONOURS};
/* Words that make a sentence about taking part (参加, 出席…). */
static const char32_t *const part_words[] = {ZH_SENTENCE_HAS_CUE_UNCACHED_PART_WORDS};

/* The last code points of the lists above (the first, for the forms of
 * address), built once: a scan looks at one map before trying a list
 * where no word of it can end (or start). */
static struct {
    struct lex_cpmap byline, affil_frame, public_form, part_word, honour_first, honour_last;
    struct lex_cpmap unit_last;    /* UNIT_LAST_CHARS */
    struct lex_cpmap lead_first;   /* LEAD_FIRST_CHARS */
} ends;
static pthread_once_t ends_once = PTHREAD_ONCE_INIT;

/* What a BMP code point may be to the rules that find people, as bits of
 * one table: the scans below (struct people_scan) read one class per
 * position instead of asking several lexicon filters there. */
enum anchor_bit {
    ANCHOR_HONOUR,         /* first character of an honour (拿督) */
    ANCHOR_SURNAME,        /* may start a surname, single or compound */
    ANCHOR_TRANSLIT,       /* a transcription character */
    ANCHOR_TITLE,          /* may start a title (prefix or head) */
    ANCHOR_NAME_NEXT,      /* may end a title or honour, or is （…）'s close:
                            * a title-anchored name may follow it */
    ANCHOR_NAME_OPENS,     /* a name may start after it: a clause
                            * delimiter, 、, ） or a unit's end */
    ANCHOR_DOT,            /* a name dot (拉末·安南) */
    ANCHOR_PUBLIC_FORM,    /* may start a form of address (先生) */
    ANCHOR_DE,             /* 的 */
    ANCHOR_PRONOUN,        /* 他, 她 */
    ANCHOR_LIST_CUE,       /* may start a list cue (出席, 发言, 主持) */
};
#define ANCHOR(bit) ((uint16_t)(1u << (bit)))
/* Whether class cls has bit, as 0 or 1: marks combine these with & and |,
 * without a branch, so that their loops run on several positions at once. */
#define HAS(cls, bit) (((unsigned)(cls) >> (bit)) & 1u)
static uint16_t anchor_class[0x10000];
/* The BMP code points where a mention of someone may start whoever the
 * people are (a surname, 他, 她): seg_find_mentions adds the first
 * characters of the names it looks for. */
static uint8_t mention_starts[0x10000 / 8];

static bool is_clause_delim(uint32_t c);
static bool ends_unit(uint32_t c);
static bool name_dot(uint32_t c);

static void anchor_classes_build(void)
{
    for (uint32_t c = 0; c < 0x10000; c++) {
        uint16_t bits = 0;

        if (lex_cpmap_may(&ends.honour_first, c))
            bits |= ANCHOR(ANCHOR_HONOUR);
        if (lex_may_start_any(LEX_BIT(LEX_SURNAME) | LEX_BIT(LEX_COMPOUND_SURNAME), c))
            bits |= ANCHOR(ANCHOR_SURNAME);
        if (lex_has(LEX_TRANSLIT, c))
            bits |= ANCHOR(ANCHOR_TRANSLIT);
        if (lex_may_start_any(LEX_BIT(LEX_TITLE_PREFIX) | LEX_BIT(LEX_TITLE_HEAD), c))
            bits |= ANCHOR(ANCHOR_TITLE);
        if (lex_may_end(LEX_TITLE_HEAD, c) || c == U'长' || c == U'）' ||
            lex_cpmap_may(&ends.honour_last, c))
            bits |= ANCHOR(ANCHOR_NAME_NEXT);
        if (is_clause_delim(c) || c == U'、' || c == U'）' || ends_unit(c))
            bits |= ANCHOR(ANCHOR_NAME_OPENS);
        if (name_dot(c))
            bits |= ANCHOR(ANCHOR_DOT);
        if (lex_cpmap_may(&ends.public_form, c))
            bits |= ANCHOR(ANCHOR_PUBLIC_FORM);
        if (c == U'的')
            bits |= ANCHOR(ANCHOR_DE);
        if (c == U'他' || c == U'她')
            bits |= ANCHOR(ANCHOR_PRONOUN);
        if (lex_may_start_any(LEX_BIT(LEX_LIST_END) | LEX_BIT(LEX_SPOKE) | LEX_BIT(LEX_HOST), c))
            bits |= ANCHOR(ANCHOR_LIST_CUE);
        anchor_class[c] = bits;
        if (bits & (ANCHOR(ANCHOR_SURNAME) | ANCHOR(ANCHOR_PRONOUN)))
            mention_starts[c >> 3] |= (uint8_t)(1u << (c & 7));
    }
}

/* Outside the BMP every bit is set: the rules' own tests then decide. */
static inline unsigned anchor_class_of(uint32_t c)
{
    return c < 0x10000 ? anchor_class[c] : 0xFFFFu;
}

static void ends_build(void)
{
    lex_cpmap_add_lasts(&ends.byline, byline_cues, sizeof byline_cues / sizeof byline_cues[0]);
    lex_cpmap_add_lasts(&ends.affil_frame, affil_frames, sizeof affil_frames / sizeof affil_frames[0]);
    lex_cpmap_add_chars(&ends.affil_frame, AFFIL_BY);
    lex_cpmap_add_firsts(&ends.public_form, public_forms, sizeof public_forms / sizeof public_forms[0]);
    lex_cpmap_add_firsts(&ends.part_word, part_words, sizeof part_words / sizeof part_words[0]);
    lex_cpmap_add_firsts(&ends.honour_first, honours, sizeof honours / sizeof honours[0]);
    lex_cpmap_add_lasts(&ends.honour_last, honours, sizeof honours / sizeof honours[0]);
    lex_cpmap_add_chars(&ends.unit_last, UNIT_LAST_CHARS);
    lex_cpmap_add_chars(&ends.lead_first, LEAD_FIRST_CHARS);
    anchor_classes_build();
}

/* Surnames that are also everyday word characters (公司, 国家…; the list is
 * generated): a candidate starting with one needs more evidence. */
static bool weak_surname(uint32_t c)
{
    return lex_has(LEX_WEAK_SURNAME, c);
}

static bool is_clause_delim(uint32_t c)
{
    if (seg_in_cjk_span(c))    /* Han, most text, is none */
        return false;
    return c == U'，' || c == U'。' || c == U'；' || c == U'：' || c == U'！' ||
           c == U'？' || c == '\n' || c == U'“' || c == U'”' || c == '?' || c == ' ' ||
           c == '*' || c == '|' || c == '>' || c == U'—' || c == U'【' || c == U'】';
}


/* Length of the surname at s (compound first), 0 if none. Inline: it is
 * asked at nearly every position by three passes, and the call cost more
 * than the table reads. */
static inline unsigned surname_at(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    uint32_t c;

    if (i >= end)
        return 0;
    c = d->v.sh[i];
    if (!lex_may_start_any(LEX_BIT(LEX_SURNAME) | LEX_BIT(LEX_COMPOUND_SURNAME), c))
        return 0;
    if (i + 2 <= end && lex_exact(LEX_COMPOUND_SURNAME, d->v.sh + i, 2))
        return 2;
    return lex_has(LEX_SURNAME, c) ? 1 : 0;
}

/* Whether sh[b, b+len) is written at least twice in the document. Each
 * call scans the document, so calls draw on a per-document budget; once it
 * is spent nothing more is confirmed (deterministic, and linear overall). */
static bool written_twice(const struct seg_doc *d, uint32_t b, uint32_t len)
{
    unsigned n = 0;

    if (d->scans_left == NULL || *d->scans_left == 0)
        return false;
    --*d->scans_left;
    for (uint32_t i = 0; i + len <= d->v.n && n < 2; i++) {
        i = seg_next_cp(d->v.sh, i, d->v.n - len + 1, d->v.sh[b]);    /* to the next first character */
        if (i + len > d->v.n)
            break;
        n += memcmp(d->v.sh + i, d->v.sh + b, len * 4) == 0;
    }
    return n >= 2;
}

/* What stands for a candidate name besides its spelling. */
enum name_evidence {
    EVIDENCE_TITLE,        /* a title right before it */
    EVIDENCE_TITLE_WEAK,   /* a title, but the surname is an everyday word */
    EVIDENCE_NONE,         /* list item, courtesy title after, cue after */
};

/* veto: refuse a candidate spelled like a common word (全体, 周密); a title
 * before the name is evidence enough to skip it. */
static bool valid_name_veto(const struct seg_doc *d, uint32_t b, uint32_t len, uint32_t end,
                            enum name_evidence ev)
{
    bool veto = ev != EVIDENCE_TITLE;

    unsigned sl;

    if (len < 2 || len > 4 || b + len > end)
        return false;
    sl = surname_at(d, b, end);
    if (sl == 0 || sl >= len)
        return false;
    for (uint32_t i = b; i < b + len; i++) {
        if (!seg_is_han(d->v.cp[i]) || (d->v.flag[i] & FLAG_MOJIBAKE))
            return false;
        if (i >= b + sl && lex_has(LEX_NOT_GIVEN, d->v.sh[i]))
            return false;
    }
    /* 都能够, 但政府: a given name is no frequent function or content word */
    if (len == sl + 2 && lex_exact(LEX_NOT_GIVEN_WORD, d->v.sh + b + sl, 2))
        return false;
    /* …nor the first half of one (都能 before 够) */
    if (len == sl + 1 && b + len < end && lex_exact(LEX_NOT_GIVEN_WORD, d->v.sh + b + sl, 2))
        return false;
    /* 秦刚说, 潘金娥说: a one-character speech verb ends the name, it is
     * not its last character */
    if (len > sl + 1 && (lex_has(LEX_SAY, d->v.sh[b + len - 1]) ||
                         seg_cp_in(d->v.sh[b + len - 1], U"做作")))    /* 姚郁做总结发言 */
        return false;
    /* 徐教授, 王院长: a surname with an honorific is a reference, not a name;
     * nor is 謝先 the name in 謝先生 */
    if (lex_longest(LEX_HONORIFIC, d->v.sh + b + sl, len - sl) == len - sl ||
        lex_longest(LEX_HONORIFIC, d->v.sh + b + sl, end - b - sl) >= 2)
        return false;
    /* four characters only as a compound surname or two surnames (歐陽慧明),
     * and only where a title anchors the start */
    /* 潘氏碧红: Vietnamese women's names put 氏 after the surname, so four
     * characters are common there */
    if (len == 4 && sl == 1 && d->v.sh[b + 1] == U'氏')
        return !veto || !lex_exact(LEX_NOT_NAME, d->v.sh + b, len);
    if (len == 4 && sl == 1 && (veto || !lex_has(LEX_SURNAME, d->v.sh[b + 1])))
        return false;
    /* without a title before it, a candidate must not look like a unit
     * (纪委办, 党总支) or start with a surname that is an everyday word (和, 全) */
    if (lex_cpmap_may(&ends.unit_last, d->v.sh[b + len - 1]))
        return false;
    if (ev == EVIDENCE_NONE && weak_surname(d->v.sh[b]))
        return false;
    if (len == 4 && sl == 1 && !written_twice(d, b, len))
        return false;    /* 沙龙举办 is no double surname unless written again */
    /* 姚郁做总结发言: 做/作 opening a cue ends the name */
    if (len > sl + 1 && seg_cp_in(d->v.sh[b + len - 1], U"做作") &&
        (lex_longest(LEX_SUMMARY, d->v.sh + b + len, end - b - len) >= 2 ||
         lex_longest(LEX_SPOKE, d->v.sh + b + len, end - b - len) >= 2 ||
         lex_longest(LEX_TOPIC, d->v.sh + b + len, end - b - len) >= 2))
        return false;
    if (len == 4 && sl == 2)
        return true;
    return !veto || !lex_exact(LEX_NOT_NAME, d->v.sh + b, len);
}

static bool valid_name(const struct seg_doc *d, uint32_t b, uint32_t len, uint32_t end)
{
    return valid_name_veto(d, b, len, end, EVIDENCE_NONE);
}

#define STRONG_KINDS                                                                          \
    (LEX_BIT(LEX_SAY) | LEX_BIT(LEX_PROPOSE) | LEX_BIT(LEX_TOPIC) | LEX_BIT(LEX_SPOKE) |      \
     LEX_BIT(LEX_SUMMARY) | LEX_BIT(LEX_HOST) | LEX_BIT(LEX_LIST_END) |                       \
     LEX_BIT(LEX_NAME_FOLLOW) | LEX_BIT(LEX_HONORIFIC) | LEX_BIT(LEX_TITLE_HEAD) |            \
     LEX_BIT(LEX_GROUP))

static enum strength boundary_at(const struct seg_doc *d, uint32_t p, uint32_t end)
{
    static const enum lex_kind strong_kinds[] = {
        LEX_SAY, LEX_PROPOSE, LEX_TOPIC, LEX_SPOKE, LEX_SUMMARY, LEX_HOST, LEX_LIST_END,
        LEX_NAME_FOLLOW, LEX_HONORIFIC, LEX_TITLE_HEAD, LEX_GROUP,
    };
    const uint32_t *s = d->v.sh + p;
    size_t n = end - p;
    bool single = false;

    if (p >= end || !seg_is_han(d->v.cp[p]))
        return BOUND_STRONG;
    if (!lex_may_start_any(STRONG_KINDS, s[0]))
        return BOUND_NONE;
    for (size_t k = 0; k < sizeof strong_kinds / sizeof strong_kinds[0]; k++) {
        unsigned len = lex_longest(strong_kinds[k], s, n);

        if (len >= 2)
            return BOUND_STRONG;
        single |= len == 1;
    }
    return single ? BOUND_WEAK : BOUND_NONE;
}

/* A speech or list verb right after a candidate (幹事葉曉晴表示). */
static bool speech_follows(const struct seg_doc *d, uint32_t p, uint32_t end)
{
    static const enum lex_kind verbs[] = {LEX_SAY, LEX_PROPOSE, LEX_SPOKE, LEX_LIST_END, LEX_HOST};

    for (size_t k = 0; k < sizeof verbs / sizeof verbs[0]; k++)
        if (lex_longest(verbs[k], d->v.sh + p, end - p) >= 2)
            return true;
    return false;
}

/* A courtesy title of two or more characters right after a candidate
 * (教授时某同志, 主任时某先生): a name is being addressed. */
static bool courtesy_follows(const struct seg_doc *d, uint32_t p, uint32_t end)
{
    return p < end && lex_longest(LEX_HONORIFIC, d->v.sh + p, end - p) >= 2;
}

/* Name length at b when something anchors its start (a title before it, a
 * list item), decided by what follows: 0 if no length fits. */
static uint32_t name_len_forward(const struct seg_doc *d, uint32_t b, uint32_t end,
                                 enum name_evidence ev)
{
    unsigned sl = surname_at(d, b, end);
    uint32_t lens[3] = {sl + 1, sl + 2, sl == 1 ? 4 : 0};
    enum strength want[2] = {BOUND_STRONG, BOUND_WEAK};
    /* whether each length spells a name, and the boundary after it: asked
     * once, in the first round, and read again by the second */
    int fits[3] = {-1, -1, -1};
    enum strength bound[3] = {BOUND_NONE, BOUND_NONE, BOUND_NONE};
    bool weak;

    if (sl == 0)
        return 0;
    /* a surname that is also an everyday word (规划师全覆盖) needs a clear
     * end and a second mention */
    weak = weak_surname(d->v.sh[b]);
    for (int w = 0; w < (weak ? 1 : 2); w++)
        for (int k = 0; k < 3; k++) {
            if (lens[k] == 0)
                continue;
            if (fits[k] < 0 && (fits[k] = valid_name_veto(d, b, lens[k], end, ev)))
                bound[k] = boundary_at(d, b + lens[k], end);
            if (fits[k] && bound[k] >= want[w] &&
                (!weak || speech_follows(d, b + lens[k], end) ||
                 courtesy_follows(d, b + lens[k], end) || written_twice(d, b, lens[k])))
                return lens[k];
        }
    return 0;
}

/* Start of a title (prefixes + head) ending at e, or e when there is none. */
static uint32_t title_before(const struct seg_doc *d, uint32_t lo, uint32_t e)
{
    uint32_t t = e;

    /* most positions end no title: one look at the last character decides */
    if (e == lo || (!lex_may_end(LEX_TITLE_HEAD, d->v.sh[e - 1]) && d->v.sh[e - 1] != U'长'))
        return e;
    for (uint32_t len = 6; len >= 2 && t == e; len--)
        if (e >= lo + len && lex_exact(LEX_TITLE_HEAD, d->v.sh + e - len, len))
            t = e - len;
    /* …长 is productive after a unit character: 院长, 处长, 庭长 */
    if (t == e && e >= lo + 2 && d->v.sh[e - 1] == U'长' &&
        seg_cp_in(d->v.sh[e - 2], U"院校部局处科所市省县区厅社行会馆站队组团室股段镇乡村州司署庭台系场厂"))
        t = e - 2;
    if (t == e)
        return e;
    for (int rounds = 0; rounds < 4; rounds++) {
        uint32_t before = t;

        for (uint32_t len = 3; len >= 1 && t == before; len--)
            if (t >= lo + len && lex_exact(LEX_TITLE_PREFIX, d->v.sh + t - len, len))
                t -= len;
        if (t == before)
            break;
    }
    return t;
}

/* Title starting at b: its length, or 0. */
static uint32_t title_at(const struct seg_doc *d, uint32_t b, uint32_t end)
{
    uint32_t t = b;

    for (int rounds = 0; rounds < 3; rounds++) {
        unsigned len = lex_longest(LEX_TITLE_PREFIX, d->v.sh + t, end - t);

        if (len == 0 || lex_longest(LEX_TITLE_HEAD, d->v.sh + t, end - t) >= len)
            break;
        t += len;
    }
    {
        unsigned len = lex_longest(LEX_TITLE_HEAD, d->v.sh + t, end - t);

        if (len < 2)
            return 0;
        return t + len - b;
    }
}

/* title_before, also across a bracketed second post (副校长（副院长）谢某)
 * or portfolio (副署長（環境基建）X):
 * the start of the first title, or e when there is none. */
static uint32_t title_before_bracket(const struct seg_doc *d, uint32_t lo, uint32_t e)
{
    uint32_t t = title_before(d, lo, e), open;

    if (t < e || e < lo + 4 || d->v.sh[e - 1] != U'）')
        return t;
    for (open = e - 1; open > lo && e - open < 12 && d->v.sh[open - 1] != U'（'; open--)
        ;
    if (open <= lo || d->v.sh[open - 1] != U'（')
        return e;
    /* 副署長（環境基建）X: a portfolio in brackets after the post, Han only */
    if (title_at(d, open, e - 1) != e - 1 - open)
        for (uint32_t k = open; k < e - 1; k++)
            if (!seg_is_han(d->v.cp[k]))
                return e;
    t = title_before(d, lo, open - 1);
    return t < open - 1 ? t : e;
}

/* The filter of title_at, inline: it is asked at most positions and most
 * start no title. */
static inline uint32_t title_after(const struct seg_doc *d, uint32_t b, uint32_t end)
{
    if (b >= end || !lex_may_start_any(LEX_BIT(LEX_TITLE_PREFIX) | LEX_BIT(LEX_TITLE_HEAD), d->v.sh[b]))
        return 0;
    return title_at(d, b, end);
}

/* Words that open a clause before an affiliation and are not part of it. */
static uint32_t skip_lead_words(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    static const char32_t *const leads[] = {ZH_SKIP_LEAD_WORDS_LEADS};

    for (int rounds = 0; rounds < 4; rounds++) {
        uint32_t len = 0;

        if (b >= e || !lex_cpmap_may(&ends.lead_first, d->v.sh[b]))
            break;
        for (size_t k = 0; k < sizeof leads / sizeof leads[0] && len == 0; k++)
            len = seg_lit(d, b, e, leads[k]);
        if (len == 0 || b + len >= e)
            break;
        b += len;
    }
    return b;
}

static bool is_byline_before(const struct seg_doc *d, uint32_t lo, uint32_t b)
{
    uint32_t e = b;

    while (e > lo && (seg_is_space(d->v.cp[e - 1]) || d->v.sh[e - 1] == U'：'))
        e--;
    if (e == lo || !lex_cpmap_may(&ends.byline, d->v.sh[e - 1]))
        return false;    /* no cue ends here */
    for (size_t k = 0; k < sizeof byline_cues / sizeof byline_cues[0]; k++)
        for (uint32_t len = 2; len <= 3; len++)
            if (e >= lo + len && seg_lit(d, e - len, e, byline_cues[k]) == len)
                return !(e > lo + len && (d->v.sh[e - len - 1] == U'总' ||
                                          d->v.sh[e - len - 1] == U'副' ||
                                          d->v.sh[e - len - 1] == U'主' ||
                                          /* 执行编辑: a post, not a credit */
                                          (e >= lo + len + 2 &&
                                           lex_exact(LEX_TITLE_PREFIX, d->v.sh + e - len - 2, 2))));
    return false;
}

/* Whether the 、-separated segment ending at e starts with a quantifier
 * (多位新闻学者、…): a description of others, not a post of this person. */
static bool describes_others(const struct seg_doc *d, uint32_t lo, uint32_t e)
{
    uint32_t b = e;

    while (b > lo && !is_clause_delim(d->v.sh[b - 1]) && d->v.sh[b - 1] != U'、' && e - b < MAX_AFFIL)
        b--;
    return seg_cp_in(d->v.sh[b], U"多各众诸数") || seg_lit(d, b, e, U"一些") ||
           seg_lit(d, b, e, U"若干") || seg_lit(d, b, e, U"部分") || seg_lit(d, b, e, U"其他");
}

/* Whether the 、-segment ending at e is an earlier item of a list of
 * people: a title head followed by two to four characters of a name
 * (院长司伟、…, 教授中川凉司、…), whether or not that name was recognised.
 * A title alone before the 、 (党委副书记、副院长) is a second post. */
static bool ends_titled_name(const struct seg_doc *d, uint32_t lo, uint32_t e)
{
    for (uint32_t len = 2; len <= 4 && e >= lo + len; len++) {
        uint32_t nb = e - len, tb = nb;

        if (!seg_is_han(d->v.cp[nb]) || lex_longest(LEX_TITLE_HEAD, d->v.sh + nb, len) >= 2 ||
            lex_longest(LEX_TITLE_PREFIX, d->v.sh + nb, len) > 0)
            return false;    /* a name holds no post (会副主任、 is a post) */
        if (len < 4 && surname_at(d, nb, e) == 0)
            continue;    /* only a foreign name may start without a surname */
        if (tb > lo && d->v.sh[tb - 1] == U'）')    /* 副校长（副院长）谢春涛、 */
            while (tb > lo && nb - tb < 12 && d->v.sh[tb - 1] != U'（')
                tb--;
        if (tb > lo && d->v.sh[tb - 1] == U'（')
            tb--;
        else
            tb = nb;
        if (title_before(d, lo, tb) < tb)
            return true;
    }
    return false;
}

/* 分管日常工作的副部长, 负责…工作的主任: a 的 after a phrase of
 * responsibility belongs to the post, not to a description before it. */
static bool duty_de(const struct seg_doc *d, uint32_t lo, uint32_t de)
{
    static const char32_t *const duties[] = {ZH_DUTY_DE_DUTIES};

    for (uint32_t j = de; j > lo && de - j < 16 && !is_clause_delim(d->v.sh[j - 1]); j--)
        for (size_t k = 0; k < sizeof duties / sizeof duties[0]; k++)
            if (j - 1 > lo && seg_lit(d, j - 2, de, duties[k]) == 2)
                return true;
    return false;
}

/* Position just past the close of the quote that closes at i - 1 (“…” or
 * 《…》 read backwards), or i when it opens before lo: a programme or a
 * title quoted inside a unit's name (教育部…“思想道德与法治”分教学指导委员会). */
static uint32_t quote_open_before(const struct seg_doc *d, uint32_t lo, uint32_t i)
{
    uint32_t close = d->v.sh[i - 1], open = close == U'”' ? U'“' : U'《';

    for (uint32_t j = i - 1; j > lo && i - j < MAX_AFFIL; j--) {
        if (d->v.sh[j - 1] == open)
            return j - 1;
        if (is_clause_delim(d->v.sh[j - 1]) && d->v.sh[j - 1] != U'“' && d->v.sh[j - 1] != U'”')
            break;
    }
    return i;
}

/* Start of the affiliation that ends at e (exclusive): back to a clause
 * delimiter, the previous person, or a 的 that joins a description. */
static uint32_t affil_start(const struct seg_doc *d, uint32_t lo, uint32_t e, uint32_t last_end)
{
    uint32_t i = e;
    const bool after_person = last_end > lo;

    if (last_end > lo)
        lo = last_end;
    while (i > lo && e - i < MAX_AFFIL) {
        uint32_t c = d->v.sh[i - 1];

        if (c == U'”' && i - 1 > lo) {    /* a quote inside the unit's name */
            uint32_t open = quote_open_before(d, lo, i);

            if (open < i) {
                i = open;
                continue;
            }
        }
        if (c == U'的' && duty_de(d, lo, i - 1)) {
            i--;
            continue;
        }
        if (is_clause_delim(c) || (c == U'的' && !(i >= lo + 2 && d->v.sh[i - 2] == U'党')))
            break;    /* …的 joins a description, but 党的二十大 is a name */
        if (c == U'、' && (i - 1 == last_end || describes_others(d, lo, i - 1) ||
                                     ends_titled_name(d, lo, i - 1)))
            break;
        i--;
    }
    if (e - i >= MAX_AFFIL)
        return e;
    /* 主席甲同法国总统乙: 同 joins the second person to the first */
    if (after_person && i == last_end && i < e && d->v.sh[i] == U'同')
        i++;
    /* 活動由…主任, 座谈会由…, 講者前…專員: what precedes a framing word is
     * not the unit */
    for (uint32_t j = e; j > i; j--) {
        bool hit;

        if (!lex_cpmap_may(&ends.affil_frame, d->v.sh[j - 1]))
            continue;    /* neither 由/率 nor the end of a frame */
        hit = seg_cp_in(d->v.sh[j - 1], AFFIL_BY);
        for (size_t k = 0; k < sizeof affil_frames / sizeof affil_frames[0] && !hit && j > i + 1; k++) {
            uint32_t len = 0;

            while (affil_frames[k][len])
                len++;

            hit = j >= i + len && seg_lit(d, j - len, e, affil_frames[k]) == len;
        }
        if (hit) {
            i = j;
            break;
        }
    }
    i = skip_lead_words(d, i, e);
    /* （一）香港規劃師學會代表…: the number of a list item is not the unit */
    {
        uint32_t marker = seg_enum_marker_len(d, i, e);

        if (marker > 0 && i + marker < e)
            i = skip_lead_words(d, i + marker, e);
    }
    return i;
}

int seg_person_by_key(const struct seg_doc *d, const uint32_t *key, uint32_t len)
{
    for (size_t k = 0; k < d->n_people; k++) {
        const struct seg_iperson *p = &d->people[k];

        if (p->name_e - p->name_b == len &&
            memcmp(d->v.sh + p->name_b, key, len * sizeof *key) == 0)
            return (int)k;
    }
    return -1;
}

int seg_add_person(struct seg_doc *d, uint32_t nb, uint32_t ne, uint32_t ab, uint32_t ae,
                   uint32_t tb, uint32_t te, enum seg_rule rule)
{
    int k = seg_person_by_key(d, d->v.sh + nb, ne - nb);
    struct seg_iperson *p;

    if (k >= 0) {
        p = &d->people[k];
        if (ae - ab > p->aff_e - p->aff_b) {
            p->aff_b = ab;
            p->aff_e = ae;
            p->title_b = tb;
            p->title_e = te;
        }
        return k;
    }
    if (d->n_people == SEG_MAX_PEOPLE) {
        if (!d->people_capped)
            seg_warn(d, "cap", nb, ne);
        d->people_capped = true;
        return -1;
    }
    p = &d->people[d->n_people];
    memset(p, 0, sizeof *p);
    p->name_b = nb;
    p->name_e = ne;
    p->aff_b = ab;
    p->aff_e = ae;
    p->title_b = tb;
    p->title_e = te;
    p->surname_len = surname_at(d, nb, ne);
    /* the evidence is all the rule read: affiliation, title and name */
    p->why = (struct seg_why){rule, ae > ab && ab < nb ? ab : te > tb && tb < nb ? tb : nb,
                              te > ne ? te : ne};
    return (int)d->n_people++;
}

static bool push_remark(struct seg_iperson *p, const struct seg_iremark *r)
{
    struct seg_iremark *a = seg_grow(p->remarks, &p->cap_remarks, p->n_remarks, sizeof *a, 8);

    if (a == NULL)
        return false;
    p->remarks = a;
    p->remarks[p->n_remarks++] = *r;
    return true;
}

bool seg_add_remark(struct seg_doc *d, int who, const struct seg_sent *s, int cue_b, int cue_e,
                    enum seg_rule rule, bool extend)
{
    struct seg_iperson *p = &d->people[who];

    if (extend && p->n_remarks > 0) {
        struct seg_iremark *r = &p->remarks[p->n_remarks - 1];

        if (r->para == s->para) {
            r->e = s->e;
            return true;
        }
    }
    return push_remark(p, &(struct seg_iremark){s->para, s->b, s->e, cue_b, cue_e, rule});
}

/* Characters that end a unit name (大学, 学院, 中心…) and so may stand
 * directly before a name that a title follows. */
static bool ends_unit(uint32_t c)
{
    return lex_has(LEX_UNIT_END, c);
}

/* 某大學傳播學院的馮家樂提到: a name after UNIT的 counts only when
 * a cue or punctuation clearly ends it. */
static uint32_t unit_de_name(const struct seg_doc *d, uint32_t b, uint32_t end)
{
    unsigned sl = surname_at(d, b, end);

    if (sl == 0 || weak_surname(d->v.sh[b]))
        return 0;
    for (uint32_t len = sl + 1; len <= sl + 2; len++)
        if (valid_name(d, b, len, end) && boundary_at(d, b + len, end) == BOUND_STRONG)
            return len;
    return 0;
}

/* When nothing marks where a title-anchored name ends (委員會成員梁振宇今日…),
 * a candidate written again elsewhere in the report is taken, three
 * characters before two. */
static uint32_t name_len_repeated(struct seg_doc *d, uint32_t b, uint32_t end)
{
    unsigned sl = surname_at(d, b, end);

    for (uint32_t len = sl + 2; len >= sl + 1; len--) {
        if (!valid_name_veto(d, b, len, end, EVIDENCE_TITLE_WEAK) ||
            (len == 3 && lex_exact(LEX_NOT_NAME, d->v.sh + b, 2)))    /* 负责人高度重视 */
            continue;
        if (written_twice(d, b, len))
            return len;
    }
    return 0;
}

#define MAX_TRANSLIT 16        /* code points of a transcribed foreign name */

/* Length of a run of Chinese numerals at i (a regnal number: 三世). */
static uint32_t cn_number_len(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    uint32_t j = i;

    while (j < end && j - i < 3 && seg_cp_in(d->v.sh[j], U"一二三四五六七八九十"))
        j++;
    return j - i;
}

/* Whether c joins the parts of a transcribed name (汉斯—约瑟夫·费尔). */
static bool translit_joiner(uint32_t c)
{
    return seg_cp_in(c, U"·•‧・—-");
}

/* A middle dot between parts of a name (U+00B7 and its look-alikes): a
 * dash may also join transcribed parts, but it is punctuation too. */
static bool name_dot(uint32_t c)
{
    return !seg_in_cjk_span(c) && seg_cp_in(c, U"·•‧・");    /* Han first: most text */
}

#define MAX_NAME_PART 6    /* Han characters of one dot-joined part */

/* Length of the Han part at p that a name dot ends (拉末 in 拉末·安南), or
 * 0: the dot tells a transcribed name whatever its characters are, so
 * that 易卜拉欣 or 买买提, whose characters are also everyday ones, are
 * not cut off. */
static uint32_t dotted_part_len(const struct seg_doc *d, uint32_t p, uint32_t end)
{
    uint32_t e = p;

    while (e < end && e - p <= MAX_NAME_PART && seg_is_han(d->v.cp[e]))
        e++;
    return e > p && e - p <= MAX_NAME_PART && e < end && name_dot(d->v.sh[e]) ? e - p : 0;
}

/* Length of a dot-joined name at b (阿依古丽·买买提说), 0 if none: parts
 * joined by dots, the last one as short as a clear end after it allows. */
static uint32_t dotted_name_len(const struct seg_doc *d, uint32_t b, uint32_t end)
{
    uint32_t e = b, part;

    while ((part = dotted_part_len(d, e, end)) > 0)
        e += part + 1;
    if (e == b)
        return 0;
    /* a last part in transcription characters ends where they do (法依兹亦…) */
    for (part = 0; part < MAX_NAME_PART && e + part < end && lex_has(LEX_TRANSLIT, d->v.sh[e + part]);
         part++)
        ;
    if (part >= 2)
        return e + part - b < MAX_TRANSLIT ? e + part - b : 0;
    for (part = 1; part <= MAX_NAME_PART && e + part <= end && seg_is_han(d->v.cp[e + part - 1]);
         part++) {
        uint32_t after = e + part;
        enum strength bound = boundary_at(d, after, end);

        /* a one-character cue ends it where punctuation closes the cue
         * (易卜拉欣说，), not where it may begin a word (买买提围绕) */
        if (bound == BOUND_STRONG ||
            (bound == BOUND_WEAK && after + 1 < end && !seg_is_han(d->v.cp[after + 1])))
            return after - b < MAX_TRANSLIT ? after - b : 0;
    }
    return 0;
}

static uint32_t translit_run_len(const struct seg_doc *d, uint32_t b, uint32_t end);

/* Length of a transcribed foreign name at b (诺瓦克, 伊拉斯塔斯·姆温查, a
 * regnal number as in 图普三世), 0 if none. It is asked only where a title
 * ends, and must end where something a name may be followed by begins, or
 * be written again, so that a Chinese word made of the same characters
 * (特别) is not taken for one. */
static uint32_t translit_name_len(const struct seg_doc *d, uint32_t b, uint32_t end)
{
    uint32_t len = translit_run_len(d, b, end), dotted;

    /* a run that stops at a dot stopped at a part of other characters */
    if (len > 0 && (b + len >= end || !name_dot(d->v.sh[b + len])))
        return len;
    dotted = dotted_name_len(d, b, end);
    return dotted > 0 ? dotted : len;
}

/* translit_name_len on the transcription characters alone. */
static uint32_t translit_run_len(const struct seg_doc *d, uint32_t b, uint32_t end)
{
    uint32_t e = b, len;

    while (e < end && e - b < MAX_TRANSLIT) {
        if (lex_has(LEX_TRANSLIT, d->v.sh[e]))
            e++;
        else if (e > b && e + 1 < end && translit_joiner(d->v.sh[e]) &&
                 lex_has(LEX_TRANSLIT, d->v.sh[e + 1]))
            e += 2;
        else
            break;
    }
    if (e - b < 2 || e - b >= MAX_TRANSLIT)
        return 0;
    if (cn_number_len(d, e, end) > 0 && sh_is(d, e + cn_number_len(d, e, end), U'世'))
        e += cn_number_len(d, e, end) + 1;
    if (boundary_at(d, e, end) != BOUND_NONE)
        return e - b;
    /* the run may have taken the first character of what follows (…克特别):
     * a shorter name needs a clear end */
    for (len = e - b - 1; len >= 2; len--)
        if (!translit_joiner(d->v.sh[b + len - 1]) && boundary_at(d, b + len, end) == BOUND_STRONG)
            return len;
    return written_twice(d, b, e - b) ? e - b : 0;
}

/* Start of a foreign guest's affiliation [ab, tb): past the last word that
 * joins the guest to the host (丁某同保加利亚议会副议长, 为国王和王后).
 * tb + 1 when the clause only talks about the person: a topic marker opens
 * it (至于美国总统…) or a year dates it (1967年某国代表…提出). */
static uint32_t foreign_affil_start(const struct seg_doc *d, uint32_t ab, uint32_t tb)
{
    static const char32_t *const topics[] = {ZH_FOREIGN_AFFIL_START_TOPICS};

    for (size_t k = 0; k < sizeof topics / sizeof topics[0]; k++)
        if (seg_lit(d, ab, tb, topics[k]))
            return tb + 1;
    for (uint32_t j = ab; j < tb; j++)
        if (d->v.sh[j] >= '0' && d->v.sh[j] <= '9')
            return tb + 1;
    for (uint32_t j = tb; j > ab; j--)
        if (seg_cp_in(d->v.sh[j - 1], U"同和与为向跟"))
            return j;
    return ab;
}

/* Whether the title starting at tb follows a three-character name (习近平
 * 总书记强调, 王立新主席贺信), one the report writes again: it is that
 * person's post, and what comes after it is no name. A unit, a place or a
 * party ending there (清华大学党委书记, 江苏省省长) is an affiliation. */
static bool title_follows_name(const struct seg_doc *d, uint32_t lo, uint32_t tb)
{
    uint32_t last;

    if (tb < lo + 3)
        return false;
    last = d->v.sh[tb - 1];
    if (ends_unit(last) || seg_cp_in(last, U"省市县区州镇乡村国党"))
        return false;
    return valid_name(d, tb - 3, 3, tb) && written_twice(d, tb - 3, 3);
}

/* Length of the honour among honours[] that s[0..n) spells, or 0;
 * at_end: the honour ends at s + n, else it starts at s. */
static uint32_t honour_len(const struct seg_doc *d, uint32_t lo, uint32_t i, uint32_t end, bool at_end)
{
    for (size_t k = 0; k < sizeof honours / sizeof honours[0]; k++) {
        uint32_t len = 0;

        while (honours[k][len])
            len++;
        if (at_end ? i >= lo + len && seg_lit(d, i - len, i, honours[k]) == len
                   : seg_lit(d, i, end, honours[k]) == len)
            return len;
    }
    return 0;
}

/* Length of the honour that ends at e (after lo), or 0. Inline: asked at
 * every position, and one map look answers almost all. */
static inline uint32_t honour_before(const struct seg_doc *d, uint32_t lo, uint32_t e)
{
    if (e == lo || !lex_cpmap_may(&ends.honour_last, d->v.sh[e - 1]))
        return 0;
    return honour_len(d, lo, e, e, true);
}

/* Length of the honour that starts at i, or 0: what follows it is the name. */
static inline uint32_t honour_at(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    if (i >= end || !lex_cpmap_may(&ends.honour_first, d->v.sh[i]))
        return 0;
    return honour_len(d, i, i, end, false);
}

/* A document's positions as the passes over paragraphs see them: the
 * class of every code point, read once, and a row in which each pass marks
 * the positions where its rules may begin. A pass then visits only those
 * (memchr), instead of asking several lexicon filters at every position,
 * whose outcomes no branch predictor could guess. The marks are each
 * rule's own first demands, so a position left out is one where the rule
 * would have found nothing. */
struct people_scan {
    const uint16_t *cls;    /* d->name_cls */
    uint16_t *row;     /* one paragraph's classes, see paragraph_row() */
    uint8_t *cand;     /* 1 where the current pass may find someone */
};

#define ROW_BEFORE 5    /* classes kept before a paragraph: marks look 5 back */
#define ROW_AFTER 2     /* and after it: 2 ahead */

/* d->name_cls, made on first use: the people passes and the mentions read
 * it. NULL when out of memory. */
static const uint16_t *name_classes(struct seg_doc *d)
{
    if (d->name_cls == NULL && (d->name_cls = malloc((d->v.n + 1) * sizeof *d->name_cls)) != NULL)
        for (uint32_t i = 0; i < d->v.n; i++)
            d->name_cls[i] = (uint16_t)anchor_class_of(d->v.sh[i]);
    return d->name_cls;
}

static bool people_scan_init(struct people_scan *scan, struct seg_doc *d)
{
    scan->cls = name_classes(d);
    scan->row = malloc((d->v.n + ROW_BEFORE + ROW_AFTER) * sizeof *scan->row);
    scan->cand = malloc(d->v.n + 1);
    return scan->cls != NULL && scan->row != NULL && scan->cand != NULL;
}

static void people_scan_free(struct people_scan *scan)
{
    free(scan->row);
    free(scan->cand);
}

/* The classes of paragraph [lo, hi), as c[0, hi - lo) of the returned c,
 * with its edges read as the rules read them: before it (c[-5, 0)) a place
 * where a name may open but no title ends, after it (c[n], c[n + 1])
 * nothing. The marks then look at neighbours without a bound check, which
 * lets the compiler run them over several positions at once. */
static const uint16_t *paragraph_row(const struct people_scan *scan, uint32_t lo, uint32_t hi)
{
    uint16_t *row = scan->row;

    for (uint32_t k = 0; k < ROW_BEFORE; k++)
        row[k] = ANCHOR(ANCHOR_NAME_OPENS);
    memcpy(row + ROW_BEFORE, scan->cls + lo, (hi - lo) * sizeof *row);
    for (uint32_t k = 0; k < ROW_AFTER; k++)
        row[ROW_BEFORE + hi - lo + k] = 0;
    return row + ROW_BEFORE;
}

/* The first marked position in [from, hi), or hi. */
static inline uint32_t next_candidate(const struct people_scan *scan, uint32_t from, uint32_t hi)
{
    const uint8_t *at = from < hi ? memchr(scan->cand + from, 1, hi - from) : NULL;

    return at != NULL ? (uint32_t)(at - scan->cand) : hi;
}

/* Marks where anchored_people's rules may begin: an honour; a surname or
 * a transcribed name right after what may end a title or an honour; a
 * title two to four characters after a surname that may open a name; a
 * name after a unit and 的. Returns whether the paragraph holds a name
 * dot. */
static bool anchored_candidates(const struct people_scan *scan, uint32_t lo, uint32_t hi)
{
    const uint16_t *c = paragraph_row(scan, lo, hi);
    uint8_t *mark = scan->cand + lo;
    unsigned dots = 0;

    for (int32_t k = 0; k < (int32_t)(hi - lo); k++) {
        unsigned name_before = (HAS(c[k - 2], ANCHOR_SURNAME) & HAS(c[k - 3], ANCHOR_NAME_OPENS)) |
                               (HAS(c[k - 3], ANCHOR_SURNAME) & HAS(c[k - 4], ANCHOR_NAME_OPENS)) |
                               (HAS(c[k - 4], ANCHOR_SURNAME) & HAS(c[k - 5], ANCHOR_NAME_OPENS));

        mark[k] = (uint8_t)(HAS(c[k], ANCHOR_HONOUR) |
                            ((HAS(c[k], ANCHOR_SURNAME) | HAS(c[k], ANCHOR_TRANSLIT)) & HAS(c[k - 1], ANCHOR_NAME_NEXT)) |
                            (HAS(c[k], ANCHOR_TITLE) & name_before) |
                            (HAS(c[k - 1], ANCHOR_DE) & HAS(c[k - 2], ANCHOR_NAME_OPENS)));
        dots |= HAS(c[k], ANCHOR_DOT);
    }
    return dots != 0;
}

/* Pass 1 over one paragraph: title-anchored people. */
static void anchored_people(struct seg_doc *d, const struct people_scan *scan, uint32_t lo, uint32_t hi)
{
    uint32_t last_end = lo;
    bool dots = anchored_candidates(scan, lo, hi);    /* dotted names may be here */

    for (uint32_t i = next_candidate(scan, lo, hi); i < hi; i = next_candidate(scan, i + 1, hi)) {
        uint32_t tb, len, tl, h;

        if ((h = honour_at(d, i, hi)) > 0) {
            i += h - 1;    /* 丹斯里 is no transcribed name: the name follows */
            continue;
        }
        /* 穆罕默德·法依兹: a dotted name is read whole below, not from its
         * surname; the post ends before an honour (总会长拿督斯里X) */
        if (surname_at(d, i, hi) > 0 && !(dots && dotted_part_len(d, i, hi) > 0) &&
            (h = i - honour_before(d, last_end, i), tb = title_before_bracket(d, last_end, h)) < h &&
            !is_byline_before(d, lo, i) && !title_follows_name(d, last_end, tb) &&
            ((len = name_len_forward(d, i, hi, weak_surname(d->v.sh[i]) ? EVIDENCE_TITLE_WEAK
                                                                          : EVIDENCE_TITLE)) > 0 ||
             (len = name_len_repeated(d, i, hi)) > 0)) {
            uint32_t ab = affil_start(d, lo, tb, last_end);

            seg_add_person(d, i, i + len, ab, h, tb, h, SEG_RULE_PERSON_TITLE_BEFORE);
            last_end = i + len + title_after(d, i + len, hi);    /* 何志明教授及… */
            i += len - 1;
            continue;
        }
        /* 法国总统马克龙, 副议长加内夫: no Chinese name fits after the title */
        if (lex_has(LEX_TRANSLIT, d->v.sh[i]) && i > last_end && i + 1 < hi &&
            (lex_has(LEX_TRANSLIT, d->v.sh[i + 1]) || (dots && dotted_part_len(d, i, hi) > 0)) &&
            (tb = title_before(d, last_end, i)) < i &&
            !is_byline_before(d, lo, i) && !title_follows_name(d, last_end, tb) &&
            (len = translit_name_len(d, i, hi)) > 0) {
            uint32_t ab = foreign_affil_start(d, affil_start(d, lo, tb, last_end), tb);

            if (ab == tb + 1) {    /* someone talked about, not taking part */
                i += len - 1;
                continue;
            }
            seg_add_person(d, i, i + len, ab, i, tb, i, SEG_RULE_PERSON_TRANSLIT);
            last_end = i + len + title_after(d, i + len, hi);
            i += len - 1;
            continue;
        }
        if (i >= lo + 2 && d->v.sh[i - 1] == U'的' && ends_unit(d->v.sh[i - 2]) &&
            i - 1 > last_end && (len = unit_de_name(d, i, hi)) > 0) {
            uint32_t ab = affil_start(d, lo, i - 1, last_end);

            seg_add_person(d, i, i + len, ab, i - 1, i - 1, i - 1, SEG_RULE_PERSON_UNIT_DE);
            last_end = i + len;
            i += len - 1;
            continue;
        }
        if (seg_is_han(d->v.cp[i]) && (tl = title_after(d, i, hi)) > 0 &&
            seg_lit(d, i, hi, U"总书记") == 0 &&
            !(surname_at(d, i + tl, hi) > 0 && name_len_forward(d, i + tl, hi, EVIDENCE_TITLE) > 0)) {
            static const uint32_t order[] = {3, 2, 4};

            for (size_t k = 0; k < 3; k++) {
                uint32_t L = order[k], b = i - L;
                uint32_t prev;

                if (i < lo + L || b < last_end || !valid_name(d, b, L, hi))
                    continue;
                /* 社原副總編: 原副 is the title's prefix, not a name */
                if (lex_has(LEX_TITLE_PREFIX, d->v.sh[i - 1]) ||
                    lex_exact(LEX_TITLE_PREFIX, d->v.sh + i - 2, 2))
                    continue;
                if (L == 3 && weak_surname(d->v.sh[b]) && valid_name(d, b + 1, 2, hi))
                    continue;
                if (seg_cp_in(d->v.sh[i - 1], U"部局处委院校所室办厅会社系组团"))
                    continue;    /* 宣传部 before 部长 is a unit */
                prev = b > lo ? d->v.sh[b - 1] : '\n';
                if (b > lo && !is_clause_delim(prev) && prev != U'、' && !ends_unit(prev) &&
                    prev != U'）' /* 某某学院（研究中心）韦立教授 */)
                    continue;
                if (is_byline_before(d, lo, b))
                    continue;
                {
                    uint32_t ab = affil_start(d, lo, b, last_end);

                    seg_add_person(d, b, i, ab, b, i, i + tl, SEG_RULE_PERSON_TITLE_AFTER);
                }
                last_end = i + tl;
                i += tl - 1;
                break;
            }
        }
    }
}

/* (the class bit ANCHOR_LIST_CUE of position i is its filter) */
static bool is_list_cue(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    return lex_longest(LEX_LIST_END, d->v.sh + i, end - i) >= 2 ||
           lex_longest(LEX_SPOKE, d->v.sh + i, end - i) >= 2 ||
           lex_longest(LEX_HOST, d->v.sh + i, end - i) >= 2;
}

/* Items of a list of bare names spelled like common words (李鸿忠, 周密: a
 * frequent name is in the common-word list) or starting with a surname
 * that is also an everyday word (方光华): they count when the list holds
 * at least two other names, which is the evidence a title gives. */
#define MAX_HELD_ITEMS 8

struct held_items {
    uint32_t b[MAX_HELD_ITEMS], e[MAX_HELD_ITEMS];
    unsigned n, names;    /* held items, names the list gave without them */
};

/* A bare list item [b, e): added when it is a name; held when only the
 * common-word veto refuses it. */
static void list_item(struct seg_doc *d, uint32_t b, uint32_t e, struct held_items *held)
{
    if (e - b < 2 || e - b > 4)
        return;
    if (name_len_forward(d, b, e, EVIDENCE_NONE) == e - b) {
        seg_add_person(d, b, e, b, b, b, b, SEG_RULE_PERSON_LIST_ITEM);
        held->names++;
    } else if (held->n < MAX_HELD_ITEMS && valid_name_veto(d, b, e - b, e, EVIDENCE_TITLE)) {
        held->b[held->n] = b;
        held->e[held->n++] = e;
    }
}

static void release_held(struct seg_doc *d, const struct held_items *held)
{
    if (held->names < 2)
        return;
    for (unsigned k = 0; k < held->n; k++)
        seg_add_person(d, held->b[k], held->e[k], held->b[k], held->b[k], held->b[k], held->b[k],
                       SEG_RULE_PERSON_LIST_HELD);
}

/* 出席座谈会的党外人士还有A、B和C等: the list follows the cue, after a
 * frame …的…(还)有/包括. Returns where the list starts, or 0. */
static uint32_t frame_list_start(const struct seg_doc *d, const struct seg_sent *s)
{
    static const char32_t *const openers[] = {ZH_FRAME_LIST_START_OPENERS};

    /* every opener holds 有 or 包: most sentences have neither */
    if (seg_next_cp(d->v.sh, s->b, s->e, U'有') == s->e && seg_next_cp(d->v.sh, s->b, s->e, U'包') == s->e)
        return 0;
    for (uint32_t i = s->b; i < s->e; i++) {
        unsigned len;

        if (!lex_may_start_any(LEX_BIT(LEX_LIST_END), d->v.sh[i]) ||
            (len = lex_longest(LEX_LIST_END, d->v.sh + i, s->e - i)) < 2)
            continue;
        for (uint32_t j = i + len; j < s->e && j - i < 24 && !is_clause_delim(d->v.sh[j]); j++) {
            if (d->v.sh[j] != U'的')
                continue;
            for (uint32_t k = j + 1; k < s->e && k - j < 12 && !is_clause_delim(d->v.sh[k]); k++)
                for (size_t o = 0; o < sizeof openers / sizeof openers[0]; o++) {
                    uint32_t ol = seg_lit(d, k, s->e, openers[o]);

                    if (ol > 0)
                        return k + ol + (sh_is(d, k + ol, U'：') ? 1 : 0);
                }
            break;
        }
    }
    return 0;
}

static void frame_list_people(struct seg_doc *d, const struct seg_sent *s)
{
    struct held_items held = {0};
    uint32_t ib = frame_list_start(d, s);

    if (ib == 0)
        return;
    for (uint32_t i = ib; i <= s->e; i++) {
        uint32_t c = i < s->e ? d->v.sh[i] : U'。', e = i;

        if (!seg_cp_in(c, U"、，和与及。") && !seg_is_space(c))
            continue;
        if (e > ib && d->v.sh[e - 1] == U'等')
            e--;
        else if (e >= ib + 2 && seg_lit(d, e - 2, e, U"等人"))
            e -= 2;
        list_item(d, ib, e, &held);
        ib = i + 1;
        if (c == U'。')
            break;
    }
    release_held(d, &held);
}

/* Pass 2 over one sentence: items of a list ending in a list cue (出席,
 * 发言, 主持…) that no title anchored. */
static void list_people(struct seg_doc *d, const struct people_scan *scan, const struct seg_sent *s)
{
    uint32_t cue = s->e, anchored = 0, ib;
    struct held_items held = {0};

    for (uint32_t i = s->b; i < s->e; i++)
        if (HAS(scan->cls[i], ANCHOR_LIST_CUE) && is_list_cue(d, i, s->e)) {
            cue = i;
            break;
        }
    if (cue == s->e)
        return;
    for (size_t k = 0; k < d->n_people; k++)
        anchored += d->people[k].name_b >= s->b && d->people[k].name_e <= cue;
    ib = s->b;
    for (uint32_t i = s->b, depth = 0; i <= cue; i++) {
        uint32_t c = i < cue ? d->v.sh[i] : U'，', b, e;
        bool has_person = false;

        if (c == U'（')
            depth++;
        else if (c == U'）' && depth > 0)
            depth--;
        if ((c != U'，' && c != U'、') || (depth > 0 && i < cue))
            continue;
        b = skip_lead_words(d, ib, i);
        e = i;
        ib = i + 1;
        if (e >= 1 && e > b && d->v.sh[e - 1] == U'等')
            e--;
        else if (e >= 2 && e > b + 1 && seg_lit(d, e - 2, i, U"等人"))
            e -= 2;
        for (size_t k = 0; k < d->n_people && !has_person; k++)
            has_person = d->people[k].name_e > b && d->people[k].name_e <= i &&
                         d->people[k].name_b >= s->b;
        held.names += has_person;
        if (has_person || e <= b || is_byline_before(d, s->b, b))
            continue;
        if (e - b <= 4) {
            list_item(d, b, e, &held);
        } else if (e - b > 4 && anchored >= 2) {
            for (uint32_t L = 2; L <= 3; L++)
                if (valid_name(d, e - L, L, e) &&
                    ((d->v.flag[e - L - 1] & FLAG_MOJIBAKE) || ends_unit(d->v.sh[e - L - 1]) ||
                     (d->v.cp[e - L - 1] < 0x80 && d->v.cp[e - L - 1] > ' ' &&
                      !(d->v.cp[e - L - 1] >= '0' && d->v.cp[e - L - 1] <= '9')))) {    /* 20余人 */
                    seg_add_person(d, e - L, e, skip_lead_words(d, b, e - L), e - L, e - L, e - L,
                                   SEG_RULE_PERSON_LIST_UNIT_END);
                    break;
                }
        }
    }
    release_held(d, &held);
}

/* SURNAME+given opening a clause, or right after a unit (某某聯盟鍾偉文指),
 * and followed by a speech verb: 區佩珊建議…, 王明亦表示… */
static void cue_anchored_people(struct seg_doc *d, const struct people_scan *scan, uint32_t lo,
                                uint32_t hi)
{
    static const char32_t *const adverbs[] = {ZH_CUE_ANCHORED_PEOPLE_ADVERBS};
    const uint16_t *c = paragraph_row(scan, lo, hi);
    uint8_t *mark = scan->cand + lo;

    /* marks: a surname where a name may open (the paragraph's start, a
     * delimiter, a unit) */
    for (int32_t k = 0; k < (int32_t)(hi - lo); k++)
        mark[k] = (uint8_t)(HAS(c[k], ANCHOR_SURNAME) & HAS(c[k - 1], ANCHOR_NAME_OPENS));
    for (uint32_t i = next_candidate(scan, lo, hi); i < hi; i = next_candidate(scan, i + 1, hi)) {
        uint32_t prev = i > lo ? d->v.sh[i - 1] : U'，';
        unsigned sl;

        bool after_unit;

        /* the delimiter first: it rules out most positions */
        if (!(is_clause_delim(prev) || prev == '>' || ends_unit(prev)) || (sl = surname_at(d, i, hi)) == 0 ||
            weak_surname(d->v.sh[i]))
            continue;
        after_unit = !(is_clause_delim(prev) || prev == '>');
        for (uint32_t len = sl + 2; len >= sl + 1; len--) {
            uint32_t j = i + len, cue, say;

            for (size_t k = 0; k < sizeof adverbs / sizeof adverbs[0]; k++)
                j += seg_lit(d, j, hi, adverbs[k]);
            /* the speech verb first: it rules out most candidates cheaply */
            if (j >= hi || !lex_may_start_any(LEX_BIT(LEX_SAY) | LEX_BIT(LEX_PROPOSE), d->v.sh[j]) ||
                !valid_name(d, i, len, hi))
                continue;
            say = cue = lex_longest(LEX_SAY, d->v.sh + j, hi - j);
            if (cue < 2)
                cue = lex_longest(LEX_PROPOSE, d->v.sh + j, hi - j);
            if (say > cue)
                cue = say;    /* a one-character verb (指) only after a unit, below */
            /* an unknown name needs a clear speech verb and a second mention */
            if (!after_unit && (cue >= 2 || (cue == 1 && j > i + len)) && written_twice(d, i, len)) {
                seg_add_person(d, i, i + len, i, i, i, i, SEG_RULE_PERSON_CUE_SUBJECT);
                i += len - 1;
                break;
            }
            /* 某某同盟譚凱邦指，…: after a unit's name, a speech verb and its
             * comma close the name; the unit is the affiliation */
            if (after_unit && cue > 0 && j + cue < hi &&
                (d->v.sh[j + cue] == U'，' || d->v.sh[j + cue] == U'：' || cue >= 2)) {
                uint32_t ab = affil_start(d, lo, i, lo);

                if (ab < i && !is_byline_before(d, lo, ab)) {
                    seg_add_person(d, i, i + len, ab, i, i, i, SEG_RULE_PERSON_UNIT_CUE);
                    i += len - 1;
                    break;
                }
            }
        }
    }
}

/* Length of the form of address (先生, 女士…) at i, or 0. */
static uint32_t public_form_at(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    if (i >= end || !lex_cpmap_may(&ends.public_form, d->v.sh[i]))
        return 0;
    for (size_t k = 0; k < sizeof public_forms / sizeof public_forms[0]; k++) {
        uint32_t len = seg_lit(d, i, end, public_forms[k]);

        if (len > 0)
            return len;
    }
    return 0;
}

/* Whether some person found so far has the surname at i. */
static bool surname_known(const struct seg_doc *d, uint32_t i, unsigned sl)
{
    for (size_t k = 0; k < d->n_people; k++)
        if (d->people[k].surname_len == sl &&
            memcmp(d->v.sh + d->people[k].name_b, d->v.sh + i, sl * 4) == 0)
            return true;
    return false;
}

/* A speech or proposing verb anywhere in [b, e). */
static bool speech_in(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    for (uint32_t i = b; i < e; i++)
        if (lex_may_start_any(LEX_BIT(LEX_SAY) | LEX_BIT(LEX_PROPOSE), d->v.sh[i]) &&
            (lex_longest(LEX_SAY, d->v.sh + i, e - i) >= 2 ||
             lex_longest(LEX_PROPOSE, d->v.sh + i, e - i) >= 2))
            return true;
    return false;
}

/* A speech verb right at j, past an adverb (則指, 亦表示): what stands
 * before it is its subject, whatever word comes before that (劏房戶伍女士則指). */
static bool says_next(const struct seg_doc *d, uint32_t j, uint32_t end)
{
    static const char32_t *const adverbs[] = {ZH_CUE_ANCHORED_PEOPLE_ADVERBS};

    for (size_t k = 0; k < sizeof adverbs / sizeof adverbs[0] && j < end; k++)
        j += seg_lit(d, j, end, adverbs[k]);
    return j < end && (lex_longest(LEX_SAY, d->v.sh + j, end - j) > 0 ||
                       lex_longest(LEX_PROPOSE, d->v.sh + j, end - j) >= 2);
}

/* Members of the public quoted by surname and form of address (现居劏房的
 * 游先生批评：…, 某联盟代表谢先生表示): the surname and form are their
 * name. Only where no one found has that surname (else 徐先生 is 徐康宁),
 * where the surname opens a phrase (after 的, a title, punctuation), and
 * where the paragraph reports speech. */
static void public_people(struct seg_doc *d, const struct people_scan *scan, uint32_t lo, uint32_t hi)
{
    const uint16_t *c = paragraph_row(scan, lo, hi);
    uint8_t *mark = scan->cand + lo;

    /* marks: a surname of one or two characters before a form of address */
    for (int32_t k = 0; k < (int32_t)(hi - lo); k++)
        mark[k] = (uint8_t)(HAS(c[k], ANCHOR_SURNAME) &
                            (HAS(c[k + 1], ANCHOR_PUBLIC_FORM) | HAS(c[k + 2], ANCHOR_PUBLIC_FORM)));
    for (uint32_t i = next_candidate(scan, lo, hi); i < hi; i = next_candidate(scan, i + 1, hi)) {
        unsigned sl = surname_at(d, i, hi);
        uint32_t form, prev, tb, ab = i;
        bool says;

        if (sl == 0 || (form = public_form_at(d, i + sl, hi)) == 0)
            continue;
        prev = i > lo ? d->v.sh[i - 1] : '\n';
        tb = title_before(d, lo, i);
        says = says_next(d, i + sl + form, hi);
        if (!(tb < i || prev == U'的' || !seg_is_han(d->v.cp[i - (i > lo)]) || i == lo || says) ||
            surname_known(d, i, sl) || !(says || speech_in(d, i + sl + form, hi)))
            continue;
        if (tb < i && !is_byline_before(d, lo, i))
            ab = affil_start(d, lo, tb, lo);
        else
            tb = i;
        seg_add_person(d, i, i + sl + form, ab, i, tb, i, SEG_RULE_PERSON_PUBLIC);
        i += sl + form - 1;
    }
}

/* Profile boxes: a line 姓名：X names the person its following lines are about. */
int seg_form_name(const struct seg_doc *d, const struct seg_para *pa, uint32_t *nb, uint32_t *ne)
{
    uint32_t i = pa->b, len = seg_lit(d, i, pa->e, U"姓名");

    if (len == 0)
        len = seg_lit(d, i, pa->e, U"名字");
    if (len == 0 || i + len >= pa->e || d->v.sh[i + len] != U'：')
        return 0;
    for (i += len + 1; i < pa->e && seg_is_space(d->v.cp[i]); i++)
        ;
    if (pa->e - i < 2 || pa->e - i > 4 || !valid_name_veto(d, i, pa->e - i, pa->e, EVIDENCE_TITLE))
        return 0;
    *nb = i;
    *ne = pa->e;
    return 1;
}

bool seg_people_alloc(struct seg_doc *d)
{
    /* not zeroed: seg_add_person clears each entry as it takes it, and only
     * the first n_people are ever read (26 KB to clear per document) */
    d->people = malloc(SEG_MAX_PEOPLE * sizeof *d->people);
    return d->people != NULL;
}

bool seg_find_people(struct seg_doc *d)
{
    struct people_scan scan = {NULL, NULL, NULL};

    pthread_once(&ends_once, ends_build);

    if (!seg_people_alloc(d) || !people_scan_init(&scan, d)) {
        people_scan_free(&scan);
        return false;
    }
    for (size_t k = 0; k < d->n_paras; k++)
        if (!d->paras[k].boilerplate && !d->paras[k].headline)
            anchored_people(d, &scan, d->paras[k].b, d->paras[k].e);
    for (size_t k = 0; k < d->n_sents; k++)
        if (!d->paras[d->sents[k].para].boilerplate && !d->paras[d->sents[k].para].headline) {
            list_people(d, &scan, &d->sents[k]);
            frame_list_people(d, &d->sents[k]);
        }
    for (size_t k = 0; k < d->n_paras; k++)
        if (!d->paras[k].boilerplate && !d->paras[k].headline)
            cue_anchored_people(d, &scan, d->paras[k].b, d->paras[k].e);
    for (size_t k = 0; k < d->n_paras; k++)
        if (!d->paras[k].boilerplate && !d->paras[k].headline)
            public_people(d, &scan, d->paras[k].b, d->paras[k].e);
    people_scan_free(&scan);
    for (size_t k = 0; k < d->n_paras; k++) {
        uint32_t nb, ne;

        if (seg_form_name(d, &d->paras[k], &nb, &ne))
            seg_add_person(d, nb, ne, nb, nb, nb, nb, SEG_RULE_PERSON_FORM_LABEL);
    }
    return true;
}

bool seg_push_mention(struct seg_doc *d, uint32_t b, uint32_t e, int person,
                      enum mention_kind kind)
{
    struct seg_mention *m = seg_grow(d->mentions, &d->cap_mentions, d->n_mentions, sizeof *m, 256);

    if (m == NULL)
        return false;
    d->mentions = m;
    d->mentions[d->n_mentions++] = (struct seg_mention){b, e, person, kind};
    return true;
}

/* The person a surname + honorific refers to: the only one with that
 * surname; else the one whose title ends like the honorific (吴院长 → the
 * 副院长); else the one mentioned last. */
static int resolve_partial(const struct seg_doc *d, uint32_t i, unsigned sl, unsigned hl)
{
    int only = -1, by_title = -1, latest = -1;
    size_t count = 0;

    for (size_t k = 0; k < d->n_people; k++) {
        const struct seg_iperson *p = &d->people[k];

        if (p->surname_len != sl || memcmp(d->v.sh + p->name_b, d->v.sh + i, sl * 4) != 0)
            continue;
        count++;
        only = (int)k;
        if (p->title_e - p->title_b >= hl &&
            memcmp(d->v.sh + p->title_e - hl, d->v.sh + i + sl, hl * 4) == 0)
            by_title = by_title < 0 ? (int)k : -2;
    }
    if (count == 1)
        return only;
    if (by_title >= 0)
        return by_title;
    for (size_t m = d->n_mentions, seen = 0; m-- > 0 && latest < 0 && seen++ < SEG_MAX_PEOPLE;) {
        const struct seg_mention *mm = &d->mentions[m];

        if (mm->person >= 0 && d->people[mm->person].surname_len == sl &&
            memcmp(d->v.sh + d->people[mm->person].name_b, d->v.sh + i, sl * 4) == 0)
            latest = mm->person;
    }
    return latest;
}

/* A surname alone opening a clause before a speech verb (游認為, 陳又說),
 * as Hong Kong reports refer back to someone: the only person with that
 * surname, or -1. */
static int surname_alone(const struct seg_doc *d, uint32_t i, unsigned sl, uint32_t lo, uint32_t end)
{
    static const char32_t *const adverbs[] = {ZH_SURNAME_ALONE_ADVERBS};
    uint32_t j = i + sl;
    int only = -1;

    if ((i > lo && seg_is_han(d->v.cp[i - 1])) || weak_surname(d->v.sh[i]))
        return -1;
    for (size_t k = 0; k < sizeof adverbs / sizeof adverbs[0] && j < end; k++)
        j += seg_lit(d, j, end, adverbs[k]);
    if (j >= end || lex_longest(LEX_SAY, d->v.sh + j, end - j) == 0)
        return -1;
    for (size_t k = 0; k < d->n_people; k++)
        if (d->people[k].surname_len == sl &&
            memcmp(d->v.sh + d->people[k].name_b, d->v.sh + i, sl * 4) == 0) {
            if (only >= 0)
                return -1;
            only = (int)k;
        }
    return only;
}

static bool is_pronoun(const struct seg_doc *d, uint32_t i, uint32_t end)
{
    static const uint32_t not_after[] = {U'们', U'人', U'国', U'乡', U'者', U'方',
                                         U'处', U'山', U'物'};
    uint32_t c = d->v.sh[i];

    if (c != U'他' && c != U'她')
        return false;
    if (i > 0 && d->v.sh[i - 1] == U'其')    /* 其他 */
        return false;
    for (size_t k = 0; k < sizeof not_after / sizeof not_after[0]; k++)
        if (i + 1 < end && d->v.sh[i + 1] == not_after[k])
            return false;
    return true;
}

/* People chained by the first character of their name, so that a position
 * is compared with the few names that can start there, not with all of
 * them: a long document of many reports holds up to SEG_MAX_PEOPLE names,
 * and common surnames start thousands of positions. */
#define NAME_BUCKETS 512

static unsigned name_bucket(uint32_t c)
{
    return (c * 2654435761u) >> 23;    /* 9 bits of a multiplicative hash */
}

/* Marks in mark[lo, hi) where a mention may start: a surname or 他/她 by
 * its class, or the first character of a name. Those characters are few
 * beyond the surnames, so each is looked for on its own; past
 * MAX_OTHER_FIRSTS of them the bitmap `first` is read at every position. */
#define MAX_OTHER_FIRSTS 8

static void mention_candidates(const struct seg_doc *d, uint8_t *mark, const uint32_t *others,
                               size_t n_others, const uint8_t *first, uint32_t lo, uint32_t hi)
{
    const uint16_t *cls = d->name_cls;

    if (n_others > MAX_OTHER_FIRSTS) {
        for (uint32_t i = lo; i < hi; i++) {
            uint32_t c = d->v.sh[i];

            mark[i] = (uint8_t)(c < 0x10000 ? (first[c >> 3] >> (c & 7)) & 1u : 1u);
        }
        return;
    }
    for (uint32_t i = lo; i < hi; i++)
        mark[i] = (uint8_t)(HAS(cls[i], ANCHOR_SURNAME) | HAS(cls[i], ANCHOR_PRONOUN));
    for (size_t k = 0; k < n_others; k++)
        for (uint32_t i = seg_next_cp(d->v.sh, lo, hi, others[k]); i < hi;
             i = seg_next_cp(d->v.sh, i + 1, hi, others[k]))
            mark[i] = 1;
}

bool seg_find_mentions(struct seg_doc *d)
{
    /* BMP code points where a mention may start: a surname, 他/她 (copied
     * from mention_starts) and the first character of each name */
    uint8_t first[0x10000 / 8];
    int16_t head[NAME_BUCKETS], next[SEG_MAX_PEOPLE];
    uint32_t others[MAX_OTHER_FIRSTS + 1];    /* first characters the classes miss */
    size_t n_others = 0;
    uint8_t *mark = malloc(d->v.n + 1);

    _Static_assert(SEG_MAX_PEOPLE <= INT16_MAX, "person indices fit the chains");
    pthread_once(&ends_once, ends_build);    /* mention_starts, the classes */
    if (mark == NULL || name_classes(d) == NULL) {
        free(mark);
        return false;
    }
    memcpy(first, mention_starts, sizeof first);
    memset(head, -1, sizeof head);
    for (size_t p = d->n_people; p-- > 0;) {    /* each chain in index order */
        uint32_t c = d->v.sh[d->people[p].name_b];

        if (c < 0x10000 && !((first[c >> 3] >> (c & 7)) & 1) && n_others <= MAX_OTHER_FIRSTS)
            others[n_others++] = c;
        if (c < 0x10000)
            first[c >> 3] |= (uint8_t)(1u << (c & 7));
        next[p] = head[name_bucket(c)];
        head[name_bucket(c)] = (int16_t)p;
    }
    for (size_t k = 0; k < d->n_paras; k++) {
        const struct seg_para *pa = &d->paras[k];

        if (pa->boilerplate || pa->headline)
            continue;
        /* most positions start no name, no surname and no pronoun: marked
         * without a branch, they are passed over by memchr */
        mention_candidates(d, mark, others, n_others, first, pa->b, pa->e);
        for (uint32_t i = pa->b; i < pa->e; i++) {
            const uint8_t *at = memchr(mark + i, 1, pa->e - i);
            int best = -1, who;
            uint32_t best_len = 0, c;
            unsigned sl, hl;

            if (at == NULL)
                break;
            i = (uint32_t)(at - mark);
            c = d->v.sh[i];
            for (int p = head[name_bucket(c)]; p >= 0; p = next[p]) {
                const struct seg_iperson *pp = &d->people[p];
                uint32_t len = pp->name_e - pp->name_b;

                if (len > best_len && d->v.sh[pp->name_b] == d->v.sh[i] && i + len <= pa->e &&
                    memcmp(d->v.sh + pp->name_b, d->v.sh + i, len * 4) == 0) {
                    best = p;
                    best_len = len;
                }
            }
            if (best >= 0) {
                if (!seg_push_mention(d, i, i + best_len, best, MENTION_FULL))
                    goto fail;
                i += best_len - 1;
                continue;
            }
            if ((sl = surname_at(d, i, pa->e)) > 0 && i + sl < pa->e &&
                lex_may_start_any(LEX_BIT(LEX_HONORIFIC), d->v.sh[i + sl]) &&
                (hl = lex_longest(LEX_HONORIFIC, d->v.sh + i + sl, pa->e - i - sl)) > 0) {
                who = resolve_partial(d, i, sl, hl);
                if (who >= 0) {
                    if (!seg_push_mention(d, i, i + sl + hl, who, MENTION_PARTIAL))
                        goto fail;
                    i += sl + hl - 1;
                    continue;
                }
            }
            if (sl > 0 && (who = surname_alone(d, i, sl, pa->b, pa->e)) >= 0) {
                if (!seg_push_mention(d, i, i + sl, who, MENTION_PARTIAL))
                    goto fail;
                i += sl - 1;
                continue;
            }
            if (is_pronoun(d, i, pa->e) && !seg_push_mention(d, i, i + 1, -1, MENTION_PRONOUN))
                goto fail;
        }
    }
    free(mark);
    /* the last reader of the classes: the later stages' peak is lower */
    free(d->name_cls);
    d->name_cls = NULL;
    return true;
fail:
    free(mark);
    return false;
}

/* Whether the sentence around pos holds a cue of any kind (a list, a
 * speech, a host…), a word of taking part that is no cue of speech
 * (分别带来了专题报告, 作了书面报告, 到会, 出庭作供, …，问), or opens a numbered
 * item of a list of those present: what gives someone named there a part
 * in the event. */
static bool sentence_has_cue_uncached(const struct seg_doc *d, size_t sent);

/* The same, for the sentence around pos, with each sentence read once:
 * memo[k] is 0 (unread), 1 (a cue) or 2 (none). */
static bool sentence_has_cue(const struct seg_doc *d, uint32_t pos, uint8_t *memo)
{
    size_t lo = 0, hi = d->n_sents;

    while (lo < hi) {    /* the sentence containing pos */
        size_t mid = lo + (hi - lo) / 2;

        if (d->sents[mid].e <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == d->n_sents || d->sents[lo].b > pos)
        return false;
    if (memo[lo] == 0)
        memo[lo] = sentence_has_cue_uncached(d, lo) ? 1 : 2;
    return memo[lo] == 1;
}

static bool sentence_has_cue_uncached(const struct seg_doc *d, size_t sent)
{
    {
        const struct seg_para *pa = &d->paras[d->sents[sent].para];

        if (seg_enum_marker_len(d, pa->b, pa->e) > 0)
            return true;
    }
    for (uint32_t i = d->sents[sent].b; i < d->sents[sent].e; i++) {
        if (d->cue_len[i] > 0)
            return true;
        if (!lex_cpmap_may(&ends.part_word, d->v.sh[i]))
            continue;
        for (size_t k = 0; k < sizeof part_words / sizeof part_words[0]; k++)
            if (seg_lit(d, i, d->sents[sent].e, part_words[k]))
                return true;
    }
    return false;
}

void seg_drop_bystanders(struct seg_doc *d)
{
    int *renumber;
    uint8_t *memo;
    size_t kept = 0;

    if (d->n_people == 0 || d->cue_len == NULL)
        return;
    pthread_once(&ends_once, ends_build);    /* part_word: whoever calls this first */
    renumber = malloc(d->n_people * sizeof *renumber);
    memo = calloc(d->n_sents + 1, 1);
    if (renumber == NULL || memo == NULL) {
        free(renumber);
        free(memo);
        return;    /* without memory everyone named stays: a harmless excess */
    }
    for (size_t k = 0; k < d->n_people; k++)
        renumber[k] = -1;
    for (size_t m = 0; m < d->n_mentions; m++) {
        const struct seg_mention *mm = &d->mentions[m];

        if (mm->person >= 0 && renumber[mm->person] < 0 && mm->kind != MENTION_PRONOUN &&
            sentence_has_cue(d, mm->b, memo))
            renumber[mm->person] = 0;
    }
    free(memo);
    for (size_t k = 0; k < d->n_people; k++) {
        struct seg_iperson *p = &d->people[k];

        if (renumber[k] < 0 && !p->spoke && !p->hosted && !p->summarized && p->n_remarks == 0 &&
            p->n_items == 0) {
            free(p->remarks);
            free(p->items);
            continue;
        }
        renumber[k] = (int)kept;
        if (kept != k)
            d->people[kept] = *p;
        kept++;
    }
    for (size_t m = 0; m < d->n_mentions; m++)
        if (d->mentions[m].person >= 0)
            d->mentions[m].person = renumber[d->mentions[m].person];
    d->n_people = kept;
    free(renumber);
}
