/* Attribution of sentences to speakers (SEGMENTER.md step 9), calling the
 * stages that hang off it: topics (topics.c), recommendation items
 * (items.c) and profile boxes (forms.c), over the cue map of cues.c.
 *
 * A state machine per paragraph: a mention followed by a cue sets the
 * speaker; sentences without a cue inherit it; sentences before the first
 * cue of a paragraph are context. Each decision records the rule that made
 * it (rules.h), and the rule's precision becomes the remark's confidence. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "segment/zh_words.h"
#include "segment/lex.h"
#include "segment/seg_internal.h"
#include "segment/cues.h"
#include "segment/items.h"
#include "segment/topics.h"
#include "segment/forms.h"


#define THIRD_PARTY_REACH 10   /* 会议强调, 与会专家一致认为: a short clause */
#define SUBJECTLESS_CUE_REACH 3 /* 并强调, 他还指出: a cue this near its clause start */
#define MAX_CUE_GAP 150        /* code points between a subject and its cue */
#define PRONOUN_REACH 40       /* code points from a name to a 他/她 that refers to it */

struct group {
    int who[SEG_MAX_GROUP];
    unsigned n;
    bool joint;    /* subjects of one speech verb (甲、乙表示): each one's items */
};

struct sent_attr {
    struct group g;
    bool remark;
    int cue_b, cue_e;
    uint32_t content;           /* where the reported content starts */
    enum seg_rule rule;
    bool third_party;           /* 会议指出…: someone else's statement */
    bool several;               /* speakers of different clauses (甲指出…；乙指出…) */
    uint32_t split;             /* …the ； between the first speakers' part and the next */
    unsigned first_n;           /* …how many of g speak before it */
    struct cue second;          /* …and the cue of the next ones */
};

/* Subjects other than the name before a speech verb (subject_reaches). */
static const char32_t *const other_subjects[] = {ZH_SUBJECT_REACHES_OTHERS};

/* Maps built once that let the scans between a name and its cue pass over
 * most positions with one look: where one of the other subjects may
 * start, and the code points every letter word (letter_speaks) holds. */
static struct lex_cpmap other_subject_firsts, letter_chars;
static pthread_once_t attrib_maps_once = PTHREAD_ONCE_INIT;

static void attrib_maps_build(void)
{
    lex_cpmap_add_firsts(&other_subject_firsts, other_subjects,
                         sizeof other_subjects / sizeof other_subjects[0]);
    lex_cpmap_add_chars(&letter_chars, U"信电词");
}

struct attr_state {
    struct seg_doc *d;
    struct sent_attr *sa;       /* one per sentence */
    size_t mention_at;          /* first mention not before the sentence */
};

/* 企业家们表示, 同学们认为: a plural subject other than the speaker's own
 * 我们 is other people; adverbs may stand between it and the cue. */
static bool plural_subject(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    for (uint32_t i = b + 1; i < e; i++)
        if (d->v.sh[i] == U'们')
            return !seg_cp_in(d->v.sh[i - 1], U"我咱他她") && e - i <= SUBJECTLESS_CUE_REACH + 1;
    return false;
}

/* Third parties whose statements are nobody's remarks (会议指出, 总书记强调):
 * the clause before the cue is short and opens with one of them, or ends
 * with the post whose instructions reports quote (某某总书记强调). */
static bool third_party_subject(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    static const char32_t *const bodies[] = {ZH_THIRD_PARTY_SUBJECT_BODIES};
    static const char32_t *const determiners[] = {ZH_THIRD_PARTY_SUBJECT_DETERMINERS};

    if (e - b > THIRD_PARTY_REACH)
        return false;
    if (plural_subject(d, b, e))
        return true;
    for (size_t k = 0; k < sizeof determiners / sizeof determiners[0]; k++)
        b += seg_lit(d, b, e, determiners[k]);
    for (size_t k = 0; k < sizeof bodies / sizeof bodies[0]; k++)
        if (seg_lit(d, b, e, bodies[k]))
            return true;
    return e >= b + 3 && seg_lit(d, e - 3, e, U"总书记") == 3;
}

static bool has_cue_between(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    for (uint32_t i = seg_next_marked(d, b, e, CUE_KIND_BITS); i < e;
         i = seg_next_marked(d, i + 1, e, CUE_KIND_BITS)) {
        struct cue c = seg_cue_at(d, i, e);

        if (c.kind != CUE_NONE && c.e - c.b >= 2)
            return true;
    }
    return false;
}

static bool in_group(const struct group *g, int who)
{
    for (unsigned k = 0; k < g->n; k++)
        if (g->who[k] == who)
            return true;
    return false;
}

/* Adds who to the group unless it is there already. */
static void group_add(struct group *g, int who)
{
    if (!in_group(g, who))
        g->who[g->n++] = who;
}

