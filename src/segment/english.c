/* The English path (SEGMENTER.md section 8), for news stories and press
 * releases. People are capitalised names next to a speech verb (X said,
 * "…," said Dr X, X, a title, said), after a post given a part in the
 * event, or found speaking under a style elsewhere; bodies and places are
 * told by their form (a last word such as Trust, a preposition of place),
 * not by lists of names. The post written before the name, less courtesy
 * styles (Dr, Hon.), is the affiliation. Mr/Dame X, a bare or possessive
 * surname and he/she are mentions. A sentence whose speech verb has a
 * mention as subject (or right after it) is a remark; quotations carry
 * the speaker on until someone else, named or not, speaks. Items are the
 * clauses of a remark that carry the markers of SOURCES.md (should, must,
 * need to, have (got) to, it is important that, called for, recommended).
 * It reuses the Chinese path's view, sentences and results. */
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "segment/seg_internal.h"

#define MAX_TITLE_WORDS 6      /* words of a post before a name */
#define APPOSITIVE_WORDS 16    /* X, a spokesman for the party, said */

struct word {
    uint32_t b, e;
    uint32_t lists;    /* the word lists it is in (word_lists), a bit each */
};
_Static_assert(offsetof(struct word, b) == 0, "a word starts with its start");

struct words {
    struct word *w;
    size_t n, cap;
    /* A span's words (words_next): the lists any of them is in, so that
     * a pass looking for one list's words can pass a span with none;
     * every bit when not gathered. */
    uint32_t lists;
};

/* Latin letters with diacritics (Māori, Pūtahi) are letters of a word:
 * Latin-1 and Latin Extended-A and -B, less the two signs among them. */
static bool is_accented(uint32_t c)
{
    return c >= U'À' && c <= U'ɏ' && c != U'×' && c != U'÷';
}

static bool is_upper(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') ||
           (is_accented(c) && utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_LU);
}

static bool is_letter(uint32_t c)
{
    return c < 0x80 ? (c | 0x20) - 'a' <= 'z' - 'a' : is_accented(c);
}

/* Case-insensitive match of word w against an ASCII word. Inline, and
 * the lengths compared first: asked with a literal, whose length the
 * compiler knows, it turns most words down in one comparison. */
static inline bool word_is(const struct seg_doc *d, struct word w, const char *ascii)
{
    size_t len = strlen(ascii);

    if (w.e - w.b != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if ((d->v.cp[w.b + i] | 0x20) != (uint32_t)(ascii[i] | 0x20))
            return false;
    return true;
}

/* The word lists, each a bit in one hash table built once: each word of
 * the text is looked up once, when the report is split into words, and
 * carries the lists it is in (word.lists), so the dozens of list
 * questions asked of each word cost a bit test each. */
struct word_set {
    const char *const *words;
    size_t n;
    uint32_t bit;
};

/* A word the way the comparison sees it: every code point ORed with 0x20,
 * so ASCII letters match in either case; a code point beyond ASCII
 * matches nothing, since every entry is ASCII. */
#define WORD_KEY_MAX 32
#define WORD_TABLE_BITS 11             /* several times the entries */
#define WORD_TABLE_SIZE (1u << WORD_TABLE_BITS)
static struct {
    char key[WORD_KEY_MAX];
    uint8_t len;
    uint32_t lists;
} word_table[WORD_TABLE_SIZE];

/* The shapes of the entries (length, first and last letter, as the key
 * has them), a bit each: most words of a text are in no list, and their
 * shape turns them down before their letters are read. The shape is the
 * table's hash too, so a word is read only to be compared. */
#define WORD_SHAPES 8192
static uint64_t word_shapes[WORD_SHAPES / 64];

static uint32_t word_shape(const uint32_t *cp, uint32_t len)
{
    return (len & 7) << 10 | ((cp[0] | 0x20) & 31) << 5 | ((cp[len - 1] | 0x20) & 31);
}

static bool word_shape_known(uint32_t shape)
{
    return (word_shapes[shape / 64] >> (shape % 64)) & 1;
}

/* Whether the entry at slot at is the word cp[0, len). */
static bool word_slot_holds(size_t at, const uint32_t *cp, uint32_t len)
{
    if (word_table[at].len != len)
        return false;
    for (uint32_t i = 0; i < len; i++)
        if ((cp[i] | 0x20) != (uint8_t)word_table[at].key[i])
            return false;
    return true;
}

/* The slot of the word cp[0, len): where it is, or the empty one where it
 * belongs. Fibonacci hashing spreads the shapes over the table. */
static size_t word_slot(const uint32_t *cp, uint32_t len, uint32_t shape)
{
    size_t at = (shape * 2654435761u) >> (32 - WORD_TABLE_BITS);

    while (word_table[at].len != 0 && !word_slot_holds(at, cp, len))
        at = (at + 1) & (WORD_TABLE_SIZE - 1);
    return at;
}

/* The lists the word written at [b, e) is in, as a mask of their bits.
 * A word is never empty (it has a letter at least), which the shape, read
 * from its first and last code point, relies on. */
static uint32_t word_lists(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    uint32_t len = e - b, shape;
    size_t at;

    if (len >= WORD_KEY_MAX || !word_shape_known(shape = word_shape(d->v.cp + b, len)))
        return 0;
    at = word_slot(d->v.cp + b, len, shape);
    return word_table[at].len != 0 ? word_table[at].lists : 0;
}

#define WORD_IN(w, set) (((w).lists & set##_set.bit) != 0)

/* Not a list: set in a word split from the text that holds a hyphen, so
 * that title_word looks for the last part of a compound only there. */
#define WORD_HYPHENATED (1u << 31)

#include "segment/en_lex_data.h"

/* Half empty at most, so that a probe ends soon at an empty slot. */
_Static_assert(EN_LEX_WORDS * 2 <= WORD_TABLE_SIZE, "WORD_TABLE_SIZE too small for the lists");

#define WORD_SET(list)                                                                   \
    static struct word_set list##_set = {list, sizeof list / sizeof list[0], 0}
WORD_SET(speech_verbs);
WORD_SET(honorifics);
WORD_SET(nobility);
WORD_SET(not_names);
WORD_SET(org_heads);
WORD_SET(title_words);
WORD_SET(title_joiners);
WORD_SET(clause_openers);
WORD_SET(modals);
WORD_SET(proposing);
WORD_SET(beliefs);
WORD_SET(after_speaker);
WORD_SET(hedges);
WORD_SET(subject_fillers);
WORD_SET(event_roles);
WORD_SET(chairing);
WORD_SET(embedders);
WORD_SET(be_forms);
WORD_SET(interjections);
WORD_SET(not_post);
WORD_SET(object_verbs);
WORD_SET(speech_nouns);
WORD_SET(proposal_nouns);
WORD_SET(subordinators);
WORD_SET(summing_up);
WORD_SET(place_prepositions);

/* he and she, the pronouns that are mentions: a list of their own, so
 * that paragraph_mentions asks every word with a bit test where comparing
 * it with two words of different lengths mispredicted. */
static const char *const pronouns[] = {"he", "she"};
WORD_SET(pronouns);

static void word_sets_fill(void)
{
    struct word_set *const sets[] = {&speech_verbs_set, &honorifics_set, &nobility_set,
                                     &not_names_set, &title_words_set, &title_joiners_set,
                                     &clause_openers_set, &modals_set, &beliefs_set,
                                     &org_heads_set, &proposing_set, &after_speaker_set,
                                     &hedges_set, &subordinators_set, &summing_up_set,
                                     &place_prepositions_set, &pronouns_set, &subject_fillers_set,
                                     &event_roles_set, &chairing_set, &embedders_set, &be_forms_set,
                                     &interjections_set, &not_post_set,
                                     &object_verbs_set, &speech_nouns_set,
                                     &proposal_nouns_set};

    _Static_assert(sizeof sets / sizeof sets[0] <= 31,
                   "a list is a bit of a uint32_t, less WORD_HYPHENATED");
    for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
        struct word_set *set = sets[k];

        set->bit = 1u << k;
        for (size_t i = 0; i < set->n; i++) {
            uint32_t entry[WORD_KEY_MAX], len = (uint32_t)strlen(set->words[i]), shape;
            size_t at;

            if (len == 0 || len >= WORD_KEY_MAX)
                continue;    /* no word of the text is looked up empty or that long */
            for (uint32_t c = 0; c < len; c++)
                entry[c] = (uint8_t)set->words[i][c];
            shape = word_shape(entry, len);
            at = word_slot(entry, len, shape);
            for (uint32_t c = 0; c < len; c++)
                word_table[at].key[c] = (char)(entry[c] | 0x20);
            word_table[at].len = (uint8_t)len;
            word_table[at].lists |= set->bit;
            word_shapes[shape / 64] |= UINT64_C(1) << (shape % 64);
        }
    }
}

