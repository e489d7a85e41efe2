/* A first English path (SEGMENTER.md section 8): people are capitalised
 * names next to a speech verb (X said, said X, X, a title, said), with the
 * post written before the name as affiliation; Mr/Lord X, a bare surname
 * and he/she are mentions; a sentence with a speech verb and a subject is a
 * remark, quotes after it carry over; should/must/need to… inside a remark
 * make an item. It reuses the Chinese path's view, sentences and results. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "segment/seg_internal.h"

#define MAX_TITLE_WORDS 6      /* words of a post before a name */
#define APPOSITIVE_WORDS 16    /* X, a spokesman for the party, said */

struct word {
    uint32_t b, e;
};

struct words {
    struct word *w;
    size_t n, cap;
};

static bool is_upper(uint32_t c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_letter(uint32_t c)
{
    return (c | 0x20) - 'a' <= 'z' - 'a';
}

/* Case-insensitive match of word w against an ASCII word. */
static bool word_is(const struct seg_doc *d, struct word w, const char *ascii)
{
    uint32_t i = w.b;

    for (; *ascii && i < w.e; ascii++, i++)
        if ((d->v.cp[i] | 0x20) != (uint32_t)(*ascii | 0x20))
            return false;
    return *ascii == '\0' && i == w.e;
}

#define WORD_SET_MAX 128

/* A word list indexed once by first letter, with the lengths of its
 * entries as a bit mask: a word of the text is compared only with the
 * entries that share its first letter, and most words with none. */
struct word_set {
    const char *const *words;
    size_t n;
    uint32_t lengths;                /* bit len for each entry length (all below 32) */
    uint8_t by_letter[WORD_SET_MAX]; /* entry indices grouped by lower-cased first letter */
    uint8_t from[27];                /* letter c - 'a' has by_letter[from[c], from[c + 1]) */
};

/* Inline: asked of nearly every word, and the masks usually answer. */
static inline bool word_in(const struct seg_doc *d, struct word w, const struct word_set *set)
{
    uint32_t first = (d->v.cp[w.b] | 0x20) - 'a', len = w.e - w.b;

    if (first > 'z' - 'a' || len >= 32 || !((set->lengths >> len) & 1))
        return false;    /* every entry starts with a letter */
    for (unsigned k = set->from[first]; k < set->from[first + 1]; k++)
        if (word_is(d, w, set->words[set->by_letter[k]]))
            return true;
    return false;
}

#define WORD_IN(d, w, set) word_in((d), (w), &set##_set)

static const char *const speech_verbs[] = {
    "said", "says", "told", "warned", "added", "argued", "insisted", "urged", "stressed", "echoed",
    "explained", "believes", "claimed", "suggested", "recommended", "admitted", "asked",
    "agreed", "announced", "acknowledged", "maintained",
};
static const char *const honorifics[] = {"Mr", "Mrs", "Ms", "Miss", "Dr", "Professor"};
static const char *const nobility[] = {"Lord", "Lady", "Sir", "Dame", "Baroness", "Baron"};
static const char *const not_names[] = {
    "The", "A", "An", "It", "He", "She", "They", "We", "I", "But", "And", "In", "At", "On", "If",
    "This", "That", "There", "His", "Her", "Their", "Our", "BBC", "MPs", "MP", "Commons",
    "Government", "Parliament", "Committee", "Office", "Agency", "Society", "Court", "House",
    "Party", "Labour", "Tory", "Tories", "Conservative", "Conservatives", "Minister", "Secretary",
    "Chairman", "Today", "Radio", "News", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "January", "February", "March", "April", "July",
    "September", "October", "November", "December", "Britain", "UK", "England",
    "London", "Scotland", "Wales", "Home", "Foreign", "Shadow", "Liberal", "Democrat",
    "Democrats", "Department", "Council", "Lords", "Bill", "Act", "Office's", "Audit", "As",
    "For", "When", "After", "While", "So", "Yet", "Also", "Police", "Ahead", "Its", "Mr",
};
static const char *const title_words[] = {
    "secretary", "minister", "chairman", "chairwoman", "chair", "spokesman", "spokeswoman",
    "chief", "executive", "director", "president", "leader", "judge", "justice", "head",
    "member", "professor", "officer", "commissioner", "chancellor", "mayor", "governor",
    "editor", "adviser", "advisor", "manager", "founder", "analyst",
};
static const char *const title_joiners[] = {
    "and", "of", "for", "the", "former", "shadow", "deputy", "chief", "executive", "home",
    "foreign", "senior", "general", "vice", "acting",
};

static const char *const clause_openers[] = {"But", "And", "As", "So", "Yet", "While", "When",
                                             "After", "Also", "Ahead", "In", "At", "On"};
static const char *const modals[] = {"should", "must", "shouldn't", "mustn't", "need", "needs",
                                     "got", "urge", "urged", "recommend", "recommended",
                                     "important"};
static const char *const beliefs[] = {"believes", "believe", "thinks", "think", "feels", "feel"};

#define WORD_SET(list)                                                                   \
    _Static_assert(sizeof list / sizeof list[0] <= WORD_SET_MAX, "word list too long");   \
    static struct word_set list##_set = {list, sizeof list / sizeof list[0], 0, {0}, {0}}
WORD_SET(speech_verbs);
WORD_SET(honorifics);
WORD_SET(nobility);
WORD_SET(not_names);
WORD_SET(title_words);
WORD_SET(title_joiners);
WORD_SET(clause_openers);
WORD_SET(modals);
WORD_SET(beliefs);

static void word_sets_fill(void)
{
    struct word_set *const sets[] = {&speech_verbs_set, &honorifics_set, &nobility_set,
                                     &not_names_set, &title_words_set, &title_joiners_set,
                                     &clause_openers_set, &modals_set, &beliefs_set};

    for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
        struct word_set *set = sets[k];
        unsigned at = 0;

        for (unsigned c = 0; c < 26; c++) {
            set->from[c] = (uint8_t)at;
            for (size_t i = 0; i < set->n; i++)
                if ((unsigned)((set->words[i][0] | 0x20) - 'a') == c)
                    set->by_letter[at++] = (uint8_t)i;
        }
        set->from[26] = (uint8_t)at;
        for (size_t i = 0; i < set->n; i++)
            set->lengths |= 1u << strlen(set->words[i]);
    }
}