/* The people joined to mention m by a list (、，和与及), nearest last. */
static void collect_group(const struct seg_doc *d, size_t m, uint32_t sent_b, struct group *g)
{
    g->n = 0;
    g->joint = false;
    g->who[g->n++] = d->mentions[m].person;
    while (m > 0 && g->n < SEG_MAX_GROUP) {
        const struct seg_mention *prev = &d->mentions[m - 1], *cur = &d->mentions[m];
        uint32_t gap_b = prev->e, c;

        if (prev->b < sent_b || prev->kind == MENTION_PRONOUN || prev->person < 0)
            break;
        gap_b += lex_longest(LEX_HONORIFIC, d->v.sh + gap_b, cur->b - gap_b);    /* 杨帆教授， */
        gap_b += lex_longest(LEX_TITLE_HEAD, d->v.sh + gap_b, cur->b - gap_b);
        c = d->v.sh[gap_b];
        if (cur->b - gap_b > 60 || !(seg_cp_in(c, U"、，和与及等") || gap_b == cur->b))
            break;
        for (uint32_t i = gap_b; i < cur->b; i++)
            if (d->v.sh[i] == U'。' || d->v.sh[i] == U'；')
                return;
        if (has_cue_between(d, gap_b, cur->b))
            break;
        group_add(g, prev->person);
        m--;
    }
}

static bool is_group_cue(const struct seg_doc *d, uint32_t mention_e, uint32_t cue_b)
{
    for (uint32_t i = mention_e; i < cue_b; i++)
        if (lex_longest(LEX_GROUP, d->v.sh + i, cue_b - i) > 0)
            return true;
    return false;
}

/* ---- attribution --------------------------------------------------------- */


static void group_set(struct group *g, int who)
{
    g->n = 0;
    g->joint = false;
    if (who >= 0)
        g->who[g->n++] = who;
}

/* hosting: a HOST cue came before in the sentence; its object may name a
 * speaking session (主持主题发言环节) that says nothing of the host speaking. */
static void flag_group(struct seg_doc *d, const struct group *g, enum cue_kind kind, bool hosting)
{
    for (unsigned k = 0; k < g->n; k++) {
        struct seg_iperson *p = &d->people[g->who[k]];

        p->spoke |= (kind == CUE_SPOKE && !hosting) || kind == CUE_TOPIC || kind == CUE_SAY ||
                    kind == CUE_PROPOSE || kind == CUE_SUMMARY;
        p->hosted |= kind == CUE_HOST;
        p->summarized |= kind == CUE_SUMMARY;
    }
}

struct para_state {
    struct group cur;       /* the current speaker(s) */
    struct group spoke;     /* who last spoke without reported content */
    struct group last;      /* speaker(s) of the previous paragraph's last remark */
    bool last_valid;
    int quote_depth;        /* “ opened and not closed before the sentence
                             * (attribute_sentence carries it on) */
};


/* Where the reported content starts after an attributing cue: past a
 * speech verb chained to it (作会议总结时指出，) and the comma or colon. */
static uint32_t content_after(const struct seg_doc *d, struct cue c, uint32_t end)
{
    uint32_t e = c.e;

    for (uint32_t j = c.e; j < end && j < c.e + 3 && !seg_delim_at(d, j); j++) {
        struct cue next = seg_cue_at(d, j, end);

        if (next.kind == CUE_SAY || next.kind == CUE_PROPOSE) {
            e = next.e;
            break;
        }
    }
    if (e < end && d->v.sh[e] == U'了')
        e++;
    if (e < end && (d->v.sh[e] == U'，' || d->v.sh[e] == U'：'))
        e++;
    return e;
}

/* A speech verb in a later clause whose own subject is other people
 * (…梁振宇外，所有人應該都認為) does not belong to the name before it. */
static bool subject_reaches(const struct seg_doc *d, const struct seg_mention *m, struct cue c)
{
    uint32_t cb = c.b;

    if (c.kind != CUE_SAY && c.kind != CUE_PROPOSE)
        return true;
    while (cb > m->e && !seg_delim_at(d, cb - 1))
        cb--;
    for (uint32_t i = cb; i < c.b; i++) {
        if (!lex_cpmap_may(&other_subject_firsts, d->v.sh[i]))    /* most positions */
            continue;
        for (size_t k = 0; k < sizeof other_subjects / sizeof other_subjects[0]; k++)
            if (d->v.sh[i] == (uint32_t)other_subjects[k][0] &&
                seg_lit(d, i, c.b, other_subjects[k]) &&
                !(i > cb && seg_cp_in(d->v.sh[i - 1], U"对向为给跟")))    /* 对大家…表示感谢: an object */
                return false;
    }
    return true;
}

/* 他们完全赞同…, 大家一致认为…: a sentence whose subject is the group just
 * said to have spoken (…先后发言。) and that reports a view sums up what
 * each of them said (SOURCES.md: a remark of every named member). */
static bool sums_up_group(const struct seg_doc *d, const struct seg_sent *s,
                          const struct para_state *ps)
{
    static const char32_t *const subjects[] = {ZH_SUMS_UP_GROUP_SUBJECTS};
    uint32_t b = s->b, len = 0;

    if (ps->spoke.n < 2)
        return false;
    for (size_t k = 0; k < sizeof subjects / sizeof subjects[0] && len == 0; k++)
        len = seg_lit(d, b, s->e, subjects[k]);
    if (len == 0)
        return false;
    for (uint32_t i = b + len; i < s->e; i++) {
        struct cue c = seg_cue_at(d, i, s->e);

        if (c.kind == CUE_SAY || c.kind == CUE_PROPOSE)
            return true;
    }
    return false;
}