static bool push_word(struct words *ws, struct word w)
{
    if (ws->n == ws->cap) {    /* only then is a call worth it */
        struct word *grown = seg_grow(ws->w, &ws->cap, ws->n, sizeof *grown, 64);

        if (grown == NULL)
            return false;
        ws->w = grown;
    }
    ws->w[ws->n++] = w;
    return true;
}

/* End of the run of ASCII letters from j (before e): the first class
 * byte without CLASS_LATIN, eight bytes at a time as in seg_next_class,
 * which finds a byte with a bit where this needs one without. Nearly
 * every letter of an English report is ASCII, so a word costs a step or
 * two, not a test and a mispredicted exit per letter. */
static uint32_t ascii_letters_end(const uint8_t *cls, uint32_t j, uint32_t e)
{
    const uint64_t latin = CLASS_LATIN * (UINT64_MAX / 0xFF);    /* the bit in every byte */

    while (e - j >= 8) {
        uint64_t word;

        memcpy(&word, cls + j, sizeof word);
        if (~word & latin) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return j + (uint32_t)__builtin_ctzll(~word & latin) / 8;
#else
            break;
#endif
        }
        j += 8;
    }
    while (j < e && (cls[j] & CLASS_LATIN))
        j++;
    return j;
}

/* End of the run of letters from j: an accented letter (Māori) carries
 * the ASCII run on. */
static uint32_t letters_end(const struct seg_doc *d, uint32_t j, uint32_t e)
{
    while ((j = ascii_letters_end(d->v.cls, j, e)) < e && is_accented(d->v.cp[j]))
        j++;
    return j;
}

/* Words of [b, e): letters with inner apostrophes and hyphens. */
static bool split_words(const struct seg_doc *d, uint32_t b, uint32_t e, struct words *ws)
{
    const uint32_t *cp = d->v.cp;
    size_t most = (e - b) / 2 + 1;    /* a word and what ends it take two code points */

    /* room for them all at once, instead of growing word by word: the
     * pages of it that no word reaches are never touched */
    if (ws->cap < most) {
        struct word *room = realloc(ws->w, most * sizeof *room);

        if (room == NULL)
            return false;
        ws->w = room;
        ws->cap = most;
    }
    ws->n = 0;
    for (uint32_t i = b; i < e;) {
        uint32_t j;
        bool hyphenated = false;

        while (i < e && !(d->v.cls[i] & CLASS_LATIN) && !is_accented(cp[i]))    /* is_letter */
            i++;
        if (i == e)
            break;
        /* runs of letters, joined by an apostrophe or hyphen with a letter after it */
        for (j = i + 1;; j += 2) {
            j = letters_end(d, j, e);
            if (!(j + 1 < e && (cp[j] == '\'' || cp[j] == '-' || cp[j] == U'’') &&
                  is_letter(cp[j + 1])))
                break;
            hyphenated |= cp[j] == '-';
        }
        ws->w[ws->n++] = (struct word){i, j,    /* room reserved above */
                                       word_lists(d, i, j) | (hyphenated ? WORD_HYPHENATED : 0)};
        i = j + 1;    /* what ended the word is no letter: the gap is read from after it */
    }
    return true;
}

static size_t first_word_after(const struct words *ws, uint32_t pos);

/* The words of [b, e) as a view into the report's words, split once:
 * no word crosses a sentence or paragraph end, which are not letters. */
static struct words words_in(const struct words *all, uint32_t b, uint32_t e)
{
    size_t from = first_word_after(all, b), to = first_word_after(all, e);

    return (struct words){all->w + from, to - from, 0, UINT32_MAX};
}

/* words_in for spans asked in the order of the text (the sentences or
 * the paragraphs, one after the other): the words are walked on from
 * where the last span's ended, *next, which costs a few steps a span
 * where two binary searches cost many mispredicted branches. */
static struct words words_next(const struct words *all, size_t *next, uint32_t b, uint32_t e)
{
    size_t from = *next, to;
    uint32_t lists = 0;

    while (from < all->n && all->w[from].b < b)
        from++;
    for (to = from; to < all->n && all->w[to].b < e; to++)
        lists |= all->w[to].lists;
    *next = to;
    return (struct words){all->w + from, to - from, 0, lists};
}

/* Whether only a space separates words a and b (no punctuation). */
static bool adjacent(const struct seg_doc *d, struct word a, struct word b)
{
    for (uint32_t i = a.e; i < b.b; i++)
        if (d->v.cp[i] != ' ')
            return false;
    return true;
}

/* A title word, also as the last part of a compound (Vice-Chancellor);
 * w is a word as split_words found it, which says if it is compound. */
static bool title_word(const struct seg_doc *d, struct word w)
{
    uint32_t i = w.e;

    if (WORD_IN(w, title_words))
        return true;
    if (!(w.lists & WORD_HYPHENATED))
        return false;
    while (i > w.b && d->v.cp[i - 1] != '-')
        i--;
    return i > w.b && WORD_IN(((struct word){i, w.e, word_lists(d, i, w.e)}), title_words);
}

/* Inline: asked of every word of every sentence, and nearly every word
 * fails the first test, in less than a call's own cost. */
static inline bool capitalised_name_word(const struct seg_doc *d, struct word w)
{
    return is_upper(d->v.cp[w.b]) && w.e - w.b >= 2 && !is_upper(d->v.cp[w.b + 1]) &&
           !WORD_IN(w, not_names) && !WORD_IN(w, honorifics) && !title_word(d, w) &&
           !WORD_IN(w, title_joiners);
}

/* Whether only a space, or an abbreviation's full stop and a space,
 * separates a and b (Hon. Dr Reddy). */
static bool close_after(const struct seg_doc *d, struct word a, struct word b)
{
    uint32_t i = a.e;

    if (i < b.b && d->v.cp[i] == '.')
        i++;
    for (; i < b.b; i++)
        if (d->v.cp[i] != ' ')
            return false;
    return true;
}

/* Dr, Hon., Mr…: a style that is neither name nor post. */
static bool courtesy(const struct seg_doc *d, struct word w)
{
    return WORD_IN(w, honorifics) && !word_is(d, w, "professor") && !word_is(d, w, "prof");
}

/* The first of the honorifics written right before word k (said
 * Honourable Dr X), or k when there is none; courtesy_only stops at
 * Professor, which is a post. */
static size_t styles_before(const struct seg_doc *d, const struct words *ws, size_t k,
                            bool courtesy_only)
{
    while (k > 0 && close_after(d, ws->w[k - 1], ws->w[k]) &&
           (courtesy_only ? courtesy(d, ws->w[k - 1]) : WORD_IN(ws->w[k - 1], honorifics)))
        k--;
    return k;
}

/* The word without a possessive 's (the Office's report). */
static struct word unpossessed(const struct seg_doc *d, struct word w)
{
    if (w.e - w.b > 2 && (d->v.cp[w.e - 1] | 0x20) == 's' &&
        (d->v.cp[w.e - 2] == '\'' || d->v.cp[w.e - 2] == U'’')) {
        w.e -= 2;
        w.lists = word_lists(d, w.b, w.e);
    }
    return w;
}

#define MAX_PLACES 64

/* The words that are honorifics or prepositions of place, as indexes
 * into the report's words: the only words where collect_titled and
 * collect_places find anything, and a few in a hundred, so those two
 * passes visit them instead of every word. */
struct openers {
    size_t *at;
    size_t n;
};

static bool find_openers(const struct words *all, struct openers *op)
{
    const uint32_t wanted = honorifics_set.bit | place_prepositions_set.bit;
    size_t n = 0;

    op->at = malloc((all->n + 1) * sizeof *op->at);
    if (op->at == NULL)
        return false;
    for (size_t k = 0; k < all->n; k++) {
        op->at[n] = k;
        n += (all->w[k].lists & wanted) != 0;    /* kept or written over: no branch */
    }
    op->n = n;
    return true;
}

/* Capitalised runs after a preposition of place (in New Zealand, at Te
 * Waihora/Lake Ellesmere), collected once per report; a slash starts a
 * new run. Runs that open with a style or a title of nobility are people
 * (in Lord Woolf's words) and are left out. */