static bool push_word(struct words *ws, uint32_t b, uint32_t e)
{
    if (ws->n == ws->cap) {
        size_t nc = ws->cap ? ws->cap * 2 : 64;
        struct word *w = realloc(ws->w, nc * sizeof *w);

        if (w == NULL)
            return false;
        ws->w = w;
        ws->cap = nc;
    }
    ws->w[ws->n++] = (struct word){b, e};
    return true;
}

/* Words of [b, e): letters with inner apostrophes and hyphens. */
static bool split_words(const struct seg_doc *d, uint32_t b, uint32_t e, struct words *ws)
{
    const uint32_t *cp = d->v.cp;

    ws->n = 0;
    for (uint32_t i = b; i < e;) {
        uint32_t j;

        while (i < e && !is_letter(cp[i]))
            i++;
        if (i == e)
            break;
        /* runs of letters, joined by an apostrophe or hyphen with a letter after it */
        for (j = i + 1;; j += 2) {
            while (j < e && is_letter(cp[j]))
                j++;
            if (!(j + 1 < e && (cp[j] == '\'' || cp[j] == '-' || cp[j] == 0x2019) &&
                  is_letter(cp[j + 1])))
                break;
        }
        if (!push_word(ws, i, j))
            return false;
        i = j;
    }
    return true;
}

/* Whether only a space separates words a and b (no punctuation). */
static bool adjacent(const struct seg_doc *d, struct word a, struct word b)
{
    for (uint32_t i = a.e; i < b.b; i++)
        if (d->v.cp[i] != ' ')
            return false;
    return true;
}

static bool capitalised_name_word(const struct seg_doc *d, struct word w)
{
    return is_upper(d->v.cp[w.b]) && w.e - w.b >= 2 && !is_upper(d->v.cp[w.b + 1]) &&
           !WORD_IN(d, w, not_names) && !WORD_IN(d, w, honorifics);
}


/* Culture, Media and Sport Secretary: a comma inside a capitalised post. */
static bool listed(const struct seg_doc *d, struct word a, struct word b)
{
    return b.b == a.e + 2 && d->v.cp[a.e] == ',' && d->v.cp[a.e + 1] == ' ' &&
           is_upper(d->v.cp[a.b]);
}

/* the agency's former chief executive */
static bool possessive(const struct seg_doc *d, struct word w)
{
    return w.e - w.b > 2 && d->v.cp[w.e - 1] == 's' &&
           (d->v.cp[w.e - 2] == '\'' || d->v.cp[w.e - 2] == 0x2019);
}

