/* Input validation, the clean view with its offset map, paragraphs,
 * sentences and language detection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "segment/zh_words.h"
#include "segment/en_lex_data.h"
#include "segment/seg_internal.h"

#define MAX_PINYIN 7            /* longest syllable: zhuang + tone */
#define QUOTE_HOLD 200          /* an unclosed quote stops protecting after this */

/* What carries no text, so that a line of it is an empty line, not a
 * paragraph, and every text is trimmed of it: Unicode's spaces and
 * separators (Zs, Zl, Zp: the en, thin and ideographic spaces alike),
 * control characters, and the invisible format characters (zero-width
 * space and joiners, word joiner, BOM). Asked of utf8proc's tables, not a
 * list of code points, so no space of a newer Unicode is missed. The line
 * break itself is not space. */
bool seg_is_space(uint32_t cp)
{
    const utf8proc_property_t *prop;

    if (cp < 0x80)
        return cp != '\n' && (cp <= ' ' || cp == 0x7F);
    if (seg_in_cjk_span(cp))    /* most text: no table look-up */
        return false;
    prop = utf8proc_get_property((utf8proc_int32_t)cp);
    switch (prop->category) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
        return true;
    case UTF8PROC_CATEGORY_CF:
        return prop->ignorable;    /* not the visible ones, as U+0600 ARABIC NUMBER SIGN */
    default:
        return false;
    }
}

/* seg_is_space, answered inline for the ranges that hold no space and
 * nearly every trimmed end: printable ASCII, the dashes and quotes
 * U+2010..U+2027, CJK punctuation (from U+3001, after the ideographic
 * space) through the CJK span, and the fullwidth forms. */
static inline bool plain_space(uint32_t cp)
{
    if (cp - 0x21u < 0x7F - 0x21 || cp - U'‐' <= U'‧' - U'‐' || cp - U'、' <= 0xFAFF - U'、' ||
        cp - U'！' <= 0xFFEF - U'！')
        return false;
    return seg_is_space(cp);
}

void seg_trim(const struct seg_view *v, uint32_t *b, uint32_t *e)
{
    while (*b < *e && plain_space(v->cp[*b]))
        ++*b;
    while (*e > *b && plain_space(v->cp[*e - 1]))
        --*e;
}

bool seg_is_punct(uint32_t cp)
{
    utf8proc_category_t c;

    if (cp < 0x80)
        return cp != '_' && (cp < '0' || (cp > '9' && cp < 'A') || (cp > 'Z' && cp < 'a') || cp > 'z');
    c = utf8proc_category((utf8proc_int32_t)cp);
    return (c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO) ||
           (c >= UTF8PROC_CATEGORY_SM && c <= UTF8PROC_CATEGORY_SO) ||
           (c >= UTF8PROC_CATEGORY_ZS && c <= UTF8PROC_CATEGORY_ZP);
}

/* The characters split_sentences has to look at: those ends_sentence
 * reads and the quotes that hold a sentence open. */
static bool is_sentence_mark(uint32_t sh)
{
    return seg_cp_in(sh, U"。！？?.“”《》");
}

uint8_t seg_char_class(uint32_t c)
{
    uint32_t sh = seg_shadow_of(c);
    uint8_t k = 0;

    if (seg_is_han(c))
        k |= CLASS_HAN | (sh != c ? CLASS_TRADITIONAL : 0);
    if ((c | 0x20) - 'a' <= 'z' - 'a')
        k |= CLASS_LATIN;
    if (is_sentence_mark(sh))
        k |= CLASS_SENTENCE;
    if (c == U'�' || c - 'A' <= 'Z' - 'A')
        k |= CLASS_WARNING;
    if (c == '(' || c == U'（' || c == '?')
        k |= CLASS_ANNOTATION;
    if (seg_cp_in(sh, U"在办主记"))
        k |= CLASS_EVENT;
    if (c == '\n')
        k |= CLASS_LINE;
    return k;
}