static bool collect_places(const struct seg_doc *d, const struct words *all,
                           const struct openers *op, struct words *places)
{
    places->n = 0;
    /* resume: the first word after the last run, where the search goes on */
    for (size_t o = 0, resume = 0; o < op->n && places->n < MAX_PLACES; o++) {
        size_t k = op->at[o], j = k + 1;

        if (k < resume)
            continue;
        if (j >= all->n)
            break;
        if (!WORD_IN(all->w[k], place_prepositions) || !adjacent(d, all->w[k], all->w[j]))
            continue;
        while (j < all->n && places->n < MAX_PLACES && is_upper(d->v.cp[all->w[j].b]) &&
               !WORD_IN(all->w[j], honorifics) && !WORD_IN(all->w[j], nobility) &&
               !WORD_IN(all->w[j], not_names)) {
            size_t run = j;

            while (j + 1 < all->n && adjacent(d, all->w[j], all->w[j + 1]) &&
                   is_upper(d->v.cp[all->w[j + 1].b]))
                j++;
            /* a run of words is in no word list */
            if (!push_word(places, (struct word){all->w[run].b, all->w[j].e, 0}))
                return false;
            if (!(j + 1 < all->n && all->w[j + 1].b == all->w[j].e + 1 &&
                  d->v.cp[all->w[j].e] == '/'))
                break;
            j++;
        }
        resume = j;
    }
    return true;
}

/* Whether the name [b, e) is, or opens with, a place of the report
 * (New Zealand First, New Zealand's). */
static bool is_place(const struct seg_doc *d, const struct words *places, uint32_t b, uint32_t e)
{
    for (size_t k = 0; k < places->n; k++) {
        uint32_t len = places->w[k].e - places->w[k].b;

        bool one_word = seg_next_cp(d->v.cp, places->w[k].b, places->w[k].e, ' ') ==
                        places->w[k].e;

        /* a one-word place is only itself (in Jordan, not Jordan Smith) */
        if (len <= e - b && memcmp(d->v.cp + b, d->v.cp + places->w[k].b, len * 4) == 0 &&
            (b + len == e || (!is_letter(d->v.cp[b + len]) && !(one_word && d->v.cp[b + len] == ' '))))
            return true;
    }
    return false;
}

/* A capitalised run that names a body or a place, not a person. */
static bool names_no_person(const struct seg_doc *d, const struct words *ws, size_t first,
                            size_t last, const struct words *places)
{
    /* Center for Fiscal Accountability: the run ends the name of a body */
    bool body_tail = first >= 2 &&
                     (word_is(d, ws->w[first - 1], "for") || word_is(d, ws->w[first - 1], "of")) &&
                     is_upper(d->v.cp[ws->w[first - 2].b]) && WORD_IN(ws->w[first - 2], org_heads);

    return body_tail || WORD_IN(unpossessed(d, ws->w[last]), org_heads) ||
           is_place(d, places, ws->w[first].b, ws->w[last].e);
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
           (d->v.cp[w.e - 2] == '\'' || d->v.cp[w.e - 2] == U'’');
}

static size_t post_walk(const struct seg_doc *d, const struct words *ws, size_t head, size_t k);

/* Start word of a post written before the name at word k (Work and
 * Pensions Secretary, Committee chairman), or k when there is none. */
static size_t title_start(const struct seg_doc *d, const struct words *ws, size_t k)
{
    if (k == 0 || !adjacent(d, ws->w[k - 1], ws->w[k]) || !WORD_IN(ws->w[k - 1], title_words))
        return k;
    return post_walk(d, ws, k - 1, k);
}

/* Start word of the post whose title word is head, walking back over the
 * capitalised words, title words and joiners before it (at most
 * MAX_TITLE_WORDS before k); a post does not open with "and". */
static size_t post_walk(const struct seg_doc *d, const struct words *ws, size_t head, size_t k)
{
    size_t t = head;

    while (t > 0 && k - t < MAX_TITLE_WORDS &&
           (adjacent(d, ws->w[t - 1], ws->w[t]) ||
            (listed(d, ws->w[t - 1], ws->w[t]) && is_upper(d->v.cp[ws->w[t].b]))) &&
           ((is_upper(d->v.cp[ws->w[t - 1].b]) && !WORD_IN(ws->w[t - 1], clause_openers)) ||
            WORD_IN(ws->w[t - 1], title_words) || WORD_IN(ws->w[t - 1], title_joiners) ||
            possessive(d, ws->w[t - 1])))
        t--;
    while (t < k && (word_is(d, ws->w[t], "and") || word_is(d, ws->w[t], "of") ||
                     word_is(d, ws->w[t], "for")))
        t++;    /* a post does not open with "and" */
    return t;
}

/* Whether a sentence or clause starts before word k: it is the first
 * word, follows a speech verb (said housing minister X) or a comma. */
static bool clause_starts_at(const struct seg_doc *d, const struct words *ws, size_t k)
{
    return k == 0 || WORD_IN(ws->w[k - 1], speech_verbs) ||
           (ws->w[k].b >= 2 && d->v.cp[ws->w[k].b - 2] == ',');
}

/* The post written before the name at word k, as words [*from, *to):
 * the capitalised run or joined title words before it (title_start), with
 * one lowercase modifier opening a clause (said housing minister X), a
 * "TITLE of Unit" post (Professor of Ecology X), or a post closed by a
 * comma (Tourism NZ General Manager Asian Markets, X). False when none. */
static bool post_before(const struct seg_doc *d, const struct words *ws, size_t k, size_t *from,
                        size_t *to)
{
    size_t t = title_start(d, ws, k);

    *to = k;
    if (t < k) {
        if (t > 0 && WORD_IN(ws->w[t], title_words) && adjacent(d, ws->w[t - 1], ws->w[t]) &&
            !is_upper(d->v.cp[ws->w[t - 1].b]) && !WORD_IN(ws->w[t - 1], not_post) &&
            !WORD_IN(ws->w[t - 1], speech_verbs) && clause_starts_at(d, ws, t - 1))
            t--;
        *from = t;
        return true;
    }
    for (size_t of = k - 1, n = 0; k >= 3 && n < 2 && of > 1; of--, n++) {
        if (!adjacent(d, ws->w[of], ws->w[of + 1]))
            break;
        if (word_is(d, ws->w[of], "of")) {
            t = title_start(d, ws, of);
            if (t < of && n > 0) {
                *from = t;
                return true;
            }
            break;
        }
        if (!is_upper(d->v.cp[ws->w[of].b]))
            break;
    }
    if (k >= 2 && d->v.cp[ws->w[k - 1].e] == ',' && ws->w[k].b == ws->w[k - 1].e + 2)
        for (size_t j = k - 1, n = 0; n < 3; j--, n++) {
            if (WORD_IN(ws->w[j], title_words)) {
                *from = post_walk(d, ws, j, j + 1);
                return true;    /* the comma after the post is not part of it */
            }
            if (j == 0 || !adjacent(d, ws->w[j - 1], ws->w[j]) ||
                !is_upper(d->v.cp[ws->w[j - 1].b]))
                break;
        }
    return false;
}

/* A speech verb at word k, or within an appositive after it (X, a
 * spokesman for the party, said). */
static bool speaks_after(const struct seg_doc *d, const struct words *ws, size_t k, uint32_t name_e)
{
    if (k + 1 < ws->n && ws->w[k].b == name_e + 1 && word_is(d, ws->w[k], "of") &&
        is_upper(d->v.cp[ws->w[k + 1].b])) {
        size_t j = k + 1;    /* Tom Bradley of Ohio, agreed: the place belongs to the name */

        while (j + 1 < ws->n && adjacent(d, ws->w[j], ws->w[j + 1]) &&
               is_upper(d->v.cp[ws->w[j + 1].b]))
            j++;
        if (d->v.cp[ws->w[j].e] == ',' && j + 1 < ws->n && WORD_IN(ws->w[j + 1], speech_verbs))
            return true;
    }
    if (k < ws->n && WORD_IN(ws->w[k], speech_verbs))
        return true;
    for (size_t j = k; j < ws->n && j < k + 4 && WORD_IN(ws->w[j], subject_fillers); j++)
        if (j + 1 < ws->n && WORD_IN(ws->w[j + 1], speech_verbs))
            return true;    /* X has also said, X is expected to call for */
    if (k < ws->n && d->v.cp[name_e] == ',')
        for (size_t j = k; j < ws->n && j < k + APPOSITIVE_WORDS; j++)
            if (WORD_IN(ws->w[j], speech_verbs))    /* a post may lack its closing comma */
                return j > k && (d->v.cp[ws->w[j].b - 2] == ',' ||
                                 WORD_IN(ws->w[k], title_words) ||
                                 WORD_IN(ws->w[k], title_joiners));
    return false;
}

/* Words written after Mr, Ms, Dr… anywhere in the report, collected once:
 * Patricia Hewitt … Ms Hewitt said makes Patricia Hewitt a person. */