/* Start word of a post written before the name at word k (Work and
 * Pensions Secretary, Committee chairman), or k when there is none. */
static size_t title_start(const struct seg_doc *d, const struct words *ws, size_t k)
{
    size_t t = k;

    if (k == 0 || !adjacent(d, ws->w[k - 1], ws->w[k]) || !WORD_IN(d, ws->w[k - 1], title_words))
        return k;
    while (t > 0 && k - t < MAX_TITLE_WORDS &&
           (adjacent(d, ws->w[t - 1], ws->w[t]) ||
            (listed(d, ws->w[t - 1], ws->w[t]) && is_upper(d->v.cp[ws->w[t].b]))) &&
           ((is_upper(d->v.cp[ws->w[t - 1].b]) && !WORD_IN(d, ws->w[t - 1], clause_openers)) ||
            WORD_IN(d, ws->w[t - 1], title_words) || WORD_IN(d, ws->w[t - 1], title_joiners) ||
            possessive(d, ws->w[t - 1])))
        t--;
    while (t < k && (word_is(d, ws->w[t], "and") || word_is(d, ws->w[t], "of") ||
                     word_is(d, ws->w[t], "for")))
        t++;    /* a post does not open with "and" */
    return t;
}

/* A speech verb at word k, or within an appositive after it (X, a
 * spokesman for the party, said). */
static bool speaks_after(const struct seg_doc *d, const struct words *ws, size_t k, uint32_t name_e)
{
    if (k < ws->n && WORD_IN(d, ws->w[k], speech_verbs))
        return true;
    if (k + 1 < ws->n && (word_is(d, ws->w[k], "has") || word_is(d, ws->w[k], "also")) &&
        WORD_IN(d, ws->w[k + 1], speech_verbs))
        return true;
    if (k < ws->n && d->v.cp[name_e] == ',')
        for (size_t j = k; j < ws->n && j < k + APPOSITIVE_WORDS; j++)
            if (WORD_IN(d, ws->w[j], speech_verbs))
                return j > k && d->v.cp[ws->w[j].b - 2] == ',';
    return false;
}

/* Words written after Mr, Ms, Dr… anywhere in the report, collected once:
 * Patricia Hewitt … Ms Hewitt said makes Patricia Hewitt a person. */
static bool collect_titled(const struct seg_doc *d, struct words *all, struct words *titled)
{
    titled->n = 0;
    if (!split_words(d, 0, d->v.n, all))
        return false;
    for (size_t k = 0; k + 1 < all->n && titled->n < SEG_MAX_PEOPLE; k++)    /* bounded */
        if (WORD_IN(d, all->w[k], honorifics) && adjacent(d, all->w[k], all->w[k + 1]) &&
            is_upper(d->v.cp[all->w[k + 1].b]) &&
            !push_word(titled, all->w[k + 1].b, all->w[k + 1].e))
            return false;
    return true;
}

static bool titled_elsewhere(const struct seg_doc *d, const struct words *titled, struct word last)
{
    uint32_t len = last.e - last.b;

    for (size_t k = 0; k < titled->n; k++)
        if (titled->w[k].e - titled->w[k].b == len &&
            memcmp(d->v.cp + titled->w[k].b, d->v.cp + last.b, len * 4) == 0)
            return true;
    return false;
}

/* People of one sentence: capitalised names next to a speech verb. */
static void sentence_people(struct seg_doc *d, const struct words *ws, const struct words *titled)
{
    for (size_t k = 0; k < ws->n; k++) {
        size_t first = k, last = k;
        bool noble = WORD_IN(d, ws->w[k], nobility);

        if (!noble && !capitalised_name_word(d, ws->w[k]))
            continue;
        while (last + 1 < ws->n && last - first < 2 && adjacent(d, ws->w[last], ws->w[last + 1]) &&
               capitalised_name_word(d, ws->w[last + 1]))
            last++;
        if (last == first) {
            /* one word is a name after Lord or Sir, or as the subject of a
             * speech verb (His mother, Giselle, said) */
            bool opens = first == 0 || d->v.cp[ws->w[first].b - 2] == ',';

            if (!noble && opens && speaks_after(d, ws, last + 1, ws->w[last].e) &&
                !(last + 1 < ws->n && WORD_IN(d, ws->w[last + 1], speech_verbs) && first == 0))
                seg_add_person(d, ws->w[first].b, ws->w[last].e, ws->w[first].b, ws->w[first].b,
                               ws->w[first].b, ws->w[first].b, SEG_RULE_PERSON_EN_SUBJECT);
            continue;
        }
        {
            bool said_before = first > 0 && WORD_IN(d, ws->w[first - 1], speech_verbs);
            size_t t = title_start(d, ws, first);

            if (said_before || t < first || speaks_after(d, ws, last + 1, ws->w[last].e) ||
                titled_elsewhere(d, titled, ws->w[last])) {
                uint32_t ab = ws->w[t].b, ae = t < first ? ws->w[first - 1].e : ab;

                seg_add_person(d, ws->w[first].b, ws->w[last].e, ab, ae, ab, ae,
                               SEG_RULE_PERSON_EN_NAME);
            }
        }
        k = last;
    }
}