static bool is_toned(uint32_t cp)
{
    /* every toned letter lies in [U+00E0, U+1E3F]: plain ASCII letters,
     * most of a pinyin run, leave before the search */
    static const uint32_t toned[] = {
        0x101, 0xE1, 0x1CE, 0xE0, 0x113, 0xE9, 0x11B, 0xE8, 0x12B, 0xED, 0x1D0, 0xEC,
        0x14D, 0xF3, 0x1D2, 0xF2, 0x16B, 0xFA, 0x1D4, 0xF9, 0x1D6, 0x1D8, 0x1DA, 0x1DC,
        0x144, 0x148, 0x1F9, U'ḿ',
    };

    if (cp < 0xE0 || cp > 0x1E3F)
        return false;
    for (size_t i = 0; i < sizeof toned / sizeof toned[0]; i++)
        if (toned[i] == cp)
            return true;
    return false;
}

static bool is_pinyin_letter(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == 0xFC || is_toned(cp);
}

/* Length of the pinyin letters starting at cp[i] followed by ')' (or 0), and
 * whether any is toned / all are lower case. */
static uint32_t pinyin_run(const uint32_t *cp, uint32_t n, uint32_t i, bool *toned, bool *lower)
{
    uint32_t j = i;

    *toned = false;
    *lower = true;
    while (j < n && j - i < MAX_PINYIN && is_pinyin_letter(cp[j])) {
        *toned |= is_toned(cp[j]);
        *lower &= !(cp[j] >= 'A' && cp[j] <= 'Z');
        j++;
    }
    if (j == i || j >= n || (cp[j] != ')' && cp[j] != U'）'))
        return 0;
    return j - i;
}

static void set_error(struct seg_error *err, enum seg_status st, size_t off, const char *msg)
{
    err->status = st;
    err->offset = off;
    snprintf(err->message, sizeof err->message, "%s", msg);
}

/* The number of bytes b of p[0, len) with (b & mask) == value. Summed in
 * a byte, 240 at a time, so the vector lanes stay bytes; a fixed count,
 * so the compiler unrolls it and no loop exit is mispredicted. */
static uint32_t count_masked(const uint8_t *p, size_t len, uint8_t mask, uint8_t value)
{
    uint32_t n = 0;
    size_t i = 0;

    for (; len - i >= 240; i += 240) {
        uint8_t chunk = 0;

        for (size_t k = 0; k < 240; k++)
            chunk += (p[i + k] & mask) == value;
        n += chunk;
    }
    for (; i < len; i++)
        n += (p[i] & mask) == value;
    return n;
}

/* Code points of valid UTF-8: the bytes that are not continuation bytes,
 * counted in one vectorised pass, so the arrays are sized by characters,
 * not bytes, for a fraction of a decoding pass. On invalid input it may
 * count more or fewer, but decode writes one entry per lead byte, never
 * more. */
static uint32_t lead_bytes(const uint8_t *p, size_t len)
{
    return (uint32_t)(len - count_masked(p, len, 0xC0, 0x80));
}

/* The arrays of the view that decoding fills, one entry per code point,
 * as locals: a store through one of them (cls holds bytes, which may
 * alias anything) then cannot make the compiler reload the others. */
struct view_arrays {
    uint32_t *cp, *sh, *src;
    uint8_t *cls;
};

/* Writes code point c, read at byte offset off, as entry n: with its
 * shadow and class, which are of one code point, so removing an annotation
 * later moves them with it. Both are read before any store, so they share
 * one table load. */
static inline void put_char(struct view_arrays a, size_t n, uint32_t c, uint32_t off)
{
    uint32_t shadow = seg_shadow_of(c);
    uint8_t class = seg_class_of(c);

    a.cp[n] = c;
    a.sh[n] = shadow;
    a.cls[n] = class;
    a.src[n] = off;
}

/* Whether the four bytes at q start a valid three-byte form (a lead, two
 * continuation bytes, neither overlong nor a surrogate); its code point in
 * *c. The bytes are read as one little-endian word, so the form is one
 * mask and compare; overlong and surrogate values are marked in the
 * table entry the decoder reads anyway. */