/* 在某某主席领导下, 在某某的带领下: the mention is inside an adverbial of
 * guidance before the cue, not its subject. */
static bool under_guidance(const struct seg_doc *d, const struct seg_mention *m, uint32_t cue_b)
{
    static const char32_t *const frames[] = {ZH_UNDER_GUIDANCE_FRAMES};
    /* every frame is three code points ending in 下, and starts within
     * twelve of the mention: the scan jumps from one 下 to the next */
    const uint32_t lo = m->e + 2, hi = cue_b < m->e + 14 ? cue_b : m->e + 14;

    for (uint32_t x = seg_next_cp(d->v.sh, lo, hi, U'下'); x < hi;
         x = seg_next_cp(d->v.sh, x + 1, hi, U'下'))
        for (size_t k = 0; k < sizeof frames / sizeof frames[0]; k++)
            if (seg_lit(d, x - 2, cue_b, frames[k]))
                return true;
    return false;
}

/* A mention whose letter or message someone reads out or conveys (宣读某某
 *主席贺信, 转达某某的问候): the object of that verb, not a subject. */
static bool read_out(const struct seg_doc *d, const struct seg_mention *m)
{
    return m->b >= 2 && (seg_lit(d, m->b - 2, m->b, U"宣读") || seg_lit(d, m->b - 2, m->b, U"转达"));
}

/* 某某在贺信中指出, 某某的贺信强调: between the person and the cue stands a
 * letter, so the cue reports the letter (read out or quoted), not what the
 * person said at the event. */
static bool letter_speaks(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    static const char32_t *const letters[] = {ZH_LETTER_SPEAKS_LETTERS};

    /* every word holds 信, 电 or 词: only there is a word tried */
    for (uint32_t i = b; i < e; i++) {
        if (!lex_cpmap_may(&letter_chars, d->v.sh[i]))
            continue;
        for (size_t k = 0; k < sizeof letters / sizeof letters[0]; k++)
            if ((i > b && seg_lit(d, i - 1, e, letters[k]) == 2) || seg_lit(d, i, e, letters[k]) == 2)
                return true;
    }
    return false;
}

/* Index of the last mention starting before pos, or -1. */
static long seg_mention_before(const struct seg_doc *d, uint32_t pos)
{
    return (long)seg_first_mention(d, pos) - 1;
}

/* The named mention nearest before pronoun mention m in the same
 * sentence (from sent_b), when no speech cue, ； or ： stands between them
 * and they are close (X從小在…居住，她形容…): the antecedent of the
 * pronoun; else -1. */
static long named_before(const struct seg_doc *d, size_t m, uint32_t sent_b)
{
    for (size_t k = m; k-- > 0 && d->mentions[k].b >= sent_b;) {
        const struct seg_mention *named = &d->mentions[k];

        if (named->kind == MENTION_PRONOUN || named->person < 0)
            continue;
        if (d->mentions[m].b - named->e > PRONOUN_REACH ||
            has_cue_between(d, named->e, d->mentions[m].b))
            return -1;
        for (uint32_t i = named->e; i < d->mentions[m].b; i++)
            if (d->v.sh[i] == U'；' || d->v.sh[i] == U'：')
                return -1;
        return (long)k;
    }
    return -1;
}

/* A list of people given one theme (甲、乙、丙等围绕…作主旨演讲, 甲，乙，丙
 * 围绕“…”主题进行交流) reports no one's own words: true, with the list in
 * *g, when mention m closes a list of two or more and at most one quoted
 * title follows it in the sentence. Parallel titles (以《A》《B》为题) and
 * 分别/依次 give each speaker their own. */
static bool shared_theme(const struct seg_doc *d, size_t m, uint32_t sent_b, uint32_t sent_e, struct cue c,
                         struct group *g)
{
    struct group all;
    unsigned quotes = 0;

    collect_group(d, m, sent_b, &all);
    if (all.n < 2)
        return false;
    for (uint32_t i = d->mentions[m].e; i < sent_e && quotes < 2; i++) {
        quotes += d->v.sh[i] == U'《' || d->v.sh[i] == U'“';
        if (i < c.e && (seg_lit(d, i, c.e, U"分别") || seg_lit(d, i, c.e, U"依次")))
            return false;    /* 分别围绕…: each their own */
    }
    if (quotes >= 2)
        return false;
    *g = all;
    return true;
}

/* The last mention naming a person between from and mention m, or -1. */
static long last_named_since(const struct seg_doc *d, size_t m, uint32_t from)
{
    for (size_t k = m; k-- > 0 && d->mentions[k].b >= from;)
        if (d->mentions[k].kind != MENTION_PRONOUN && d->mentions[k].person >= 0)
            return (long)k;
    return -1;
}

/* Whether a person is named between from and mention m. */
static bool named_since(const struct seg_doc *d, size_t m, uint32_t from)
{
    return last_named_since(d, m, from) >= 0;
}