static bool collect_titled(const struct seg_doc *d, const struct words *all,
                           const struct openers *op, struct words *titled)
{
    titled->n = 0;
    for (size_t o = 0; o < op->n && titled->n < SEG_MAX_PEOPLE; o++) {    /* bounded */
        size_t k = op->at[o];

        if (k + 1 < all->n && WORD_IN(all->w[k], honorifics) &&
            adjacent(d, all->w[k], all->w[k + 1]) && is_upper(d->v.cp[all->w[k + 1].b]) &&
            !push_word(titled, all->w[k + 1]))
            return false;
    }
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

/* The person whose last name word is w, if exactly one. */
static int by_last_name(const struct seg_doc *d, struct word w)
{
    int found = -1;

    uint32_t len = w.e - w.b;

    for (size_t p = 0; p < d->n_people; p++) {
        uint32_t e = d->people[p].name_e, b = d->people[p].name_b;

        /* the last word is w: compared from its end, which most names fail
         * at the first letter, then bounded by a space or the name start */
        if (e - b < len || d->v.cp[e - 1] != d->v.cp[w.e - 1] ||
            memcmp(d->v.cp + e - len, d->v.cp + w.b, len * 4) != 0 ||
            (e - len > b && d->v.cp[e - len - 1] != ' '))
            continue;
        found = found < 0 ? (int)p : -2;
    }
    return found;
}

/* Whether word k, right after a name ending at name_e, is the verb of a
 * clause the name is the subject of (said New Zealand needs…): a
 * lowercase word that no speaker written after the quote is followed by. */
static bool clause_follows(const struct seg_doc *d, const struct words *ws, size_t k,
                           uint32_t name_e)
{
    const struct word w = k < ws->n ? ws->w[k] : (struct word){0, 0, 0};

    return k < ws->n && w.b == name_e + 1 && d->v.cp[name_e] == ' ' && !is_upper(d->v.cp[w.b]) &&
           !WORD_IN(w, after_speaker) &&
           !(w.e - w.b > 3 && d->v.cp[w.e - 2] == 'l' && d->v.cp[w.e - 1] == 'y');    /* recently */
}

/* Whether the capitalised run [first, last] stands between commas right
 * after a name, before the speech verb (Maria Lopez, D-New Mexico, said;
 * John Smith, Acme Foods, said): it describes that name. */
static bool appositive_of_name(const struct seg_doc *d, const struct words *ws, size_t first,
                               size_t last)
{
    uint32_t b = ws->w[first].b, e = ws->w[last].e;

    return first > 0 && last + 1 < ws->n && b >= 2 && d->v.cp[b - 2] == ',' &&
           ws->w[first - 1].e == b - 2 && is_upper(d->v.cp[ws->w[first - 1].b]) &&
           d->v.cp[e] == ',' && WORD_IN(ws->w[last + 1], speech_verbs);
}

/* What the verbs right after a name say of its part in the event (X
 * chaired the debate; X opened the session and moderated the discussion):
 * 2 for a chair, 1 for another part (opened, presented), else 0. Only
 * past-tense verbs count, so that the nouns of the lists (introduction,
 * address) never do. */
static int event_role_after(const struct seg_doc *d, const struct words *ws, size_t k)
{
    int part = 0;

    /* right after the name: "'Te Reo Anamata', hosted by" is no subject */
    if (k == 0 || k >= ws->n || !adjacent(d, ws->w[k - 1], ws->w[k]))
        return 0;
    for (size_t j = k; j < ws->n && j < k + 8; j++) {
        struct word w = ws->w[j];
        bool past = w.e - w.b > 3 && d->v.cp[w.e - 1] == 'd' && d->v.cp[w.e - 2] == 'e';

        if (j > k && !(part > 0 && past && word_is(d, ws->w[j - 1], "and")))
            continue;
        if (past && WORD_IN(w, chairing))
            return 2;
        if (j == k && !(past && WORD_IN(w, event_roles)))
            return 0;
        part = 1;
    }
    return part;
}

/* A person found speaking (or given a part in the event), as opposed to
 * one only named after a post (former Labour MP X), who is kept only if
 * remarks are found for them later. */
static void confirm(bool *confirmed, int who)
{
    if (who >= 0)
        confirmed[who] = true;
}

/* Drops the people only named after a post who were never found
 * speaking: a report names many officials it does not quote. */
static void drop_unconfirmed(struct seg_doc *d, const bool *confirmed)
{
    size_t kept = 0;

    for (size_t p = 0; p < d->n_people; p++) {
        struct seg_iperson *pp = &d->people[p];

        if (!confirmed[p] && pp->n_remarks == 0 && !pp->spoke) {
            free(pp->remarks);
            free(pp->items);
            continue;
        }
        if (kept != p)
            d->people[kept] = *pp;
        kept++;
    }
    d->n_people = kept;
}

/* People of one sentence: capitalised names next to a speech verb, after
 * a post, or styled Mr/Dr elsewhere. A name after "said" is the speaker
 * only when no verb of its own follows (said Farm Environment Plans were…);
 * Dame Taylor after Dame Meg Taylor is a mention, not a new person. */
static void sentence_people(struct seg_doc *d, const struct words *ws, const struct words *titled,
                            const struct words *places, bool *confirmed)
{
    for (size_t k = 0; k < ws->n; k++) {
        size_t first = k, last = k;
        bool noble = WORD_IN(ws->w[k], nobility);

        if (!noble && !capitalised_name_word(d, ws->w[k]))
            continue;
        while (last + 1 < ws->n && last - first < 2 && adjacent(d, ws->w[last], ws->w[last + 1]) &&
               capitalised_name_word(d, ws->w[last + 1]))
            last++;
        if (last == first + 2 && first >= 2 && word_is(d, ws->w[first - 1], "of") &&
            title_word(d, ws->w[first - 2]))
            first++;    /* Professor of Ecology Steve Wratten: the unit ends the post */
        if (names_no_person(d, ws, noble && last > first ? first + 1 : first, last, places) ||
            appositive_of_name(d, ws, first, last)) {
            k = last;
            continue;
        }
        if (last == first) {
            /* one word is a name after Lord or Sir, or as the subject of a
             * speech verb (His mother, Giselle, said) */
            bool opens = first == 0 || d->v.cp[ws->w[first].b - 2] == ',';

            if (!noble && opens && speaks_after(d, ws, last + 1, ws->w[last].e) &&
                !(last + 1 < ws->n && WORD_IN(ws->w[last + 1], speech_verbs) && first == 0))
                confirm(confirmed, seg_add_person(d, ws->w[first].b, ws->w[last].e, ws->w[first].b,
                                                  ws->w[first].b, ws->w[first].b, ws->w[first].b,
                                                  SEG_RULE_PERSON_EN_SUBJECT));
            continue;
        }
        {
            size_t styled = styles_before(d, ws, first, false);
            size_t post_end = styles_before(d, ws, first, true);
            size_t t = post_end, t_end = post_end;
            bool has_post = post_before(d, ws, post_end, &t, &t_end);
            size_t opening = has_post ? t : styled;    /* said housing minister X */
            bool said_before = opening > 0 && WORD_IN(ws->w[opening - 1], speech_verbs) &&
                               !WORD_IN(ws->w[opening - 1], object_verbs) &&
                               !clause_follows(d, ws, last + 1, ws->w[last].e);
            bool surname_only = last == first + 1 && (noble || styled < first) &&
                                by_last_name(d, ws->w[last]) >= 0;
            bool agent = styled > 0 && word_is(d, ws->w[styled - 1], "by");
            bool speaks = said_before ||
                          (!agent && speaks_after(d, ws, last + 1, ws->w[last].e));

            int acted = event_role_after(d, ws, last + 1);

            if (!surname_only &&
                (speaks || has_post || acted > 0 || titled_elsewhere(d, titled, ws->w[last]))) {
                uint32_t ab = ws->w[t].b, ae = has_post ? ws->w[t_end - 1].e : ab;
                int who = seg_add_person(d, ws->w[first].b, ws->w[last].e, ab, ae, ab, ae,
                                         SEG_RULE_PERSON_EN_NAME);

                bool by_role = t > 1 && word_is(d, ws->w[t - 1], "by") &&
                               WORD_IN(ws->w[t - 2], event_roles);

                /* organised by Trust Coordinator Dr X: a part in the event */
                if (speaks || by_role || acted > 0)
                    confirm(confirmed, who);
                /* chaired by / introductions by X: the chair, unless X speaks */
                if (who >= 0 && ((by_role && WORD_IN(ws->w[t - 2], chairing)) || acted == 2))
                    d->people[who].hosted = true;
            }
        }
        k = last;
    }
}

/* The letters the people's names open and close with, as bits of their
 * code points mod 64, gathered once the people are known: a word that
 * matches neither bit opens no full name and ends no surname, which
 * spares comparing most words with every person's name. */
struct name_letters {
    uint64_t first, last;
};

static struct name_letters name_letters_of(const struct seg_doc *d)
{
    struct name_letters nl = {0, 0};

    for (size_t p = 0; p < d->n_people; p++) {
        nl.first |= UINT64_C(1) << (d->v.cp[d->people[p].name_b] & 63);
        nl.last |= UINT64_C(1) << (d->v.cp[d->people[p].name_e - 1] & 63);
    }
    return nl;
}

static bool letter_in(uint64_t letters, uint32_t c)
{
    return (letters >> (c & 63)) & 1;
}

/* The person whose full name is written at pos (before end), or -1. */
static int full_name_at(const struct seg_doc *d, const struct name_letters *nl, uint32_t pos,
                        uint32_t end)
{
    if (!letter_in(nl->first, d->v.cp[pos]))
        return -1;
    for (size_t p = 0; p < d->n_people; p++) {
        const struct seg_iperson *pp = &d->people[p];
        uint32_t len = pp->name_e - pp->name_b;

        if (pos + len <= end && d->v.cp[pp->name_b] == d->v.cp[pos] &&    /* first letter first */
            memcmp(d->v.cp + pp->name_b, d->v.cp + pos, len * 4) == 0)
            return (int)p;
    }
    return -1;
}

/* Mentions of one paragraph: full names, styled or bare surnames (Mr
 * Walsh, Hon. Dr Reddy, Dr Martin Jacques: the styles belong to the
 * mention, so that "said Dr X" puts it right after the verb) and he/she. */
static bool paragraph_mentions(struct seg_doc *d, const struct seg_para *pa,
                               const struct words *ws, const struct name_letters *nl)
{
    for (size_t k = 0; k < ws->n; k++) {
        struct word w = ws->w[k];
        int who = full_name_at(d, nl, w.b, pa->e);
        uint32_t b = w.b;

        if (who < 0 && WORD_IN(w, pronouns) &&
            !seg_push_mention(d, w.b, w.e, -1, MENTION_PRONOUN))
            return false;
        if (who < 0 && (WORD_IN(w, honorifics) || WORD_IN(w, nobility)) && k + 1 < ws->n) {
            while (k + 2 < ws->n && WORD_IN(ws->w[k + 1], honorifics) &&
                   close_after(d, ws->w[k], ws->w[k + 1]))
                k++;    /* Hon. Dr */
            w = ws->w[++k];
            who = full_name_at(d, nl, w.b, pa->e);
        }
        if (who >= 0) {
            uint32_t e = w.b + (d->people[who].name_e - d->people[who].name_b);

            if (!seg_push_mention(d, b, e, who, MENTION_FULL))
                return false;
            while (k + 1 < ws->n && ws->w[k + 1].b < e)
                k++;
            continue;
        }
        if (!is_upper(d->v.cp[w.b]))
            continue;    /* a lowercase word is no surname */
        w = unpossessed(d, w);    /* Professor Hughey's presentation */
        if (letter_in(nl->last, d->v.cp[w.e - 1]) && (who = by_last_name(d, w)) >= 0 &&
            !seg_push_mention(d, b, w.e, who, MENTION_PARTIAL))
            return false;
    }
    return true;
}

static bool is_quote(uint32_t c)
{
    return c == '"' || c == U'“' || c == U'”';
}

/* End of the piece of a remark sentence that starts at b: a quotation
 * holds several sentences in one, and a semicolon parts clauses; each is
 * read for an item of its own. */
static uint32_t piece_end(const struct seg_doc *d, uint32_t b, uint32_t e)
{
    /* ! . ; ? all lie in the ASCII run from ! to ?, which letters and
     * spaces do not: the scan jumps from one such sign to the next */
    for (uint32_t i = b; (i = seg_next_in_range(d->v.cp, i, e - 1, '!', '?')) + 1 < e; i++) {
        uint32_t c = d->v.cp[i];

        if (c == ';')
            return i + 1;
        if ((c == '.' || c == '?' || c == '!') && (d->v.cp[i + 1] == ' ' || is_quote(d->v.cp[i + 1]))) {
            uint32_t j = i + 1;

            while (j < e && (is_quote(d->v.cp[j]) || d->v.cp[j] == ' '))
                j++;
            if (j < e && (is_upper(d->v.cp[j]) || is_quote(d->v.cp[j - 1])))
                return i + 1;
        }
    }
    return e;
}

/* Whether the proposing verb at word k is the speaker's own: it opens
 * the piece, follows the speaker's pronoun or name (she also recommended,
 * Mr X, who…, called for) or closes an appositive; not a noun (our calls
 * for, responding to calls for) nor a third party's verb (a report
 * commissioned by Y recommended). */
static bool proposer_ok(const struct seg_doc *d, const struct words *ws, size_t k0, size_t k)
{
    size_t j = k;
    uint32_t gap = ws->w[k].b;

    while (j > k0 && WORD_IN(ws->w[j - 1], subject_fillers))
        j--;
    if (j == k0)
        return true;
    while (gap > ws->w[k0].b && d->v.cp[gap - 1] == ' ')
        gap--;
    if (d->v.cp[gap - 1] == ',' || is_quote(d->v.cp[gap - 1]))
        return true;
    if (word_is(d, ws->w[j - 1], "he") || word_is(d, ws->w[j - 1], "she") ||
        word_is(d, ws->w[j - 1], "i") || word_is(d, ws->w[j - 1], "we"))
        return true;
    {    /* a name ending right there starts at most SEG_LOOKAHEAD before it */
        uint32_t end = ws->w[j - 1].e, from = end > SEG_LOOKAHEAD ? end - SEG_LOOKAHEAD : 0;

        for (size_t m = seg_first_mention(d, from); m < d->n_mentions && d->mentions[m].b < end;
             m++)
            if (d->mentions[m].e == end && d->mentions[m].kind != MENTION_PRONOUN)
                return true;
    }
    return false;
}

/* The first marker of a recommendation among words [k0, k1): its word in
 * *at; *after is where the proposal begins after a proposing verb (urged,
 * called for, recommended that), or 0 when the item is the clause that
 * carries a modal. Forms the rules leave out: need or have without to
 * (needs a range of…, is needed), hedged have to (might have to), bare
 * important, call and ask without for. */
static bool piece_marker(const struct seg_doc *d, const struct words *ws, size_t k0, size_t k1,
                         size_t *at, uint32_t *after)
{
    bool embedded = false;

    for (size_t k = k0; k < k1; k++) {
        struct word w = ws->w[k];
        bool to_next, hedged;    /* asked only of a modal, below */

        *at = k;
        *after = 0;
        /* the question of whether there should be…, games which should
         * only be sold…: a modal inside an embedded question or relative
         * clause describes; it advises nobody */
        embedded |= k > k0 && WORD_IN(w, embedders);
        if (WORD_IN(w, proposal_nouns) && k + 2 < k1 &&
            (WORD_IN(ws->w[k + 1], be_forms) || word_is(d, ws->w[k + 1], "included") ||
             word_is(d, ws->w[k + 1], "include") || word_is(d, ws->w[k + 1], "includes"))) {
            *after = ws->w[k + 1].e;    /* her recommendations included X */
            return true;
        }
        if (WORD_IN(w, proposing)) {
            bool for_next = k + 1 < k1 && word_is(d, ws->w[k + 1], "for");
            bool needs_for = (d->v.cp[w.b] | 0x20) == 'c' || (d->v.cp[w.b] | 0x20) == 'a';

            if ((needs_for && !for_next) || !proposer_ok(d, ws, k0, k))
                continue;
            *after = for_next ? ws->w[k + 1].e : w.e;
            return true;
        }
        if (!WORD_IN(w, modals) || embedded)
            continue;
        /* to + a verb: "more meat than we need to, said X" advises nothing */
        to_next = k + 2 < k1 && word_is(d, ws->w[k + 1], "to") &&
                  (adjacent(d, ws->w[k + 1], ws->w[k + 2]) ||
                   (ws->w[k + 2].b == ws->w[k + 1].e + 2 &&
                    is_quote(d->v.cp[ws->w[k + 1].e + 1])));    /* needed to "stop…" */
        hedged = k > k0 && WORD_IN(ws->w[k - 1], hedges);
        if (word_is(d, w, "important")) {
            if (k + 1 < k1 && word_is(d, ws->w[k + 1], "that"))
                return true;
            continue;
        }
        if (word_is(d, w, "have") || word_is(d, w, "has") || word_is(d, w, "had")) {
            if (k + 2 < k1 && word_is(d, ws->w[k + 1], "got") && word_is(d, ws->w[k + 2], "to"))
                to_next = true;    /* have got to */
            if (to_next && !hedged)
                return true;
            continue;
        }
        if (word_is(d, w, "got") || word_is(d, w, "ought") || (d->v.cp[w.b] | 0x20) == 'n') {
            bool passive = k > k0 && WORD_IN(ws->w[k - 1], be_forms);

            if (to_next && !hedged && !passive)
                return true;    /* need to, we've got to, ought to; not was needed to */
            continue;
        }
        return true;    /* should, must */
    }
    return false;
}

/* Past the spaces and commas at b, and a "that" opening what follows. */
static uint32_t skip_that(const struct seg_doc *d, uint32_t b, uint32_t m)
{
    while (b < m && (d->v.cp[b] == ' ' || d->v.cp[b] == ','))
        b++;
    if (m - b > 5 && (d->v.cp[b] | 0x20) == 't' && (d->v.cp[b + 1] | 0x20) == 'h' &&
        d->v.cp[b + 2] == 'a' && d->v.cp[b + 3] == 't' && d->v.cp[b + 4] == ' ')
        b += 5;
    return b;
}

#define CUE_THAT_WORDS 6    /* said in a statement on Tuesday that */

/* Where what was said begins after the cue ending at cue_e: past a
 * "that" a few words on, when only a short phrase with no comma stands
 * between (said in a statement that…), else past the cue (and a "that"
 * right after it). */
static uint32_t cue_that(const struct seg_doc *d, const struct words *ws, uint32_t cue_e,
                         uint32_t m)
{
    size_t k = first_word_after(ws, cue_e);

    for (size_t n = 0; k < ws->n && n < CUE_THAT_WORDS && ws->w[k].e < m; k++, n++) {
        if (seg_next_cp(d->v.cp, cue_e, ws->w[k].b, ',') < ws->w[k].b)
            break;
        if (n > 0 && word_is(d, ws->w[k], "that"))
            return skip_that(d, ws->w[k].e, m);
    }
    return skip_that(d, cue_e, m);
}

/* The clause of [b, m) that carries the modal at m (SOURCES.md: an item
 * starts at the first clause that carries the modal): after the last
 * ", but", ", and", ", as", ", so", ", yet" or a spaced dash, and past a
 * subordinate clause that opens it (If…, at a time where…, ). */
static uint32_t modal_clause(const struct seg_doc *d, const struct words *ws, size_t k0, size_t km,
                             uint32_t b)
{
    size_t first = k0;

    while (first < km && ws->w[first].b < b)
        first++;
    if (first + 1 < km && WORD_IN(ws->w[first], interjections) &&
        d->v.cp[ws->w[first].e] == ',') {
        first++;    /* No, we've got to remember… */
        b = ws->w[first].b;
    }
    for (size_t k = first; k < km; k++) {
        struct word w = ws->w[k];
        uint32_t gap = w.b;

        while (gap > b && d->v.cp[gap - 1] == ' ')
            gap--;
        if (gap > b && (d->v.cp[gap - 1] == U'–' || d->v.cp[gap - 1] == U'—' ||
                        (d->v.cp[gap - 1] == '-' && gap - 1 < w.b - 1))) {
            b = w.b;    /* you cannot get by – you need to */
            first = k;
            continue;
        }
        if (gap > b && (d->v.cp[gap - 1] == ',' || d->v.cp[gap - 1] == U'…') && k + 1 < km &&
            seg_next_cp(d->v.cp, w.e, ws->w[km].b, ',') == ws->w[km].b)    /* not ", as consumers," */
            for (size_t j = 0; j < sizeof clause_joins / sizeof clause_joins[0]; j++)
                if (word_is(d, w, clause_joins[j])) {
                    b = ws->w[k + 1].b;
                    first = k + 1;
                    break;
                }
    }
    /* a subordinate clause before the main one: cut at its comma */
    for (size_t k = first; k < km; k++) {
        uint32_t after = ws->w[k].e;

        if (WORD_IN(ws->w[k], subordinators) || word_is(d, ws->w[k], "where")) {
            for (size_t j = k + 1; j < km; j++)
                if (d->v.cp[ws->w[j - 1].e] == ',' && ws->w[j].b > after) {
                    if (!word_is(d, ws->w[j], "then"))    /* If…, then it must…: one proposal */
                        b = ws->w[j].b;
                    break;
                }
            break;
        }
        if (k > first && d->v.cp[ws->w[k - 1].e] == ',')
            break;    /* past the first comma: no subordinate opening */
    }
    return b;
}

/* Items of a remark sentence, one per piece that carries a marker: from
 * the opening quote, or after the speech verb (and "that"), or from the
 * piece start, narrowed to the clause with the modal. */
static bool sentence_item(struct seg_doc *d, const struct seg_sent *s, int who, int cue_e,
                          const struct words *ws)
{
    size_t k1 = 0;
    uint32_t quotes = 0, last_open = s->b, scanned = s->b;    /* quotes before scanned */

    for (uint32_t pb = s->b; pb < s->e;) {
        uint32_t pe = piece_end(d, pb, s->e), b = pb, m, after;
        size_t k0 = k1, km;

        while (k1 < ws->n && ws->w[k1].b < pe)
            k1++;
        if (!piece_marker(d, ws, k0, k1, &km, &after)) {
            pb = pe;
            continue;
        }
        m = ws->w[km].b;
        if (after > 0) {
            b = skip_that(d, after, pe);
        } else {
            uint32_t that_e = 0;

            for (; scanned < m; scanned++)    /* pieces come in order: one pass */
                if (is_quote(d->v.cp[scanned]) && quotes++ % 2 == 0)
                    last_open = scanned + 1;
            /* believes that these arguments should…, the key thing is that… */
            for (size_t k = k0 + 1; k < km; k++)
                if (word_is(d, ws->w[k], "that") &&
                    (WORD_IN(ws->w[k - 1], speech_verbs) || WORD_IN(ws->w[k - 1], beliefs) ||
                     WORD_IN(ws->w[k - 1], be_forms)))
                    that_e = ws->w[k].e + 1;
            if (quotes % 2 == 1 && last_open > pb)
                b = last_open;    /* the modal stands inside a quotation */
            if (that_e > b || (that_e > 0 && b == last_open && that_e < last_open))
                b = that_e;    /* argued that as part of…, broadcasters "should…": a partial quote */
            if (b == pb && cue_e >= 0 && (uint32_t)cue_e >= pb && (uint32_t)cue_e < m)
                b = cue_that(d, ws, (uint32_t)cue_e, m);
            b = modal_clause(d, ws, k0, km, b);
        }
        while (b < pe && (d->v.cp[b] == ' ' || is_quote(d->v.cp[b])))
            b++;
        if (b < pe && !seg_push_item(d, who, s->para, b, pe,
                                     (struct seg_why){SEG_RULE_ITEM_EN_MODAL, m, ws->w[km].e}))
            return false;
        pb = pe;
    }
    return true;
}

static bool opens_with_quote(const struct seg_doc *d, const struct seg_sent *s)
{
    return d->v.cp[s->b] == '"' || d->v.cp[s->b] == U'“';
}

/* Who a sentence reports: the subject of its first speech verb. */
/* Index of the first word starting at or after pos (words are in order). */
static size_t first_word_after(const struct words *ws, uint32_t pos)
{
    return seg_first_span_at(ws->w, ws->n, sizeof ws->w[0], pos);
}

/* Whether a mention ending at mention_e is the subject of the speech
 * verb at word k: only auxiliaries and adverbs stand between (X has also
 * said, X, who…, said), or an appositive closed by a comma (X, a
 * spokesman, said). Otherwise the verb has a subject of its own (…, the
 * charity said; X's spokesman said). */
static bool subject_of(const struct seg_doc *d, const struct words *ws, size_t k, uint32_t mention_e)
{
    size_t j = k;
    uint32_t gap = ws->w[k].b;

    while (j > 0 && ws->w[j - 1].b >= mention_e &&
           (WORD_IN(ws->w[j - 1], subject_fillers) ||
            (ws->w[j - 1].e - ws->w[j - 1].b > 3 && d->v.cp[ws->w[j - 1].e - 2] == 'l' &&
             d->v.cp[ws->w[j - 1].e - 1] == 'y')))
        j--;
    if (j == 0 || ws->w[j - 1].e <= mention_e)
        return true;
    if (d->v.cp[ws->w[k].e - 1] == 'g' && ws->w[k].e - ws->w[k].b > 4)
        return true;    /* claiming, saying: the subject of the clause it follows */
    {    /* X of Ohio, agreed: a place of origin after the name */
        size_t a = first_word_after(ws, mention_e);

        if (a + 1 < k && ws->w[a].b == mention_e + 1 && word_is(d, ws->w[a], "of")) {
            size_t place = a + 1;

            while (place < k && is_upper(d->v.cp[ws->w[place].b]))
                place++;
            if (place == k)
                return true;
        }
    }
    if (d->v.cp[mention_e] == ',') {    /* X, Secretary General of Y said: a post opens it */
        size_t a = first_word_after(ws, mention_e);

        if (a < k && (WORD_IN(ws->w[a], title_words) || WORD_IN(ws->w[a], title_joiners)))
            return true;
    }
    while (gap > mention_e && d->v.cp[gap - 1] == ' ')
        gap--;
    /* an appositive opens right after the name and closes before the verb */
    return d->v.cp[mention_e] == ',' && gap > mention_e + 1 && d->v.cp[gap - 1] == ',';
}

/* The person a he/she with no current speaker stands for: the nearest
 * person named before it in the same paragraph (Professor Durie heads…
 * and he says), looking back over a bounded number of mentions. */
static int pronoun_antecedent(const struct seg_doc *d, size_t m, uint32_t para_b)
{
    for (size_t j = m, seen = 0; j > 0 && seen < SEG_LOOKAHEAD; j--, seen++) {
        const struct seg_mention *prev = &d->mentions[j - 1];

        if (prev->b < para_b)
            break;
        if (prev->kind != MENTION_PRONOUN)
            return prev->person;
    }
    return -1;
}

/* Whether only a post stands between the speech verb at word k and a
 * mention at b (said housing minister Yvette Cooper): a few words joined
 * by spaces, the last of them a title word. */
static bool post_between(const struct seg_doc *d, const struct words *ws, size_t k, uint32_t b)
{
    size_t j = k + 1;

    while (j < ws->n && ws->w[j].e < b && j - k <= MAX_TITLE_WORDS &&
           adjacent(d, ws->w[j - 1], ws->w[j]))
        j++;
    return j > k + 1 && j < ws->n && ws->w[j].b == b && adjacent(d, ws->w[j - 1], ws->w[j]) &&
           title_word(d, ws->w[j - 1]);
}

/* A sentence that opens with what someone said, named in the possessive
 * (Professor Hughey's presentation indicated…, Her recommendations
 * included…): that person is its speaker, the noun its cue. */
static int possessive_frame(const struct seg_doc *d, const struct seg_sent *s,
                            const struct words *ws, int cur, int last, bool para_start,
                            int *cue_b, int *cue_e, enum seg_rule *rule)
{
    size_t m = seg_first_mention(d, s->b);
    size_t k = 1;
    int who = -1;

    if (ws->n < 3)
        return -1;
    if (word_is(d, ws->w[0], "her") || word_is(d, ws->w[0], "his")) {
        who = cur >= 0 ? cur : para_start ? last : pronoun_antecedent(d, m, d->paras[s->para].b);
        *rule = cur >= 0 ? SEG_RULE_REMARK_PRONOUN : SEG_RULE_REMARK_PRONOUN_PREV;
    } else if (m < d->n_mentions && d->mentions[m].b == ws->w[0].b &&
               d->mentions[m].kind != MENTION_PRONOUN) {
        k = first_word_after(ws, d->mentions[m].e);
        if (k == 0 || k >= ws->n || !possessive(d, ws->w[k - 1]))
            return -1;
        who = d->mentions[m].person;
        *rule = SEG_RULE_REMARK_CUE;
    }
    if (who < 0 || k >= ws->n || !WORD_IN(ws->w[k], speech_nouns))
        return -1;
    *cue_b = (int)ws->w[k].b;
    *cue_e = (int)ws->w[k].e;
    return who;
}

static int sentence_speaker(struct seg_doc *d, const struct seg_sent *s, const struct words *ws,
                            int cur, int last, bool para_start, int *cue_b, int *cue_e,
                            enum seg_rule *rule)
{
    /* a sentence without a speech verb goes straight to the possessive frame */
    for (size_t k = 0; WORD_IN(*ws, speech_verbs) && k < ws->n; k++) {
        struct word v = ws->w[k];
        int who = -1;

        if (!WORD_IN(v, speech_verbs))
            continue;
        for (size_t m = seg_first_mention(d, s->b); m < d->n_mentions && d->mentions[m].b < s->e;
             m++) {
            const struct seg_mention *mm = &d->mentions[m];

            if ((mm->e <= v.b && subject_of(d, ws, k, mm->e)) ||
                (mm->b >= v.e && who < 0 && mm->kind != MENTION_PRONOUN &&
                 !WORD_IN(v, object_verbs) &&
                 (mm->b <= v.e + 1 || post_between(d, ws, k, mm->b)) &&
                 !clause_follows(d, ws, first_word_after(ws, mm->e), mm->e))) {
                who = mm->kind != MENTION_PRONOUN ? mm->person
                      : cur >= 0                  ? cur
                      : para_start                ? last
                                                  : pronoun_antecedent(d, m, d->paras[s->para].b);
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
    return possessive_frame(d, s, ws, cur, last, para_start, cue_b, cue_e, rule);
}

/* Page clutter of a raw press release, kept as a paragraph but read for
 * nothing: a setext rule, a heading, a line wholly in bold (date, repeated
 * title), style sheet text, and short lines without a sentence end
 * (Advertisement - scroll to continue reading, ENDS, a dateline). */
#define CLUTTER_MAX_CHARS 160    /* 15 words of clutter fit well within it */
#define SIGN_BIT(c) (UINT64_C(1) << ((c) - ' '))
#define CLUTTER_RULE_SIGNS \
    (SIGN_BIT('=') | SIGN_BIT('-') | SIGN_BIT('*') | SIGN_BIT('_') | SIGN_BIT(' '))
#define CLUTTER_END_SIGNS (SIGN_BIT('.') | SIGN_BIT('!') | SIGN_BIT('?') | SIGN_BIT('"'))

static bool english_clutter(const struct seg_doc *d, const struct seg_para *pa, bool braces)
{
    const uint32_t *cp = d->v.cp;
    uint32_t words = 0, rules = 0;
    bool ends = false, in_word = false;

    if (cp[pa->b] == '#' ||
        (pa->e - pa->b > 4 && cp[pa->b] == '*' && cp[pa->b + 1] == '*' && cp[pa->e - 1] == '*' &&
         cp[pa->e - 2] == '*'))
        return true;
    if (braces && seg_next_cp(cp, pa->b, pa->e, '{') < pa->e)
        return true;
    if (pa->e - pa->b > CLUTTER_MAX_CHARS && !seg_cp_in(cp[pa->b], U"=-*_"))
        return false;    /* a story paragraph: too long for a dateline or a notice */
    for (uint32_t i = pa->b; i < pa->e; i++) {
        uint32_t c = cp[i];
        /* the signs asked for lie from ' ' to '_': a bit each in one word,
         * tested without the branches of a chain of comparisons */
        uint64_t sign = c - ' ' < 64 ? UINT64_C(1) << (c - ' ') : 0;

        rules += (sign & CLUTTER_RULE_SIGNS) != 0;
        words += is_letter(c) && !in_word;
        in_word = is_letter(c);
        ends |= (sign & CLUTTER_END_SIGNS) != 0 || c == U'“' || c == U'”';
    }
    ends |= cp[pa->e - 1] == ':';    /* Professor X said: (the quote follows) */
    return rules == pa->e - pa->b || (!ends && words <= 15);
}

/* Wrapping up the debate, X said: the closing summary. */
static bool sums_up(const struct seg_doc *d, const struct words *ws)
{
    return ws->n > 0 && WORD_IN(ws->w[0], summing_up);
}

/* Whether someone the report does not name speaks in the sentence: a
 * speech verb after a common noun (…, the spokesman said; critics say).
 * Quotations after it are theirs, not the last named speaker's. */
static bool unnamed_speaker(const struct seg_doc *d, const struct seg_sent *s,
                            const struct words *ws)
{
    uint32_t quotes = 0, scanned = s->b;

    if (!WORD_IN(*ws, speech_verbs))
        return false;
    for (size_t k = 1; k < ws->n; k++) {
        struct word prev = ws->w[k - 1];

        if (!WORD_IN(ws->w[k], speech_verbs))
            continue;    /* the quotes before it are counted only for a verb */
        for (; scanned < ws->w[k].b; scanned++)
            quotes += is_quote(d->v.cp[scanned]);
        /* not inside a quotation (the committee believes…), not a
         * passive (have been described as…) */
        if (quotes % 2 == 0 && adjacent(d, prev, ws->w[k]) && !is_upper(d->v.cp[prev.b]) &&
            !WORD_IN(prev, be_forms) && !WORD_IN(prev, subject_fillers) &&
            !WORD_IN(prev, not_post) &&
            !word_is(d, prev, "he") && !word_is(d, prev, "she") && !word_is(d, prev, "it") &&
            !(ws->w[k].e - ws->w[k].b > 4 && d->v.cp[ws->w[k].e - 1] == 'g'))
            return true;
    }
    return false;
}

/* Further speakers of one sentence, each named after its own speech verb
 * (…climate change (…, said David Whitehead); …oil (…, said William
 * Rolleston)): each gets the sentence as a remark too, without items. */
static bool other_speakers(struct seg_doc *d, const struct seg_sent *s, const struct words *ws,
                           int who)
{
    int added[SEG_MAX_GROUP];
    size_t n_added = 0;

    if (!WORD_IN(*ws, speech_verbs))
        return true;    /* most sentences: no verb for anyone to speak with */
    for (size_t k = 0; k < ws->n && n_added < SEG_MAX_GROUP; k++) {
        struct word v = ws->w[k];
        size_t m;
        int other;
        bool seen = false;

        if (!WORD_IN(v, speech_verbs) || WORD_IN(v, object_verbs))
            continue;    /* before the search for a mention, which few words need */
        m = seg_first_mention(d, v.e + 1);
        if (m >= d->n_mentions || d->mentions[m].b != v.e + 1 || d->mentions[m].e > s->e ||
            d->mentions[m].kind == MENTION_PRONOUN ||
            clause_follows(d, ws, first_word_after(ws, d->mentions[m].e), d->mentions[m].e))
            continue;
        other = d->mentions[m].person;
        for (size_t i = 0; i < n_added; i++)
            seen |= added[i] == other;
        if (other == who || seen)
            continue;
        if (!seg_add_remark(d, other, s, (int)v.b, (int)v.e, SEG_RULE_REMARK_CUE, false))
            return false;
        d->people[other].spoke = true;
        added[n_added++] = other;
    }
    return true;
}

/* A news lead that reports a speaker by post alone, the name following
 * in the next paragraph: "…, the trade secretary has said." (no name in
 * the sentence; a post with a title word after a comma and "a"/"the"). */
static bool anonymous_lead(const struct seg_doc *d, const struct seg_sent *s, const struct words *ws)
{
    size_t j;
    bool titled = false;

    if (ws->n < 4 || !WORD_IN(ws->w[ws->n - 1], speech_verbs) ||
        seg_first_mention(d, s->b) < seg_first_mention(d, s->e))
        return false;
    for (uint32_t i = ws->w[ws->n - 1].e; i < s->e; i++)
        if (is_letter(d->v.cp[i]))
            return false;
    j = ws->n - 2;
    if (word_is(d, ws->w[j], "has") || word_is(d, ws->w[j], "have"))
        j--;
    for (; j > 0 && adjacent(d, ws->w[j - 1], ws->w[j]); j--) {
        titled |= title_word(d, ws->w[j]);
        if (word_is(d, ws->w[j - 1], "a") || word_is(d, ws->w[j - 1], "an") ||
            word_is(d, ws->w[j - 1], "the")) {
            uint32_t gap = ws->w[j - 1].b;

            while (gap > s->b && d->v.cp[gap - 1] == ' ')
                gap--;
            return titled && gap > s->b && d->v.cp[gap - 1] == ',';
        }
    }
    return false;
}

/* The remark and items of a pending anonymous lead, given to the person
 * named as the next speaker. */
static bool resolve_lead(struct seg_doc *d, const struct seg_sent *lead, int who,
                         const struct words *ws)
{
    d->people[who].spoke = true;
    return seg_add_remark(d, who, lead, (int)ws->w[ws->n - 1].b, (int)ws->w[ws->n - 1].e,
                          SEG_RULE_REMARK_EN_LEAD, false) &&
           sentence_item(d, lead, who, (int)ws->w[ws->n - 1].e, ws);
}

bool seg_english(struct seg_doc *d)
{
    static pthread_once_t sets_once = PTHREAD_ONCE_INIT;
    struct words all = {0}, ws, titled = {0}, places = {0};
    struct openers openers = {NULL, 0};
    struct words *sent_words = NULL;
    bool confirmed[SEG_MAX_PEOPLE] = {false};
    const struct seg_sent *lead = NULL;
    struct name_letters names;
    bool braces;
    /* the quote marks of the paragraph's sentences before sent_counted:
     * counted only when a sentence asks whether it stands inside a
     * quotation, which few do, instead of over every sentence */
    uint32_t quote_marks = 0;
    size_t sent_counted = 0;
    int last = -1, cur = -1;
    bool ok;

    pthread_once(&sets_once, word_sets_fill);
    /* a { of the clean text can only be a { byte of the input: one vector
     * scan of the bytes spares most reports a scan of every paragraph */
    braces = memchr(d->v.orig, '{', d->v.orig_len) != NULL;
    for (size_t p = 0; p < d->n_paras; p++)
        d->paras[p].boilerplate |=
            !d->paras[p].headline && english_clutter(d, &d->paras[p], braces);
    ok = seg_people_alloc(d) && split_words(d, 0, d->v.n, &all) && find_openers(&all, &openers) &&
         collect_titled(d, &all, &openers, &titled) &&
         collect_places(d, &all, &openers, &places);

    /* the words of each sentence, kept for the remark pass, which reads
     * the same sentences */
    sent_words = ok ? malloc((d->n_sents + 1) * sizeof *sent_words) : NULL;
    ok = sent_words != NULL;
    for (size_t k = 0, next = 0; ok && k < d->n_sents; k++) {
        const struct seg_para *pa = &d->paras[d->sents[k].para];

        if (!pa->boilerplate && !pa->headline) {
            sent_words[k] = words_next(&all, &next, d->sents[k].b, d->sents[k].e);
            sentence_people(d, &sent_words[k], &titled, &places, confirmed);
        }
    }
    names = name_letters_of(d);
    for (size_t p = 0, next = 0; ok && p < d->n_paras; p++)
        if (!d->paras[p].boilerplate && !d->paras[p].headline) {
            ws = words_next(&all, &next, d->paras[p].b, d->paras[p].e);
            ok = paragraph_mentions(d, &d->paras[p], &ws, &names);
        }
    for (size_t k = 0, para = SIZE_MAX; ok && k < d->n_sents; k++) {
        const struct seg_sent *s = &d->sents[k];
        const struct seg_para *pa = &d->paras[s->para];
        bool para_start = s->para != para;
        int cue_b = -1, cue_e = -1, who;
        enum seg_rule rule = SEG_RULE_REMARK_CARRIED;

        if (pa->boilerplate || pa->headline)
            continue;
        if (para_start) {
            cur = -1;
            quote_marks = 0;
            sent_counted = k;
        }
        para = s->para;
        ws = sent_words[k];
        who = sentence_speaker(d, s, &ws, cur, last, para_start, &cue_b, &cue_e, &rule);
        if (who < 0 && unnamed_speaker(d, s, &ws))
            cur = last = -1;    /* quotations after it are not the last speaker's */
        for (; who < 0 && cur >= 0 && sent_counted < k; sent_counted++)
            for (uint32_t i = d->sents[sent_counted].b; i < d->sents[sent_counted].e; i++)
                quote_marks += is_quote(d->v.cp[i]);
        if (who < 0 && cur >= 0 && quote_marks % 2 == 1) {
            who = cur;    /* "Adults should… children. It is important that…" */
            rule = SEG_RULE_REMARK_CARRIED;
        }
        if (who < 0 && opens_with_quote(d, s) && (cur >= 0 || (para_start && last >= 0))) {
            who = cur >= 0 ? cur : last;
            rule = cur >= 0 ? SEG_RULE_REMARK_CARRIED : SEG_RULE_REMARK_CONTINUED;
        }
        if (lead != NULL && s->para > lead->para + 1)
            lead = NULL;    /* the name did not follow */
        if (who < 0 && last < 0 && lead == NULL && ok && anonymous_lead(d, s, &ws))
            lead = s;
        ok = ok && other_speakers(d, s, &ws, who);
        if (who < 0)
            continue;
        if (lead != NULL && rule == SEG_RULE_REMARK_CUE) {
            struct words lead_ws = words_in(&all, lead->b, lead->e);

            ok = ok && resolve_lead(d, lead, who, &lead_ws);
            lead = NULL;
        }
        ok = ok && seg_add_remark(d, who, s, cue_b, cue_e, rule, cue_b < 0) &&
             sentence_item(d, s, who, cue_e, &ws);
        d->people[who].spoke = true;
        d->people[who].summarized |= cue_b >= 0 && sums_up(d, &ws);
        cur = last = who;
    }
    if (ok)
        drop_unconfirmed(d, confirmed);
    free(all.w);
    free(openers.at);
    free(sent_words);
    free(titled.w);
    free(places.w);
    return ok;
}