/* The person whose last name word is w, if exactly one. */
static int by_last_name(const struct seg_doc *d, struct word w)
{
    int found = -1;

    for (size_t p = 0; p < d->n_people; p++) {
        uint32_t e = d->people[p].name_e, b = e;

        while (b > d->people[p].name_b && d->v.cp[b - 1] != ' ')
            b--;
        if (e - b == w.e - w.b && memcmp(d->v.cp + b, d->v.cp + w.b, (e - b) * 4) == 0)
            found = found < 0 ? (int)p : -2;
    }
    return found;
}

static bool paragraph_mentions(struct seg_doc *d, const struct seg_para *pa, struct words *ws)
{
    if (!split_words(d, pa->b, pa->e, ws))
        return false;
    for (size_t k = 0; k < ws->n; k++) {
        struct word w = ws->w[k];
        int who = -1;
        uint32_t b = w.b;

        for (size_t p = 0; p < d->n_people; p++) {
            const struct seg_iperson *pp = &d->people[p];
            uint32_t len = pp->name_e - pp->name_b;

            if (w.b + len <= pa->e && d->v.cp[pp->name_b] == d->v.cp[w.b] &&    /* first letter first */
                memcmp(d->v.cp + pp->name_b, d->v.cp + w.b, len * 4) == 0)
                who = (int)p;
            if (who >= 0) {
                if (!seg_push_mention(d, w.b, w.b + len, who, MENTION_FULL))
                    return false;
                while (k + 1 < ws->n && ws->w[k + 1].b < w.b + len)
                    k++;
                break;
            }
        }
        if (who >= 0)
            continue;
        if ((word_is(d, w, "he") || word_is(d, w, "she")) &&
            !seg_push_mention(d, w.b, w.e, -1, MENTION_PRONOUN))
            return false;
        if ((WORD_IN(d, w, honorifics) || WORD_IN(d, w, nobility)) && k + 1 < ws->n) {
            b = w.b;
            w = ws->w[++k];
        }
        if (is_upper(d->v.cp[w.b]) && (who = by_last_name(d, w)) >= 0 &&
            !seg_push_mention(d, b, w.e, who, MENTION_PARTIAL))
            return false;
    }
    return true;
}



/* An item of a remark sentence: from the opening quote, or after the
 * speech verb (and "that"), or from the sentence start. */
static bool sentence_item(struct seg_doc *d, const struct seg_sent *s, int who, int cue_e,
                          const struct words *ws)
{
    uint32_t b = s->b, m = s->e, modal_e = s->e;

    for (size_t k = 0; k < ws->n && m == s->e; k++)
        if (WORD_IN(d, ws->w[k], modals) &&
            !((word_is(d, ws->w[k], "need") || word_is(d, ws->w[k], "got")) &&
              !(k + 1 < ws->n && word_is(d, ws->w[k + 1], "to")))) {
            m = ws->w[k].b;    /* need to, have got to */
            modal_e = ws->w[k].e;
        }
    if (m == s->e)
        return true;
    {
        uint32_t quotes = 0, last_open = s->b;

        for (uint32_t i = s->b; i < m; i++)
            if (d->v.cp[i] == '"' || d->v.cp[i] == 0x201C || d->v.cp[i] == 0x201D)
                if (quotes++ % 2 == 0)
                    last_open = i + 1;
        if (quotes % 2 == 1)
            b = last_open;    /* the modal stands inside a quotation */
    }
    for (size_t k = 1; k < ws->n && ws->w[k].b < m; k++)
        if (word_is(d, ws->w[k], "that") && ws->w[k].e + 1 < m && ws->w[k].b >= b &&
            (WORD_IN(d, ws->w[k - 1], speech_verbs) || WORD_IN(d, ws->w[k - 1], beliefs)))
            b = ws->w[k].e + 1;    /* believes that these arguments should… */
    if (b == s->b && cue_e >= 0 && (uint32_t)cue_e < m) {
        b = (uint32_t)cue_e;
        while (b < m && (d->v.cp[b] == ' ' || d->v.cp[b] == ','))
            b++;
        if (m - b > 5 && (d->v.cp[b] | 0x20) == 't' && (d->v.cp[b + 1] | 0x20) == 'h' &&
            d->v.cp[b + 2] == 'a' && d->v.cp[b + 3] == 't' && d->v.cp[b + 4] == ' ')
            b += 5;
    }
    return seg_push_item(d, who, s->para, b, s->e,
                         (struct seg_why){SEG_RULE_ITEM_EN_MODAL, m, modal_e});
}