/* Position of the last ； in [b, e), or b. */
static uint32_t last_semicolon(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    for (uint32_t i = e; i > b; i--)
        if (d->v.sh[i - 1] == U'；')
            return i - 1;
    return b;
}

/* Whether the clause [b, e) before a speech verb names someone who is
 * no person found (非建制派亦憂慮…，建議…): a subject of its own, neither
 * the current speaker nor a pronoun. Its first two characters must be
 * Han and its last may be an adverb (亦 也 均 都 则 亦). */
static bool unnamed_subject(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    size_t m = seg_first_mention(d, b);

    if (e - b <= SUBJECTLESS_CUE_REACH || e - b > THIRD_PARTY_REACH ||
        (m < d->n_mentions && d->mentions[m].b < e))
        return false;
    if (!seg_is_han(d->v.cp[b]) || !seg_is_han(d->v.cp[b + 1]) ||
        seg_cp_in(d->v.sh[b], U"在对就从据针随经通当于为由"))
        return false;    /* 在谈到…时, 对此…: an adverbial, not a subject */
    return seg_cp_in(d->v.sh[e - 1], U"亦也均都则");
}

/* Whether a ； stands in [b, e). */
static bool semicolon_between(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    for (uint32_t i = b; i < e; i++)
        if (d->v.sh[i] == U'；')
            return true;
    return false;
}

/* Whether [b, e) is a unit and post before a name (南开大学党委副书记):
 * short, one phrase, ending in a title head. */
static bool names_post(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    bool title = false;

    if (e - b > 30 || has_cue_between(d, b, e))
        return false;
    for (uint32_t i = b; i < e; i++)
        if (seg_delim_at(d, i) || d->v.sh[i] == U'、')
            return false;
    for (uint32_t len = 2; len <= 6 && len <= e - b && !title; len++)
        title = lex_exact(LEX_TITLE_HEAD, d->v.sh + e - len, len);
    return title;
}

/* The subject of a speech verb ending at mention m: m's person, and the
 * people joined to it by 、 和 与 及 right before (李卓人和尹瑞麟則指出,
 * 甲、乙表示), each with at most a title or honorific of their own. A
 * comma does not join: 校长甲，副校长乙表示 is the second one speaking. */
static void joint_subject(const struct seg_doc *d, size_t m, uint32_t sent_b, struct group *g)
{
    group_set(g, d->mentions[m].person);
    while (m > 0 && g->n < SEG_MAX_GROUP) {
        const struct seg_mention *prev = &d->mentions[m - 1], *cur = &d->mentions[m];
        uint32_t gap_b = prev->e, gap_e = cur->b;

        if (prev->b < sent_b || prev->kind == MENTION_PRONOUN || prev->person < 0 || gap_e <= gap_b)
            break;
        gap_b += lex_longest(LEX_HONORIFIC, d->v.sh + gap_b, gap_e - gap_b);
        if (gap_b >= gap_e || !seg_cp_in(d->v.sh[gap_b], U"、和与及"))
            break;
        gap_b++;
        /* what stands between may only be the next person's post */
        if (gap_e > gap_b && !names_post(d, gap_b, gap_e))
            break;
        group_add(g, prev->person);
        m--;
    }
    g->joint = g->n > 1;
}

/* Whether mention m is the agent of a passive (被X问及, 被主持X问到): the
 * cue after it reports the question put to someone else. */
static bool passive_agent(const struct seg_doc *d, const struct seg_mention *m, uint32_t sent_b)
{
    for (uint32_t i = m->b; i > sent_b && m->b - i < 5; i--) {
        if (seg_delim_at(d, i - 1))
            return false;
        if (d->v.sh[i - 1] == U'被')
            return true;
    }
    return false;
}

/* The subject among the mentions before a cue, from mention m back: a name
 * right after 向/对/给/跟 is the object (劉小麗向黃遠輝遞上…，要求…), so the
 * name before it in the sentence, with no cue between, is the subject. */
static long subject_of(const struct seg_doc *d, long m, uint32_t sent_b)
{
    const struct seg_mention *mm, *prev;

    if (m <= 0)
        return m;
    mm = &d->mentions[m];
    prev = &d->mentions[m - 1];
    if (mm->b == 0 || mm->kind == MENTION_PRONOUN || !seg_cp_in(d->v.sh[mm->b - 1], U"向对给跟") ||
        prev->b < sent_b || prev->person < 0 || prev->kind == MENTION_PRONOUN ||
        has_cue_between(d, prev->e, mm->b))
        return m;
    return m - 1;
}