static inline bool three_byte_at(const uint8_t *q, uint32_t *c)
{
    uint32_t w;

    memcpy(&w, q, sizeof w);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap32(w);
#endif
    if ((w & 0xC0C0F0) != 0x8080E0)
        return false;
    *c = ((w & 0x0F) << 12) | ((w >> 2) & 0xFC0) | ((w >> 16) & 0x3F);
    return !(seg_bmp_chars[*c] & SEG_BMP_NOT_THREE_BYTE);
}

/* Decodes from byte from, as entries *n on, the run of ASCII and plainly
 * valid 2- and 3-byte characters that starts there; returns where the run
 * stops: at len, or at what utf8proc must judge. Nearly all text is such
 * a run. Not inlined, and calling nothing, so its loop keeps every
 * variable in a register; byte indices rather than pointers, so the
 * offset each entry records is the index itself. */
__attribute__((noinline)) static uint32_t decode_plain(struct view_arrays a, const uint8_t *p,
                                                       uint32_t from, uint32_t len, uint32_t *n_io)
{
    /* a word of four bytes may be read below four_end, of eight below
     * word_end (a three-byte form in the last three bytes is left to
     * utf8proc) */
    const uint32_t four_end = len >= 3 ? len - 3 : 0, word_end = len >= 7 ? len - 7 : 0;
    size_t n = *n_io, i = from;    /* size_t: indices need no widening */

    /* Runs of one width are decoded by loops of their own, which test
     * only what may end the run: most text is a run of Han and Chinese
     * punctuation (three bytes) or of ASCII. */
    while (i < len) {
        uint32_t c = p[i];

        if (c < 0x80) {
            /* eight ASCII bytes, known as such by one test of their high
             * bits, are written without a branch between them */
            for (uint64_t word; i < word_end; i += 8, n += 8) {
                memcpy(&word, p + i, sizeof word);
                if (word & 0x8080808080808080u)
                    break;
                for (uint32_t k = 0; k < 8; k++)
                    put_char(a, n + k, p[i + k], (uint32_t)(i + k));
            }
            for (; i < len && (c = p[i]) < 0x80; i++)
                put_char(a, n++, c, (uint32_t)i);
        } else if (i < four_end && three_byte_at(p + i, &c)) {
            do {
                put_char(a, n++, c, (uint32_t)i);
                i += 3;
            } while (i < four_end && three_byte_at(p + i, &c));
        } else if ((uint8_t)(c - 0xC2) <= 0xDF - 0xC2 && len - i >= 2 && (p[i + 1] & 0xC0) == 0x80) {
            put_char(a, n++, ((c & 0x1F) << 6) | (p[i + 1] & 0x3F), (uint32_t)i);
            i += 2;
        } else {
            break;
        }
    }
    *n_io = (uint32_t)n;
    return (uint32_t)i;
}

/* Decodes the input into v->cp, v->sh (the shadow of each code point),
 * v->cls (its class) and v->src, validating as it goes; false with the
 * offset of the first invalid sequence. */
static bool decode(struct seg_view *v, size_t start, struct seg_error *err)
{
    const struct view_arrays a = {v->cp, v->sh, v->src, v->cls};
    const uint8_t *p = (const uint8_t *)v->orig;
    const uint32_t len = (uint32_t)v->orig_len;    /* at most SEG_MAX_INPUT */
    uint32_t n = 0, i = (uint32_t)start;

    while ((i = decode_plain(a, p, i, len, &n)) < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t got = utf8proc_iterate(p + i, len - i, &c);

        if (got <= 0) {
            size_t off = i;

            v->n = n;
            set_error(err, SEG_E_UTF8, off, "");
            snprintf(err->message, sizeof err->message, "invalid UTF-8 at byte offset %zu", off);
            return false;
        }
        put_char(a, n++, (uint32_t)c, i);
        i += (uint32_t)got;
    }
    v->n = n;
    return true;
}

/* At r, an annotation of the character before it is removed (r moves past
 * it; true), or cp[r] is kept at w (false). 點(diǎn) -> 點; (AI) and (南京)
 * stay. An annotation after a non-Han character, or one whose '(' was
 * eaten by mojibake (?dòng)), flags the character before it. */
