/* Warnings for unreadable spans, kept as written; and event metadata. */
#include <stdlib.h>
#include <string.h>

#include "segment/zh_words.h"
#include "segment/lex.h"
#include "segment/seg_internal.h"

#define WARN_JOIN 2            /* flagged characters this close form one run */

/* The last slot is kept for the "cap" warning that says more were dropped. */
void seg_warn(struct seg_doc *d, const char *code, uint32_t b, uint32_t e)
{
    if (d->warnings_capped)
        return;
    /* A warning is reported in one paragraph, so it ends with it (a list
     * announced at the end of a line may be enumerated on the next), and
     * its text holds no trailing white space. */
    if (d->n_paras > 0) {
        const struct seg_para *pa = &d->paras[seg_para_of(d, b)];

        if (b >= pa->b && b < pa->e && e > pa->e)
            e = pa->e;
    }
    while (e > b && seg_is_space(d->v.cp[e - 1]))
        e--;
    if (d->n_warnings == SEG_MAX_WARNINGS - 1) {
        d->warnings[d->n_warnings++] = (struct seg_iwarning){"cap", b, e};
        d->warnings_capped = true;
        return;
    }
    d->warnings[d->n_warnings++] = (struct seg_iwarning){code, b, e};
}

/* Mojibake runs: characters flagged while the view was built, U+FFFD, and
 * a lone Latin capital between Han characters (黨??蒲刑幪庨L). */
bool seg_find_warnings(struct seg_doc *d)
{
    const struct seg_view *v = &d->v;
    uint32_t run_b = 0, run_e = 0;
    bool in_run = false, replacement = false;

    /* not zeroed: seg_warn writes each entry whole, only n_warnings are read */
    d->warnings = malloc(SEG_MAX_WARNINGS * sizeof *d->warnings);
    if (d->warnings == NULL)
        return false;
    /* a character flagged as mojibake may start a warning too: its class
     * says so (a vectorised pass), so that one flagged character in a long
     * document does not make the scan below test every position */
    {
        uint8_t *cls = d->v.cls;    /* locals: a byte store could alias d->v */
        const uint8_t *flag = v->flag;

        for (uint32_t i = 0, n = v->n; i < n; i++)
            cls[i] |= (uint8_t)((flag[i] & FLAG_MOJIBAKE) ? CLASS_WARNING : 0);
    }
    for (uint32_t i = 0; i <= v->n; i++) {
        bool bad = false;

        /* outside a run, a position that is neither flagged, U+FFFD nor a
         * capital (CLASS_WARNING) does nothing: passed over eight at a time */
        if (!in_run)
            i = seg_next_class(v->cls, i, v->n, CLASS_WARNING);
        while (!in_run && i < v->n && !(v->flag[i] & FLAG_MOJIBAKE) && v->cp[i] != U'�' &&
               v->cp[i] - 'A' > 'Z' - 'A')
            i++;
        if (i < v->n) {
            uint32_t c = v->cp[i];

            bad = (v->flag[i] & FLAG_MOJIBAKE) || c == U'�';
            if (c >= 'A' && c <= 'Z' && i > 0 && i + 1 < v->n && seg_is_han(v->cp[i - 1]) &&
                (seg_is_han(v->cp[i + 1]) || (v->flag[i] & FLAG_ANNOTATED)))
                bad = true;
        }
        if (bad && in_run && i - run_e <= WARN_JOIN && v->cp[i] != '\n') {
            run_e = i + 1;
            replacement |= v->cp[i] == U'�';
            continue;
        }
        if (in_run) {
            uint32_t b = run_b, e = run_e;

            if (b > 0 && seg_is_han(v->cp[b - 1]) && !(v->flag[b - 1] & FLAG_ANNOTATED))
                b--;
            if (e < v->n && v->cp[e] != '\n' && !seg_is_space(v->cp[e]) && !seg_is_punct(v->cp[e]))
                e++;
            seg_warn(d, replacement ? "replacement" : "mojibake", b, e);
            in_run = false;
        }
        if (bad) {
            in_run = true;
            run_b = i;
            run_e = i + 1;
            replacement = v->cp[i] == U'�';
        }
    }
    return true;
}

static bool is_stop(uint32_t c)
{
    return !seg_in_cjk_span(c) &&    /* one compare for the Han between stops */
           (c == U'，' || c == U'。' || c == U'；' || c == U'：' || c == U'！' ||
           c == U'？' || c == '\n');
}

/* Each finder below is asked at the positions of its character, in order
 * (seg_find_event), and says whether it is done. */

/* …(研讨会|论坛|座谈会…)在V(举行|召开|举办): event name and venue, asked at
 * each 在; *si follows the sentence it may be in (sentences are sorted
 * and disjoint). */