/* Decides one sentence: who (if anyone) it reports, by which rule. */
static void attribute_sentence(struct seg_doc *d, const struct seg_sent *s, struct para_state *ps,
                               bool para_start, struct sent_attr *out)
{
    bool decided = false;

    bool hosting = false;    /* a HOST cue came before in this sentence */
    uint32_t host_e = 0;     /* where it ended */
    int depth = ps->quote_depth;    /* quotation depth at i */
    long spoke_m = -1;       /* the subject of a SPOKE cue of this sentence, */
    struct group spoke_g = {{0}, 0, false};    /* the people it named */
    uint32_t spoke_e = 0;    /* and where it ends */

    memset(out, 0, sizeof *out);
    out->cue_b = out->cue_e = -1;
    if (sums_up_group(d, s, ps)) {
        ps->cur = ps->spoke;
        out->g = ps->spoke;
        out->remark = true;
        out->rule = SEG_RULE_REMARK_GROUP_VIEW;
        decided = true;
    }
    for (uint32_t i = s->b; i < s->e; i++) {
        struct cue c;
        long m;

        /* only cues and quotation marks change anything (no cue word
         * holds a quotation mark): the scan jumps from one to the next */
        if ((i = seg_next_marked(d, i, s->e, CUE_KIND_BITS | CUE_AT_QUOTE)) == s->e)
            break;
        if (d->v.sh[i] == U'“' || d->v.sh[i] == U'”')
            depth += d->v.sh[i] == U'“' ? 1 : depth > 0 ? -1 : 0;
        c = seg_cue_at(d, i, s->e);
        if (c.kind == CUE_NONE)
            continue;
        m = subject_of(d, seg_mention_before(d, c.b), s->b);
        if (m > 0 && read_out(d, &d->mentions[m]) && d->mentions[m - 1].b >= s->b)
            m--;    /* 甲宣读乙的贺信并致辞: 甲 is the subject */
        if (m >= 0 && under_guidance(d, &d->mentions[m], c.b))
            m = -1;    /* 在某某领导下…，希望…: no subject of its own */
        if (c.kind == CUE_HOST)
            hosting = true, host_e = c.e;
        else if (c.kind == CUE_SPOKE && hosting && c.b <= host_e + 1)
            hosting = false;    /* 主持并讲话: the chair also spoke */
        if (m >= 0 && passive_agent(d, &d->mentions[m], s->b)) {
            i = c.e - 1;    /* 被主持楊艾文問及…，萬德豪稱: the one asked answers */
            continue;
        }
        if (m >= 0 && d->mentions[m].b >= s->b && c.b - d->mentions[m].e <= MAX_CUE_GAP &&
            subject_reaches(d, &d->mentions[m], c)) {
            const struct seg_mention *mm = &d->mentions[m];
            struct group g;
            enum seg_rule rule = SEG_RULE_REMARK_CUE;

            /* 甲说：“…。乙强调…”: inside 甲's open quotation, 乙 is quoted by
             * 甲 and does not take the floor */
            if (depth > 0 && (decided || ps->cur.n > 0) && mm->kind != MENTION_PRONOUN &&
                !in_group(decided ? &out->g : &ps->cur, mm->person)) {
                i = c.e - 1;
                continue;
            }

            if ((c.kind == CUE_SAY || c.kind == CUE_PROPOSE) && letter_speaks(d, mm->e, c.b)) {
                /* inside a quotation the letter is quoted by the speaker,
                 * who is named after it (“…贺信指明…”某某说) */
                if (!decided && depth == 0) {
                    ps->cur.n = 0;
                    out->third_party = true;
                    decided = true;
                }
                i = c.e - 1;
                continue;
            }

            if (mm->kind == MENTION_PRONOUN) {
                long named = named_before(d, (size_t)m, s->b);

                if (named >= 0) {    /* 鄧小姐從小…，她形容: the name just before */
                    group_set(&g, d->mentions[named].person);
                    rule = SEG_RULE_REMARK_PRONOUN;
                } else if (ps->cur.n > 0) {
                    g = ps->cur;
                    rule = SEG_RULE_REMARK_PRONOUN;
                } else if (ps->spoke.n == 1) {
                    g = ps->spoke;
                    rule = SEG_RULE_REMARK_PRONOUN;
                } else if (ps->last_valid &&
                           (para_start || !named_since(d, (size_t)m, d->paras[s->para].b))) {
                    /* 他 in a paragraph that names no one before it (至於…。
                     * 他解釋…) is still the previous paragraph's speaker */
                    g = ps->last;
                    rule = SEG_RULE_REMARK_PRONOUN_PREV;
                } else if ((named = last_named_since(d, (size_t)m, d->paras[s->para].b)) >= 0) {
                    /* X回顾了…工作。他强调…: the person the paragraph named */
                    group_set(&g, d->mentions[named].person);
                    rule = SEG_RULE_REMARK_PRONOUN_NAMED;
                } else {
                    g.n = 0;
                }
            } else if (c.kind == CUE_LIST || c.kind == CUE_SPOKE || c.kind == CUE_HOST ||
                       is_group_cue(d, mm->e, c.b)) {
                collect_group(d, (size_t)m, s->b, &g);
            } else if (m == spoke_m && c.b <= spoke_e + SUBJECTLESS_CUE_REACH) {
                g = spoke_g;    /* 甲、乙出席并致辞，表示…: the subject of both */
                g.joint = g.n > 1;
            } else {
                joint_subject(d, (size_t)m, s->b, &g);
            }
            if (c.kind == CUE_TOPIC && mm->kind == MENTION_FULL && shared_theme(d, (size_t)m, s->b, s->e, c, &g)) {
                flag_group(d, &g, CUE_SPOKE, false);    /* they spoke; nothing of theirs is reported */
                ps->spoke = g;
                i = c.e - 1;
                continue;
            }
            if (g.n == 0) {
                i = c.e - 1;
                continue;
            }
            flag_group(d, &g, c.kind, hosting);
            if (c.kind == CUE_TOPIC)
                for (unsigned k = 0; k < g.n; k++)
                    if (d->people[g.who[k]].topic_e == 0)
                        seg_find_topic(d, &d->people[g.who[k]], mm->e, s->e);
            if (c.kind == CUE_HOST || c.kind == CUE_LIST) {
                i = c.e - 1;
                continue;
            }
            /* 在…讲话中，… reports the speech; X作主题发言 only says one was given */
            if (c.kind == CUE_SPOKE && !(c.e < s->e && d->v.sh[c.e] == U'中')) {
                ps->spoke = g;    /* X作主题发言。他指出… */
                spoke_m = m;
                spoke_g = g;
                spoke_e = c.e;
                i = c.e - 1;
                continue;
            }
            /* 论坛上亦提及…，甲认为…: a body's frame does not silence the
             * person named after it */
            if (!decided || out->third_party) {
                out->third_party = false;
                ps->cur = g;
                out->g = g;
                out->remark = true;
                out->cue_b = (int)c.b;
                out->cue_e = (int)c.e;
                out->content = content_after(d, c, s->e);
                out->rule = rule;
                decided = true;
            } else if (c.kind == CUE_TOPIC && mm->kind == MENTION_FULL && out->g.n == 1 &&
                       out->g.who[0] != mm->person) {
                /* 甲以“A”为题…，乙以“B”为题…: parallel topics share the sentence */
                out->g.who[out->g.n++] = mm->person;
                ps->cur = out->g;
            } else if ((c.kind == CUE_SAY || c.kind == CUE_PROPOSE) && mm->kind == MENTION_FULL &&
                       semicolon_between(d, (uint32_t)out->cue_e, mm->b)) {
                /* 甲指出…；而乙和丙則指出…: one sentence, several speakers */
                for (unsigned k = 0; k < g.n; k++) {
                    bool dup = false;

                    for (unsigned j = 0; j < out->g.n; j++)
                        dup |= out->g.who[j] == g.who[k];
                    if (!dup && out->g.n < SEG_MAX_GROUP)
                        out->g.who[out->g.n++] = g.who[k];
                }
                ps->cur = g;
                if (!out->several) {
                    out->several = true;
                    out->split = last_semicolon(d, (uint32_t)out->cue_e, mm->b);
                    out->first_n = out->g.n - g.n;
                    out->second = c;
                }
            }
            i = c.e - 1;
            continue;
        }
        /* A cue without a subject of its own: a third party's (会议指出)
         * ends the current speech; otherwise it continues it. */
        if (!decided && (c.kind == CUE_SAY || c.kind == CUE_PROPOSE)) {
            uint32_t cb = c.b;

            while (cb > s->b && c.b - cb < SEG_LOOKAHEAD && !seg_delim_at(d, cb - 1))
                cb--;
            if (third_party_subject(d, cb, c.b) || unnamed_subject(d, cb, c.b)) {
                ps->cur.n = 0;
                out->third_party = true;
                decided = true;
            } else if (ps->cur.n > 0 && c.b - cb <= SUBJECTLESS_CUE_REACH) {
                out->g = ps->cur;
                out->remark = true;
                out->cue_b = (int)c.b;
                out->cue_e = (int)c.e;
                out->content = content_after(d, c, s->e);
                out->rule = SEG_RULE_REMARK_CARRIED;
                decided = true;
            }
        }
        i = c.e - 1;
    }
    if (!decided && ps->cur.n > 0) {
        out->g = ps->cur;
        out->remark = true;
        out->rule = SEG_RULE_REMARK_CARRIED;
    }
    ps->quote_depth = depth;
}