static bool strip_at(struct seg_view *v, uint32_t *r, uint32_t *w)
{
    uint32_t *cp = v->cp, c = cp[*r], len;
    bool toned, lower;

    /* an annotation belongs to the character before it on its line; at
     * the start of a line it stays text, so the line stays a paragraph */
    if ((c == '(' || c == U'（') && *w > 0 && cp[*w - 1] != '\n' &&
        (len = pinyin_run(cp, v->n, *r + 1, &toned, &lower)) > 0 &&
        (toned || (lower && seg_is_han(cp[*w - 1])))) {
        v->flag[*w - 1] |= FLAG_ANNOTATED;
        if (!seg_is_han(cp[*w - 1]) && !seg_is_space(cp[*w - 1]))
            v->flag[*w - 1] |= FLAG_MOJIBAKE;
        *r += len + 2;
        return true;
    }
    if (*w > 0 && cp[*w - 1] == '?' && is_pinyin_letter(c) &&
        (len = pinyin_run(cp, v->n, *r, &toned, &lower)) > 0 && toned) {
        v->flag[*w - 1] |= FLAG_MOJIBAKE | FLAG_ANNOTATED;
        *r += len + 1;
        return true;
    }
    cp[*w] = c;
    v->sh[*w] = v->sh[*r];
    v->cls[*w] = v->cls[*r];
    v->src[*w] = v->src[*r];
    v->flag[*w] = 0;
    ++*w;
    ++*r;
    return false;
}

/* The first position at or after r, or n, where an annotation may start:
 * at '(' and U+FF08, and after '?' (each CLASS_ANNOTATION). The search
 * starts one before r for a '?' there; that position still holds what was
 * decoded, as strip_annotations writes only below w, and w < r once
 * anything was removed. */
static uint32_t next_candidate(const struct seg_view *v, uint32_t r, uint32_t n)
{
    for (uint32_t j = r > 0 ? r - 1 : 0;; j++) {
        if ((j = seg_next_class(v->cls, j, n, CLASS_ANNOTATION)) == n)
            return n;
        if (v->cp[j] == '?')
            return j + 1;
        if (j >= r)
            return j;
    }
}

/* Removes pinyin annotations in place. Only the candidates
 * (next_candidate) and the character right after a removal can start
 * one; the characters between are kept, and moved once one was removed. */
static void strip_annotations(struct seg_view *v)
{
    const uint32_t n = v->n;
    uint32_t r = 0, w = 0;

    while (r < n) {
        uint32_t to = next_candidate(v, r, n);

        if (w != r) {
            memmove(v->cp + w, v->cp + r, (size_t)(to - r) * sizeof *v->cp);
            memmove(v->sh + w, v->sh + r, (size_t)(to - r) * sizeof *v->sh);
            memmove(v->cls + w, v->cls + r, to - r);
            memmove(v->src + w, v->src + r, (size_t)(to - r) * sizeof *v->src);
            memset(v->flag + w, 0, to - r);
        }
        w += to - r;
        r = to;
        while (r < n && strip_at(v, &r, &w))
            ;
    }
    v->n = w;
    v->annotated = w != n;
}

/* A literal '?' beside Han or another '?' stands for characters lost in a
 * conversion: it is mojibake, never a question mark that ends a sentence. */
static void flag_question_marks(struct seg_view *v)
{
    for (uint32_t i = 0; i < v->n; i++) {
        bool han_or_q_before, han_or_q_after;

        /* the neighbours matter only around a '?' */
        if ((i = seg_next_cp(v->cp, i, v->n, '?')) == v->n)
            break;
        han_or_q_before = i > 0 && (seg_is_han(v->cp[i - 1]) || v->cp[i - 1] == '?');
        han_or_q_after = i + 1 < v->n && (seg_is_han(v->cp[i + 1]) || v->cp[i + 1] == '?');
        if (han_or_q_before || han_or_q_after)
            v->flag[i] |= FLAG_MOJIBAKE;
    }
}