static bool opens_with_quote(const struct seg_doc *d, const struct seg_sent *s)
{
    return d->v.cp[s->b] == '"' || d->v.cp[s->b] == 0x201C;
}

/* Who a sentence reports: the subject of its first speech verb. */
static int sentence_speaker(struct seg_doc *d, const struct seg_sent *s, const struct words *ws,
                            int cur, int last, bool para_start, int *cue_b, int *cue_e,
                            enum seg_rule *rule)
{
    for (size_t k = 0; k < ws->n; k++) {
        struct word v = ws->w[k];
        int who = -1;

        if (!WORD_IN(d, v, speech_verbs))
            continue;
        for (size_t m = seg_first_mention(d, s->b); m < d->n_mentions && d->mentions[m].b < s->e;
             m++) {
            const struct seg_mention *mm = &d->mentions[m];

            if (mm->e <= v.b || (mm->b >= v.e && mm->b <= v.e + 1 && who < 0)) {
                who = mm->kind == MENTION_PRONOUN ? (cur >= 0 ? cur : para_start ? last : -1)
                                                  : mm->person;
                *rule = mm->kind != MENTION_PRONOUN ? SEG_RULE_REMARK_CUE
                        : cur >= 0                  ? SEG_RULE_REMARK_PRONOUN
                                                    : SEG_RULE_REMARK_PRONOUN_PREV;
            }
        }
        if (who >= 0) {
            *cue_b = (int)v.b;
            *cue_e = (int)v.e;
            return who;
        }
    }
    return -1;
}

bool seg_english(struct seg_doc *d)
{
    static pthread_once_t sets_once = PTHREAD_ONCE_INIT;
    struct words ws = {0}, titled = {0};
    int last = -1, cur = -1;
    bool ok;

    pthread_once(&sets_once, word_sets_fill);
    ok = seg_people_alloc(d) && collect_titled(d, &ws, &titled);

    for (size_t k = 0; ok && k < d->n_sents; k++) {
        const struct seg_para *pa = &d->paras[d->sents[k].para];

        if (!pa->boilerplate && !pa->headline) {
            ok = split_words(d, d->sents[k].b, d->sents[k].e, &ws);
            sentence_people(d, &ws, &titled);
        }
    }
    for (size_t p = 0; ok && p < d->n_paras; p++)
        if (!d->paras[p].boilerplate && !d->paras[p].headline)
            ok = paragraph_mentions(d, &d->paras[p], &ws);
    for (size_t k = 0, para = SIZE_MAX; ok && k < d->n_sents; k++) {
        const struct seg_sent *s = &d->sents[k];
        const struct seg_para *pa = &d->paras[s->para];
        bool para_start = s->para != para;
        int cue_b = -1, cue_e = -1, who;
        enum seg_rule rule = SEG_RULE_REMARK_CARRIED;

        if (pa->boilerplate || pa->headline)
            continue;
        if (para_start)
            cur = -1;
        para = s->para;
        ok = split_words(d, s->b, s->e, &ws);
        who = sentence_speaker(d, s, &ws, cur, last, para_start, &cue_b, &cue_e, &rule);
        if (who < 0 && opens_with_quote(d, s) && (cur >= 0 || (para_start && last >= 0))) {
            who = cur >= 0 ? cur : last;
            rule = cur >= 0 ? SEG_RULE_REMARK_CARRIED : SEG_RULE_REMARK_CONTINUED;
        }
        if (who < 0)
            continue;
        ok = ok && seg_add_remark(d, who, s, cue_b, cue_e, rule, cue_b < 0) &&
             sentence_item(d, s, who, cue_e, &ws);
        d->people[who].spoke = true;
        cur = last = who;
    }
    free(ws.w);
    free(titled.w);
    return ok;
}