/* A line of markup that embeds a picture or a video (![…](…), <figure>,
 * <figcaption>…, {{< video >}}, <!--more-->) in the middle of a story. */
static bool embedded_media(const struct seg_doc *d, const struct seg_para *pa)
{
    uint32_t c = d->v.cp[pa->b], next = pa->b + 1 < pa->e ? d->v.cp[pa->b + 1] : 0;

    return c == '<' || (c == '!' && next == '[') || (c == '{' && next == '{');
}

/* Whether sentence k ends its paragraph inside an open quote and the next
 * paragraph goes on with it: a line break within a title (…《新时代产教融合提
 * / 升…》为题作报告). The two parts are one sentence for attribution. */
static bool breaks_inside_quote(const struct seg_doc *d, size_t k)
{
    const struct seg_sent *s = &d->sents[k];
    const struct seg_para *next;
    int depth = 0;

    if (k + 1 >= d->n_sents || d->sents[k + 1].para != s->para + 1 ||
        d->paras[s->para].e != s->e)
        return false;
    next = &d->paras[s->para + 1];
    if (next->boilerplate || next->headline)
        return false;
    for (uint32_t i = seg_next_marked(d, s->b, s->e, CUE_AT_QUOTE); i < s->e;
         i = seg_next_marked(d, i + 1, s->e, CUE_AT_QUOTE)) {
        uint32_t c = d->v.sh[i];

        depth += (c == U'《' || c == U'“') - (c == U'》' || c == U'”');
    }
    return depth > 0;
}