bool seg_view_build(struct seg_doc *d, const char *text, size_t len, struct seg_error *err)
{
    struct seg_view *v = &d->v;
    bool any = false;
    size_t start = 0;
    uint32_t count;
    const char *nul;

    v->orig = text;
    v->orig_len = len;
    if (len > SEG_MAX_INPUT) {
        set_error(err, SEG_E_TOO_LARGE, 0, "input larger than the segmenter's limit");
        return false;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        start = 3;    /* a BOM is no text; offsets still index the original bytes */
    if ((nul = memchr(text, '\0', len)) != NULL) {
        set_error(err, SEG_E_NUL, (size_t)(nul - text), "");
        snprintf(err->message, sizeof err->message, "NUL byte at offset %zu", err->offset);
        return false;
    }
    count = lead_bytes((const uint8_t *)text + start, len - start);
    v->cp = malloc(((size_t)count + 1) * sizeof *v->cp);
    v->sh = malloc(((size_t)count + 1) * sizeof *v->sh);
    v->src = malloc(((size_t)count + 1) * sizeof *v->src);
    v->flag = calloc((size_t)count + 1, 1);
    v->cls = malloc((size_t)count + 1);
    if (!v->cp || !v->sh || !v->src || !v->flag || !v->cls) {
        set_error(err, SEG_E_NOMEM, 0, "out of memory");
        return false;
    }
    if (!decode(v, start, err))
        return false;
    strip_annotations(v);
    if (memchr(text + start, '?', len - start) != NULL)    /* one vector scan spares the loop */
        flag_question_marks(v);
    for (uint32_t i = 0; i < v->n && !any; i++)
        any = !seg_is_space(v->cp[i]) && v->cp[i] != '\n';
    if (!any) {
        set_error(err, SEG_E_EMPTY, 0, "empty input: nothing but white space");
        return false;
    }
    return true;
}

static bool has_sentence_end(const struct seg_view *v, uint32_t b, uint32_t e)
{
    for (uint32_t i = b; i < e; i++)
        if (v->sh[i] == U'。' || v->sh[i] == U'！' || v->sh[i] == U'？')
            return true;
    return false;
}

static bool is_boilerplate(const struct seg_view *v, uint32_t b, uint32_t e)
{
    static const char32_t *const starts[] = {U"![", U"<!--", U"<", U"---", U"[", U"http", U"（图", U"(图", U"{{"};
    uint32_t terminators = 0;
    int opened = 0;

    for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++) {
        const char32_t *s = starts[k];
        uint32_t i = b;

        while (*s && i < e && v->cp[i] == (uint32_t)*s) {
            s++;
            i++;
        }
        /* <figcaption>X表示…。</figcaption> is text inside markup */
        if (*s == 0 && !(starts[k][0] == '<' && starts[k][1] == 0 && has_sentence_end(v, b, e)))
            return true;
    }
    /* a byline or credit line: 記者 X, 通讯员 Y */
    if (e - b <= 40)
        for (uint32_t i = b; i + 1 < e; i++)
            if ((v->sh[i] == U'记' && v->sh[i + 1] == U'者') ||
                (v->sh[i] == U'通' && v->sh[i + 1] == U'讯') ||
                (v->sh[i] == U'责' && v->sh[i + 1] == U'编'))
                return !has_sentence_end(v, b, e);
    if (e - b > 12)    /* before the count: most paragraphs are long */
        return false;
    for (uint32_t i = b; i < e; i++) {
        terminators += v->sh[i] == U'。' || v->sh[i] == U'！' || v->sh[i] == U'？' ||
                       v->sh[i] == U'，' || v->sh[i] == '.';
        /* X以“守正创新 / 推进…”为题: a sentence broken inside a quote */
        opened += (v->sh[i] == U'“' || v->sh[i] == U'《') - (v->sh[i] == U'”' || v->sh[i] == U'》');
    }
    return terminators == 0 && opened <= 0;
}

/* Page chrome of news sites kept in a scraped text: the editor's line
 * (【纠错】责任编辑：X), print and font-size controls, links to other
 * stories. A short line with one of these and no sentence end is not
 * text. */