static bool event_venue_at(struct seg_doc *d, uint32_t i, size_t *si)
{
    static const char32_t *const verbs[] = {ZH_FIND_EVENT_VENUE_VERBS};
    static const char32_t *const kinds[] = {ZH_FIND_EVENT_VENUE_KINDS};
    const struct seg_sent *s;
    uint32_t j, nb = i, vl = 0;
    bool kind = false;

    while (*si < d->n_sents && d->sents[*si].e <= i)
        ++*si;
    if (*si == d->n_sents)
        return true;
    s = &d->sents[*si];
    if (i < s->b || d->paras[s->para].boilerplate)
        return false;
    for (j = i + 1; j < s->e && j - i < 30 && !is_stop(d->v.sh[j]) && vl == 0; j++) {
        bool starts_verb = false;

        /* most positions start none: all first characters compared
         * without a branch, the verbs tried only on a match */
        for (size_t k = 0; k < sizeof verbs / sizeof verbs[0]; k++)
            starts_verb |= d->v.sh[j] == (uint32_t)verbs[k][0];
        for (size_t k = 0; k < sizeof verbs / sizeof verbs[0] && starts_verb && vl == 0; k++)
            vl = seg_lit(d, j, s->e, verbs[k]);
    }
    if (vl == 0 || j - 1 <= i + 1)
        return false;
    while (nb > s->b && i - nb < SEG_LOOKAHEAD && !is_stop(d->v.sh[nb - 1]))
        nb--;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0] && !kind; k++) {
        uint32_t kl = seg_lit(d, i - 1, s->e, kinds[k]) ? 1 : 0;

        if (!kl && i >= 2)
            kl = seg_lit(d, i - 2, s->e, kinds[k]);
        kind = kl > 0;
    }
    if (!kind || i - nb < 3)
        return false;
    d->event.name = (struct seg_ispan){nb, i};
    d->event.venue = (struct seg_ispan){i + 1, j - 1};
    return true;
}

static bool has_text(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    for (uint32_t i = b; i < e; i++)
        if (!seg_is_space(d->v.cp[i]))
            return true;
    return false;
}

/* 由X、Y主办，Z承办: organisers, split only at a written delimiter; asked at
 * each 办 after the first position and before the last. */
static void organizers_at(struct seg_doc *d, uint32_t at)
{
    uint32_t i = at - 1, j, b;    /* the 主 or 承 */

    if (d->v.sh[i] != U'主' && d->v.sh[i] != U'承')
        return;
    for (b = i; b > 0 && i - b < 60 && !is_stop(d->v.sh[b - 1]) && d->v.sh[b - 1] != U'由'; b--)
        ;
    if (i - b >= 60 || b == i)
        return;
    for (j = b; j <= i && d->event.n_org < SEG_MAX_ORGANIZERS; j++) {
        if (j < i && d->v.sh[j] != U'、')
            continue;
        if (has_text(d, b, j))
            d->event.org[d->event.n_org++] = (struct seg_ispan){b, j};
        b = j + 1;
    }
}

/* 聚焦“…”这一主题, 以“…”为主题, 主题为“…”; asked at each 主 with two
 * more characters after it. */
static bool theme_at(struct seg_doc *d, uint32_t i)
{
    uint32_t q, open;

    if (!seg_lit(d, i, d->v.n, U"主题"))
        return false;
    if (i >= 3 && (d->v.sh[i - 1] == U'”' || seg_lit(d, i - 3, i, U"”这一"))) {
        q = d->v.sh[i - 1] == U'”' ? i - 1 : i - 3;
        for (open = q; open > 0 && q - open < SEG_LOOKAHEAD && d->v.sh[open] != U'“'; open--)
            ;
        if (d->v.sh[open] == U'“' && q > open + 1) {
            d->event.theme = (struct seg_ispan){open + 1, q};
            return true;
        }
    }
    if (seg_lit(d, i + 2, d->v.n, U"为“")) {
        for (q = i + 4; q < d->v.n && q - i < SEG_LOOKAHEAD && d->v.sh[q] != U'”'; q++)
            ;
        if (q < d->v.n && d->v.sh[q] == U'”' && q > i + 4) {
            d->event.theme = (struct seg_ispan){i + 4, q};
            return true;
        }
    }
    return false;
}

/* The byline: 记者 NAME (a rare surname is fine: the cue decides); asked at
 * each 记 with two more characters after it. */
static bool reporter_at(struct seg_doc *d, uint32_t i)
{
    uint32_t j, b;

    if (!seg_lit(d, i, d->v.n, U"记者"))
        return false;
    for (j = i + 2; j < d->v.n && seg_is_space(d->v.cp[j]); j++)
        ;
    for (b = j; j < d->v.n && j - b < 4 && seg_is_han(d->v.cp[j]); j++)
        ;
    if (j - b >= 2 && j - b <= 3 && (j == d->v.n || !seg_is_han(d->v.cp[j]))) {
        d->event.reporter = (struct seg_ispan){b, j};
        return true;
    }
    return false;
}

/* The finders share one scan of the document: their characters are
 * CLASS_EVENT, found eight positions at a time, and each position is
 * given to the finder of its character until that finder is done. */
void seg_find_event(struct seg_doc *d)
{
    const uint32_t n = d->v.n;
    bool venue_done = false, theme_done = false, reporter_done = false;
    size_t si = 0;

    seg_find_date(d);
    for (uint32_t i = 0; (i = seg_next_class(d->v.cls, i, n, CLASS_EVENT)) < n; i++) {
        switch (d->v.sh[i]) {
        case U'在':
            venue_done = venue_done || event_venue_at(d, i, &si);
            break;
        case U'办':
            if (i >= 1 && i + 2 <= n)
                organizers_at(d, i);
            break;
        case U'主':
            theme_done = theme_done || (i + 3 <= n && theme_at(d, i));
            break;
        case U'记':
            reporter_done = reporter_done || (i + 3 <= n && reporter_at(d, i));
            break;
        default:
            break;
        }
    }
}