static bool paragraph_has_people(const struct seg_doc *d, const struct seg_para *p)
{
    for (long m = seg_mention_before(d, p->e); m >= 0 && d->mentions[m].e > p->b; m--)
        if (d->mentions[m].kind != MENTION_PRONOUN)
            return true;
    return false;
}

static bool starts_with_marker(const struct seg_doc *d, const struct seg_para *p)
{
    int ord;

    return seg_enum_marker(d, seg_skip_markup(d, p->b, p->e), p->e, &ord) > 0;
}

/* A paragraph without names continues the previous speech only when
 * something says so: the speech announced a list (…：), the paragraph is
 * the next enumerated item, or it speaks in the first person. */
static bool continues_speech(const struct seg_doc *d, const struct seg_para *prev,
                             const struct seg_para *p)
{
    uint32_t b = seg_skip_markup(d, p->b, p->e), e = prev->e;
    int ord;

    while (e > prev->b && (d->v.sh[e - 1] == '*' || seg_is_space(d->v.cp[e - 1])))
        e--;
    if (e > prev->b && (d->v.sh[e - 1] == U'：' || d->v.sh[e - 1] == U'，' ||
                        d->v.sh[e - 1] == U'、' || d->v.sh[e - 1] == U'；'))
        return true;
    if (seg_enum_marker(d, b, p->e, &ord) > 0)
        return true;
    for (uint32_t i = seg_next_cp(d->v.sh, p->b, p->e, U'我'); i < p->e;
         i = seg_next_cp(d->v.sh, i + 1, p->e, U'我'))    /* 我 but not 我国, 我校… */
        if (!(i + 1 < p->e && seg_cp_in(d->v.sh[i + 1], U"国校市省区院县司部局")))
            return true;
    return false;
}

/* People who only sent a letter (某某向大会致贺信) took no part in the event
 * (SOURCES.md: absent people are not listed): no remark, no speech, no
 * chair, and a mention followed in its clause by the sending of a
 * letter. */
static void mark_letter_senders(struct seg_doc *d)
{
    static const char32_t *const sends[] = {ZH_MARK_LETTER_SENDERS_SENDS};

    for (size_t m = 0; m < d->n_mentions; m++) {
        const struct seg_mention *mm = &d->mentions[m];
        struct seg_iperson *p;

        if (mm->kind != MENTION_FULL || mm->person < 0)
            continue;
        p = &d->people[mm->person];
        if (p->n_remarks > 0 || p->spoke || p->hosted || p->summarized)
            continue;
        for (uint32_t i = mm->e; i < d->v.n && i - mm->e < SEG_LOOKAHEAD && !seg_delim_at(d, i) &&
                                 !p->absent;
             i++) {
            if (d->v.sh[i] != U'致' && d->v.sh[i] != U'发')    /* every send starts with one */
                continue;
            for (size_t k = 0; k < sizeof sends / sizeof sends[0]; k++)
                if (seg_lit(d, i, d->v.n, sends[k]))
                    p->absent = true;
        }
    }
}

/* People only talked about: the late (已故教授X), or someone every mention
 * of whom qualifies a noun (总设计师X同志的家乡). With no remark, speech
 * or chair of their own they took no part, and are left out like letter
 * senders. */
static void mark_talked_about(struct seg_doc *d)
{
    /* one pass over the mentions, with what each person's show so far */
    bool any[SEG_MAX_PEOPLE] = {false}, other_use[SEG_MAX_PEOPLE] = {false},
         late[SEG_MAX_PEOPLE] = {false};

    for (size_t m = 0; m < d->n_mentions; m++) {
        const struct seg_mention *mm = &d->mentions[m];
        const struct seg_iperson *p;
        uint32_t e = mm->e, a;

        if (mm->person < 0 || mm->kind != MENTION_FULL)
            continue;
        p = &d->people[mm->person];
        a = p->aff_e > p->aff_b ? p->aff_b : mm->b;
        any[mm->person] = true;
        e += lex_longest(LEX_HONORIFIC, d->v.sh + e, d->v.n - e);
        other_use[mm->person] |= !sh_is(d, e, U'的');
        late[mm->person] |= (mm->b >= 2 && seg_lit(d, mm->b - 2, mm->b, U"已故")) ||
                            (a >= 2 && seg_lit(d, a - 2, a, U"已故")) || seg_lit(d, a, mm->b, U"已故");
    }
    for (size_t k = 0; k < d->n_people; k++) {
        struct seg_iperson *p = &d->people[k];

        if (p->n_remarks == 0 && !p->spoke && !p->hosted && !p->summarized)
            p->absent |= any[k] && (!other_use[k] || late[k]);
    }
}