static bool is_page_chrome(const struct seg_view *v, uint32_t b, uint32_t e)
{
    static const char32_t *const marks[] = {ZH_IS_PAGE_CHROME_MARKS};

    if (e - b > 40 || has_sentence_end(v, b, e))
        return false;
    for (uint32_t i = b; i < e; i++)
        for (size_t k = 0; k < sizeof marks / sizeof marks[0] && seg_cp_in(v->sh[i], U"责纠字打相阅分扫"); k++) {
            uint32_t j = i;
            const char32_t *m = marks[k];

            while (*m && j < e && v->sh[j] == (uint32_t)*m) {
                m++;
                j++;
            }
            if (*m == 0)
                return true;
        }
    return false;
}

/* Whether paragraph p repeats the headline h (a scraped page prints it
 * again above the story, sometimes run together with its subtitles):
 * no sentence end, and the same first characters once spaces are
 * skipped. */
static bool repeats_headline(const struct seg_view *v, const struct seg_para *h,
                             const struct seg_para *p)
{
    uint32_t i = h->b, j = p->b, same = 0;

    if (has_sentence_end(v, p->b, p->e))
        return false;
    while (i < h->e && j < p->e && same < 8) {
        if (seg_is_space(v->cp[i])) {
            i++;
            continue;
        }
        if (seg_is_space(v->cp[j])) {
            j++;
            continue;
        }
        if (v->sh[i] != v->sh[j])
            return false;
        i++;
        j++;
        same++;
    }
    return same == 8 || (i == h->e && same > 0);
}

/* Whether the full stop at i closes an English abbreviation of a style
 * or rank written before a name (Hon. Dr Reddy, Prof. Lee, Rev. Kerr),
 * which ends no sentence. */
static bool english_abbreviation(const struct seg_doc *d, uint32_t i)
{
    uint32_t b = i;

    while (b > 0 && i - b < 5 && (d->v.cp[b - 1] | 0x20) - 'a' <= 'z' - 'a')
        b--;
    if (b == i || (b > 0 && (d->v.cp[b - 1] | 0x20) - 'a' <= 'z' - 'a'))
        return false;
    for (size_t k = 0; k < sizeof style_abbreviations / sizeof style_abbreviations[0]; k++) {
        const char *a = style_abbreviations[k];
        uint32_t j = b;

        while (*a && j < i && d->v.cp[j] == (uint32_t)(unsigned char)*a)
            a++, j++;
        if (*a == '\0' && j == i)
            return true;
    }
    return false;
}

/* inline: split_sentences asks this at every position of every paragraph */
static inline bool ends_sentence(const struct seg_doc *d, uint32_t i, uint32_t e, bool english)
{
    uint32_t c = d->v.sh[i];

    if (c == U'。' || c == U'！' || c == U'？')
        return true;
    if (c == '?' || (english && c == '.')) {
        if (d->v.flag[i] & FLAG_MOJIBAKE)
            return false;
        if (c == '?' && i > 0 && d->v.sh[i - 1] == '?')
            return false;
        if (english && c == '.' && english_abbreviation(d, i))
            return false;
        return i + 1 >= e || d->v.sh[i + 1] == ' ' || d->v.sh[i + 1] == U'”' ||
               d->v.sh[i + 1] == '"';
    }
    return false;
}

void *seg_grow(void *array, size_t *cap, size_t n, size_t size, size_t first)
{
    size_t nc = *cap ? *cap * 2 : first;
    void *grown;

    if (n < *cap)
        return array;
    if ((grown = realloc(array, nc * size)) != NULL)
        *cap = nc;
    return grown;
}

static bool push_sent(struct seg_doc *d, size_t *cap, uint32_t b, uint32_t e, uint32_t para)
{
    struct seg_sent *sents;

    seg_trim(&d->v, &b, &e);
    if (b >= e)
        return true;
    if ((sents = seg_grow(d->sents, cap, d->n_sents, sizeof *sents, 256)) == NULL)
        return false;
    d->sents = sents;
    d->sents[d->n_sents++] = (struct seg_sent){b, e, para};
    return true;
}