bool seg_attribute(struct seg_doc *d)
{
    struct para_state ps = {0};
    int form_person = -1;
    struct enum_state es = {.person = -1};
    struct sent_attr prev = {0}, carry = {0};
    bool carry_valid = false;
    const struct seg_para *prev_para = NULL;
    size_t k = 0;

    pthread_once(&seg_firsts_once, seg_firsts_build);
    pthread_once(&attrib_maps_once, attrib_maps_build);
    if (!seg_cue_map(d))
        return false;

    for (size_t pi = 0; pi < d->n_paras; pi++) {
        const struct seg_para *pa = &d->paras[pi];
        bool para_start = true, any_remark = false;
        bool continued, item_body;

        while (k < d->n_sents && d->sents[k].para < pi)
            k++;
        {    /* profile lines are short: read them before the boilerplate test */
            uint32_t nb, ne;
            bool facts;

            if (!pa->headline && seg_form_name(d, pa, &nb, &ne)) {
                form_person = seg_person_by_key(d, d->v.sh + nb, ne - nb);
                continue;
            }
            if (form_person >= 0 && seg_form_label(d, pa, &facts) > 0) {
                if (!seg_form_line(d, form_person, pa, k, &es))
                    return false;
                continue;
            }
            form_person = -1;
        }
        if (pa->boilerplate || pa->headline) {
            /* a rule, link or credit line ends a speech; a picture or video
             * set between its paragraphs does not */
            ps.last_valid &= embedded_media(d, pa);
            continue;
        }
        /* a paragraph after an open enumerated item (a bold heading, then its
         * body) continues that item's speaker */
        item_body = ps.last_valid && es.active && ps.last.n == 1 && es.person == ps.last.who[0] &&
                    !paragraph_has_people(d, pa) && !starts_with_marker(d, pa);
        continued = ps.last_valid && prev_para != NULL &&
                    (item_body || (continues_speech(d, prev_para, pa) &&
                                   (!paragraph_has_people(d, pa) || starts_with_marker(d, pa))));
        es.active = item_body;
        prev_para = pa;
        ps.cur.n = 0;
        ps.spoke.n = 0;
        ps.quote_depth = 0;
        memset(&prev, 0, sizeof prev);
        for (; k < d->n_sents && d->sents[k].para == pi; k++) {
            const struct seg_sent *s = &d->sents[k];
            const bool breaks = breaks_inside_quote(d, k);
            struct sent_attr a;

            if (carry_valid && para_start) {
                /* the rest of a sentence broken inside a quote: decided with
                 * the paragraph before */
                a = carry;
                if (a.cue_b >= 0 && (uint32_t)a.cue_b < s->b)
                    a.cue_b = a.cue_e = -1;
            } else if (breaks) {
                struct seg_sent whole = *s;

                whole.e = d->sents[k + 1].e;
                attribute_sentence(d, &whole, &ps, para_start, &a);
                carry = a;
                if (a.cue_b >= (int)s->e)
                    a.cue_b = a.cue_e = -1;    /* its cue is in the next line */
            } else {
                attribute_sentence(d, s, &ps, para_start, &a);
            }
            carry_valid = breaks;
            continued &= !a.third_party;    /* the speech ended with 会议指出… */
            if (!a.remark && continued && ps.cur.n == 0) {
                ps.cur = ps.last;
                a.g = ps.last;
                a.remark = true;
                a.rule = SEG_RULE_REMARK_CONTINUED;
            }
            para_start = false;
            if (!a.remark)
                continue;
            any_remark = true;
            for (unsigned g = 0; g < a.g.n; g++) {
                bool same = prev.remark && a.cue_b < 0;

                if (!seg_add_remark(d, a.g.who[g], s, a.cue_b, a.cue_e, a.rule, same))
                    return false;
            }
            /* 甲指出…；乙指出…: each part is its speakers' */
            if (a.several && a.cue_b >= 0 && a.split > (uint32_t)a.cue_b) {
                uint32_t verb = seg_proposing_verb(d, (uint32_t)a.cue_b, a.split);

                if (a.first_n == 1 &&
                    !seg_sentence_items_until(d, s, a.split + 1, a.g.who[0],
                                              verb > 0 ? (uint32_t)a.cue_b + verb : a.content, verb > 0, &es))
                    return false;
                if (a.g.n - a.first_n == 1 &&
                    !seg_sentence_items(d, s, a.g.who[a.first_n], content_after(d, a.second, s->e), false, &es))
                    return false;
            }
            /* a joint statement (甲、乙…表示，希望…) is each one's proposal */
            for (unsigned g = 0; g < a.g.n && !a.several && (a.g.n == 1 || a.g.joint); g++) {
                uint32_t cs = s->b;
                bool after_proposing = false;

                if (a.cue_b >= 0) {
                    cs = a.content;
                    after_proposing = seg_proposing_verb(d, (uint32_t)a.cue_b, s->e) > 0;
                    if (after_proposing)
                        cs = (uint32_t)a.cue_b + seg_proposing_verb(d, (uint32_t)a.cue_b, s->e);
                }
                if (!seg_sentence_items(d, s, a.g.who[g], cs, after_proposing, &es))
                    return false;
            }
            prev = a;
        }
        ps.last = ps.cur.n > 0 ? ps.cur : prev.g;
        ps.last_valid = any_remark && ps.last.n > 0;
    }
    seg_finish_list(d, &es);
    mark_letter_senders(d);
    mark_talked_about(d);
    seg_drop_bystanders(d);
    return true;
}