static bool split_sentences(struct seg_doc *d, uint32_t para, bool english, size_t *cap)
{
    const struct seg_para *p = &d->paras[para];
    uint32_t start = p->b, quote_open = 0, depth = 0;

    for (uint32_t i = p->b; i < p->e; i++) {
        uint32_t c;

        /* A character that neither quotes nor may end a sentence (not
         * CLASS_SENTENCE) is passed over, eight at a time, and the hold
         * below, which only grows with i, is caught up at the next
         * sentence mark (right after a sentence end depth is 0 anyway) */
        if ((i = seg_next_class(d->v.cls, i, p->e, CLASS_SENTENCE)) == p->e)
            break;
        c = d->v.sh[i];
        if (depth > 0 && i - 1 - quote_open > QUOTE_HOLD)
            depth = 0;
        if (c == U'“' || c == U'《') {
            if (depth++ == 0)
                quote_open = i;
        } else if ((c == U'”' || c == U'》') && depth > 0) {
            depth--;
        }
        if (depth > 0 && i - quote_open > QUOTE_HOLD)
            depth = 0;
        if (depth == 0 && ends_sentence(d, i, p->e, english)) {
            uint32_t e = i + 1;

            while (e < p->e && (d->v.sh[e] == U'”' || d->v.sh[e] == U'’' ||
                                d->v.sh[e] == U'）' || d->v.sh[e] == '"' ||
                                ends_sentence(d, e, p->e, english)))
                e++;
            if (!push_sent(d, cap, start, e, para))
                return false;
            start = e;
            i = e - 1;
        }
    }
    return push_sent(d, cap, start, p->e, para);
}

bool seg_split(struct seg_doc *d)
{
    const struct seg_view *v = &d->v;
    size_t cap = 0, sent_cap = 0;
    bool english;

    for (uint32_t i = 0; i <= v->n;) {
        uint32_t j = i, b, e;

        j = seg_next_class(v->cls, j, v->n, CLASS_LINE);
        b = i;
        e = j;
        seg_trim(v, &b, &e);
        if (e > b) {
            struct seg_para *p = seg_grow(d->paras, &cap, d->n_paras, sizeof *p, 64);

            if (p == NULL)
                return false;
            d->paras = p;
            d->paras[d->n_paras++] =
                (struct seg_para){b, e, is_boilerplate(v, b, e) || is_page_chrome(v, b, e), false};
        }
        i = j + 1;
    }
    d->language = seg_detect_language(d);
    english = strcmp(d->language, "en") == 0;
    if (d->n_paras > 1) {
        const struct seg_para *p = &d->paras[0];
        bool has_end = false;

        for (uint32_t i = p->b; i < p->e; i++)
            has_end |= ends_sentence(d, i, p->e, english);
        d->paras[0].headline = !has_end;
        /* English lines end sentences with '.', which has_sentence_end
         * does not read: the repeat is looked for in Chinese only */
        for (size_t k = 1; k < d->n_paras && k < 3 && d->paras[0].headline && !english; k++)
            if (repeats_headline(v, &d->paras[0], &d->paras[k]))
                d->paras[k].headline = true;
    }
    for (uint32_t k = 0; k < d->n_paras; k++)
        if (!split_sentences(d, k, english, &sent_cap))
            return false;
    return true;
}

const char *seg_detect_language(const struct seg_doc *d)
{
    const uint8_t *cls = d->v.cls;
    /* Traditional is a class of its own: Han whose shadow differs, since
     * the fold leaves Han alone and only the t2s conversion changes it. */
    uint32_t han = count_masked(cls, d->v.n, CLASS_HAN, CLASS_HAN);
    uint32_t trad = count_masked(cls, d->v.n, CLASS_TRADITIONAL, CLASS_TRADITIONAL);
    uint32_t latin = count_masked(cls, d->v.n, CLASS_LATIN, CLASS_LATIN);

    if (han == 0 && latin == 0)
        return "und";
    if (latin > (size_t)han * 2)
        return "en";
    if (han == 0)
        return "und";
    return (size_t)trad * 100 >= (size_t)han * 3 ? "zh-Hant" : "zh-Hans";
}

uint32_t seg_para_of(const struct seg_doc *d, uint32_t pos)
{
    size_t lo = 0, hi = d->n_paras;

    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;

        if (d->paras[mid].b <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

