#include "case_util.h"
#include "podium/enc.h"

#include <jansson.h>
#include <signal.h>
#include <utf8proc.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int case_failures;

void case_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "FAIL %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    case_failures++;
}

void case_check_str(const char *file, int line, const char *expr, const char *got,
                    const char *want)
{
    if (got == NULL && want == NULL)
        return;
    if (got != NULL && want != NULL && strcmp(got, want) == 0)
        return;
    case_fail(file, line, "%s is %s%s%s, want %s%s%s", expr, got ? "\"" : "",
              got ? got : "NULL", got ? "\"" : "", want ? "\"" : "", want ? want : "NULL",
              want ? "\"" : "");
}

void case_check_uint(const char *file, int line, const char *expr, unsigned long long got,
                     unsigned long long want)
{
    if (got != want)
        case_fail(file, line, "%s is %llu, want %llu", expr, got, want);
}

/* Seconds one case may take, ASan included. Inputs are sized so that a
 * linear segmenter needs a fraction of this and a quadratic one far more,
 * so running out of time means "not linear", not "slow machine". */
enum { CASE_TIME_LIMIT = 30 };

static const char *volatile running_case = "";

static void write_text(int fd, const char *text)
{
    (void)!write(fd, text, strlen(text));
}

/* Bail out! ends the TAP stream (the cases after this one never ran); the
 * failure goes to stderr too, where the other failures are. */
static void on_time_limit(int sig)
{
    static const int fds[] = {STDOUT_FILENO, STDERR_FILENO};
    static const char *const lead[] = {"Bail out! ", "FAIL: "};

    (void)sig;
    for (size_t i = 0; i < N_OF(fds); i++) {
        write_text(fds[i], lead[i]);
        write_text(fds[i], "time limit reached in case ");
        write_text(fds[i], running_case);
        write_text(fds[i], " (is every stage linear in the input?)\n");
    }
    _exit(1);
}

static bool case_named(const struct case_entry *cases, size_t n_cases, const char *name)
{
    for (size_t i = 0; i < n_cases; i++)
        if (strcmp(cases[i].name, name) == 0)
            return true;
    return false;
}

/* Whether the case is to run: every case without names, else the named. */
static bool case_chosen(const char *name, int argc, char **argv)
{
    for (int k = 1; k < argc; k++)
        if (strcmp(argv[k], name) == 0)
            return true;
    return argc < 2;
}

int case_main(int argc, char **argv, const struct case_entry *cases, size_t n_cases)
{
    struct seg_error err;
    size_t planned = 0, number = 0;

    if (argc == 2 && strcmp(argv[1], "--list") == 0) {
        for (size_t i = 0; i < n_cases; i++)
            printf("%s\n", cases[i].name);
        return 0;
    }
    /* A name that no case has would otherwise run nothing and pass. */
    for (int k = 1; k < argc; k++)
        if (!case_named(cases, n_cases, argv[k])) {
            fprintf(stderr, "%s: no case named %s (--list lists them)\n", argv[0], argv[k]);
            return 2;
        }
    signal(SIGALRM, on_time_limit);
    if (!seg_init(&err)) {
        printf("Bail out! seg_init: %s\n", err.message);
        return 1;
    }
    for (size_t i = 0; i < n_cases; i++)
        planned += case_chosen(cases[i].name, argc, argv);
    printf("1..%zu\n", planned);
    fflush(stdout);
    for (size_t i = 0; i < n_cases; i++) {
        int before = case_failures;

        if (!case_chosen(cases[i].name, argc, argv))
            continue;
        running_case = cases[i].name;
        alarm(CASE_TIME_LIMIT);
        cases[i].run();
        alarm(0);
        /* stderr holds the failures: flushed first, they stay next to their case */
        fflush(stderr);
        printf("%s %zu %s\n", case_failures == before ? "ok" : "not ok", ++number,
               cases[i].name);
        fflush(stdout);
    }
    return case_failures == 0 ? 0 : 1;
}

/* ---- UTF-8 and the normalisation used to compare spans with text ---- */

/* Decodes one code point; an invalid byte decodes as U+FFFD of length 1,
 * so the comparison never reads past the end of the bytes it was given. */
static uint32_t decode(const unsigned char *s, size_t len, size_t *used)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t cp;

    if (c < 0x80) {
        *used = 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        *used = 1;
        return 0xFFFD;
    }
    if (n > len) {
        *used = 1;
        return 0xFFFD;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *used = 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *used = n;
    return cp;
}

static bool utf8_contains(const char *set, uint32_t cp)
{
    size_t len = strlen(set), used;

    for (size_t i = 0; i < len; i += used)
        if (decode((const unsigned char *)set + i, len - i, &used) == cp)
            return true;
    return false;
}

static bool is_toned(uint32_t cp)
{
    return utf8_contains("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ", cp);
}

static bool is_pinyin_letter(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == 0xFC || is_toned(cp);
}

static bool is_open(uint32_t cp)
{
    return cp == '(' || cp == 0xFF08;
}

static bool is_close(uint32_t cp)
{
    return cp == ')' || cp == 0xFF09;
}

/* White space for every comparison here, and what leaves a line blank:
 * Unicode's spaces and separators (Zs, Zl, Zp), controls and the invisible
 * format characters (zero-width space and joiners, BOM), which the
 * segmenter treats as no text (SEGMENTER.md section 4). Anything else, an
 * annotation included, makes a line a paragraph. Stated here from
 * utf8proc's tables rather than borrowed from the segmenter, so that a
 * space the segmenter forgets is reported ("not trimmed"), not agreed with. */
static bool blank_cp(uint32_t cp)
{
    const utf8proc_property_t *prop = utf8proc_get_property((utf8proc_int32_t)cp);
    utf8proc_category_t category = prop->category;

    return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
           category == UTF8PROC_CATEGORY_ZP || category == UTF8PROC_CATEGORY_CC ||
           (category == UTF8PROC_CATEGORY_CF && prop->ignorable);
}

struct cps {
    uint32_t *v;
    size_t n;
};

/* Length of the run of pinyin letters at i (at most 8, so callers can tell
 * "more than 7"), and whether it carries a tone mark. */
static size_t pinyin_run(const struct cps *in, size_t i, bool *toned)
{
    size_t k = 0;

    *toned = false;
    while (i + k < in->n && k < 8 && is_pinyin_letter(in->v[i + k])) {
        *toned = *toned || is_toned(in->v[i + k]);
        k++;
    }
    return k;
}

/* One pass of tools/score.py's rule: drops each bracketed group of 1-7
 * pinyin letters that carries a tone mark or follows a Han character.
 * Returns whether anything was dropped. */
static bool strip_bracketed(struct cps *c)
{
    size_t kept = 0;
    bool toned, dropped = false;
    uint32_t *out = calloc(c->n + 1, sizeof(uint32_t));

    if (out == NULL) {
        fprintf(stderr, "out of memory\n");
        abort();
    }
    for (size_t i = 0; i < c->n; i++) {
        if (is_open(c->v[i])) {
            size_t k = pinyin_run(c, i + 1, &toned);
            bool after_han = i > 0 && c->v[i - 1] > 0x2E80;

            if (k >= 1 && k <= 7 && i + 1 + k < c->n && is_close(c->v[i + 1 + k]) &&
                (toned || after_han)) {
                i += k + 1;
                dropped = true;
                continue;
            }
        }
        out[kept++] = c->v[i];
    }
    free(c->v);
    c->v = out;
    c->n = kept;
    return dropped;
}

/* Text as DESIGN.md section 3 cleans it, for comparing: annotations dropped
 * until none is left (a fuzzed `(zh(zhǎng)ì)` hides one inside another), then
 * SEGMENTER.md's orphans (toned letters closed by ')' whose '(' was lost)
 * unless drop_orphans is false, full-width forms folded to ASCII and white
 * space dropped. */
static struct cps normalise_as(const char *s, size_t len, bool drop_orphans)
{
    struct cps raw = {calloc(len + 1, sizeof(uint32_t)), 0};
    struct cps out = {calloc(len + 1, sizeof(uint32_t)), 0};
    size_t used;
    bool toned;

    if (raw.v == NULL || out.v == NULL) {
        fprintf(stderr, "out of memory\n");
        abort();
    }
    for (size_t i = 0; i < len; i += used)
        raw.v[raw.n++] = decode((const unsigned char *)s + i, len - i, &used);
    for (int pass = 0; pass < 8 && strip_bracketed(&raw); pass++)
        ;
    for (size_t i = 0; i < raw.n; i++) {
        uint32_t cp = raw.v[i];

        if (drop_orphans && is_pinyin_letter(cp) &&
            (i == 0 || !is_pinyin_letter(raw.v[i - 1]))) {
            size_t k = pinyin_run(&raw, i, &toned);

            if (toned && k <= 7 && i + k < raw.n && is_close(raw.v[i + k]) &&
                (i == 0 || !is_open(raw.v[i - 1]))) {
                i += k;
                continue;
            }
        }
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            cp -= 0xFEE0;
        if (!blank_cp(cp))
            out.v[out.n++] = cp;
    }
    free(raw.v);
    return out;
}

static struct cps normalise(const char *s, size_t len)
{
    return normalise_as(s, len, true);
}

static bool cps_starts(const struct cps *a, const struct cps *prefix)
{
    return prefix->n <= a->n && memcmp(a->v, prefix->v, prefix->n * sizeof(uint32_t)) == 0;
}

static bool cps_contains(const struct cps *a, const struct cps *needle)
{
    for (size_t i = 0; i + needle->n <= a->n; i++)
        if (a->v[i] == needle->v[0] && memcmp(a->v + i, needle->v, needle->n * sizeof(uint32_t)) == 0)
            return true;
    return needle->n == 0;
}

bool case_span_says(const char *input, struct seg_span span, const char *text)
{
    struct cps a = normalise(input + span.start, span.end - span.start);
    struct cps b = normalise(text, strlen(text));
    bool same = a.n == b.n && cps_starts(&a, &b);

    free(a.v);
    free(b.v);
    return same;
}

/* match(text, other) with both normalised. */
static bool normalised_match(const char *text, const char *other,
                             bool (*match)(const struct cps *, const struct cps *))
{
    struct cps a = normalise(text, strlen(text));
    struct cps b = normalise(other, strlen(other));
    bool matched = match(&a, &b);

    free(a.v);
    free(b.v);
    return matched;
}

bool case_text_starts(const char *text, const char *prefix)
{
    return normalised_match(text, prefix, cps_starts);
}

bool case_text_same(const char *a, const char *b)
{
    return a != NULL && b != NULL && case_text_starts(a, b) && case_text_starts(b, a);
}

bool case_text_contains(const char *text, const char *needle)
{
    return normalised_match(text, needle, cps_contains);
}

/* ---- lookups ---- */

size_t case_offset(const char *input, const char *needle)
{
    const char *hit = strstr(input, needle);

    if (hit == NULL) {
        fprintf(stderr, "broken fixture: \"%s\" is not in the text\n", needle);
        abort();
    }
    return (size_t)(hit - input);
}

const struct seg_person *case_find_person(const struct seg_result *r, const char *name)
{
    for (size_t i = 0; r != NULL && i < r->n_people; i++)
        if (r->people[i].name != NULL && strcmp(r->people[i].name, name) == 0)
            return &r->people[i];
    return NULL;
}

const struct seg_person *case_person(const struct seg_result *r, const char *name)
{
    const struct seg_person *p = case_find_person(r, name);

    if (p == NULL && r != NULL) {
        case_fail(__FILE__, __LINE__, "no person named %s", name);
        case_dump(r);
    }
    return p;
}

const struct seg_remark *case_remark_at(const struct seg_person *p, size_t offset)
{
    for (size_t i = 0; p != NULL && i < p->n_remarks; i++)
        if (p->remarks[i].span.start <= offset && offset < p->remarks[i].span.end)
            return &p->remarks[i];
    return NULL;
}

const struct seg_person *case_speaker_at(const struct seg_result *r, size_t offset)
{
    for (size_t i = 0; r != NULL && i < r->n_people; i++)
        if (case_remark_at(&r->people[i], offset) != NULL)
            return &r->people[i];
    return NULL;
}

long case_item_index(const struct seg_person *p, const char *prefix)
{
    for (size_t i = 0; p != NULL && i < p->n_items; i++)
        if (p->items[i].text != NULL && case_text_starts(p->items[i].text, prefix))
            return (long)i;
    return -1;
}


/* ---- invariants ---- */

static bool on_boundary(const char *input, size_t len, uint32_t at)
{
    return at == len || ((unsigned char)input[at] & 0xC0) != 0x80;
}

/* A span must be ordered, inside the input and cut between characters. */
static bool span_ok(const char *what, struct seg_span s, const char *input, size_t len)
{
    if (s.start > s.end || s.end > len || !on_boundary(input, len, s.start) ||
        !on_boundary(input, len, s.end)) {
        case_fail(__FILE__, __LINE__, "%s span [%u,%u) is not a character range of %zu bytes",
                  what, s.start, s.end, len);
        return false;
    }
    return true;
}

static void check_in_paragraph(const char *what, const struct seg_result *r, uint32_t paragraph,
                               struct seg_span s)
{
    if (paragraph >= r->n_paragraphs) {
        case_fail(__FILE__, __LINE__, "%s names paragraph %u of %zu", what, paragraph,
                  r->n_paragraphs);
        return;
    }
    const struct seg_span pspan = r->paragraphs[paragraph].span;

    if (s.start < pspan.start || s.end > pspan.end)
        case_fail(__FILE__, __LINE__, "%s span [%u,%u) is outside its paragraph %u [%u,%u)",
                  what, s.start, s.end, paragraph, pspan.start, pspan.end);
}

/* DESIGN.md section 3: text fields have their surrounding white space
 * trimmed (ideographic spaces, common as paragraph indents, included). */
static void check_trimmed(const char *what, const char *text)
{
    size_t len = text != NULL ? strlen(text) : 0, used, last = 0;
    uint32_t first_cp, last_cp = 0;

    if (len == 0)
        return;
    first_cp = decode((const unsigned char *)text, len, &used);
    for (size_t i = 0; i < len; i += used) {
        last = i;
        decode((const unsigned char *)text + i, len - i, &used);
    }
    last_cp = decode((const unsigned char *)text + last, len - last, &used);
    if (blank_cp(first_cp) || blank_cp(last_cp))
        case_fail(__FILE__, __LINE__, "%s \"%s\" is not trimmed", what, text);
}

static void check_text(const char *what, const char *input, struct seg_span s, const char *text)
{
    if (text == NULL) {
        case_fail(__FILE__, __LINE__, "%s text is NULL", what);
        return;
    }
    check_trimmed(what, text);
    if (!case_span_says(input, s, text))
        case_fail(__FILE__, __LINE__, "%s text \"%s\" differs from its bytes \"%.*s\"", what,
                  text, (int)(s.end - s.start), input + s.start);
}

/* Paragraphs must be exactly the non-empty lines, in order, each span
 * inside its line: computed in one pass so 100 000 lines stay linear. */
static void check_paragraphs(const struct seg_result *r, const char *input, size_t len)
{
    size_t line = 0, line_start = 0, used;
    bool content = false;

    for (size_t i = 0; i <= len; i += used) {
        used = 1;
        if (i < len && input[i] != '\n') {
            uint32_t cp = decode((const unsigned char *)input + i, len - i, &used);

            content = content || !blank_cp(cp);
            continue;
        }
        if (content) {
            if (line < r->n_paragraphs) {
                struct seg_span s = r->paragraphs[line].span;

                if (r->paragraphs[line].index != line)
                    case_fail(__FILE__, __LINE__, "paragraph %zu has index %u", line,
                              r->paragraphs[line].index);
                if (span_ok("paragraph", s, input, len) &&
                    (s.start >= s.end || s.start < line_start || s.end > i))
                    case_fail(__FILE__, __LINE__,
                              "paragraph %zu [%u,%u) is not inside line [%zu,%zu)", line,
                              s.start, s.end, line_start, i);
            }
            line++;
        }
        content = false;
        line_start = i + 1;
    }
    if (r->n_paragraphs != line)
        case_fail(__FILE__, __LINE__, "%zu paragraphs for %zu non-empty lines", r->n_paragraphs,
                  line);
}

static bool item_inside_remarks(const struct seg_person *p, struct seg_span s)
{
    for (size_t i = 0; i < p->n_remarks; i++)
        if (p->remarks[i].span.start <= s.start && s.end <= p->remarks[i].span.end)
            return true;
    return false;
}

/* The input normalised twice: where an orphan ends is a guess (a fuzzed
 * "Jowelqū)" may lose "ū)" or more), so a name may match either. */
struct clean_inputs {
    struct cps orphans_dropped, orphans_kept;
};

static void check_person(const struct seg_result *r, const struct seg_person *p,
                         const char *input, size_t len, const struct clean_inputs *clean)
{
    uint32_t prev_end = 0;

    if (p->name == NULL || p->name[0] == '\0' || p->name_key == NULL || p->name_key[0] == '\0') {
        case_fail(__FILE__, __LINE__, "a person without name or name_key");
        return;
    }
    struct cps name = normalise(p->name, strlen(p->name));
    bool occurs = cps_contains(&clean->orphans_dropped, &name) ||
                  cps_contains(&clean->orphans_kept, &name);

    free(name.v);
    if (!occurs)
        case_fail(__FILE__, __LINE__, "person %s does not occur in the input", p->name);
    check_trimmed("name", p->name);
    check_trimmed("name key", p->name_key);
    check_trimmed("affiliation", p->affiliation);
    check_trimmed("title", p->title);
    check_trimmed("topic", p->topic);
    if (p->role > SEG_ROLE_MODERATOR || seg_role_name(p->role) == NULL)
        case_fail(__FILE__, __LINE__, "person %s has role %d", p->name, (int)p->role);
    for (size_t i = 0; i < p->n_remarks; i++) {
        const struct seg_remark *m = &p->remarks[i];

        if (!span_ok("remark", m->span, input, len))
            continue;
        check_in_paragraph("remark", r, m->paragraph, m->span);
        check_text("remark", input, m->span, m->text);
        if (m->span.start < prev_end)
            case_fail(__FILE__, __LINE__, "remarks of %s are not in text order at %zu", p->name,
                      i);
        prev_end = m->span.end;
        if (!(m->confidence >= 0.0 && m->confidence <= 1.0))
            case_fail(__FILE__, __LINE__, "remark confidence %g outside [0,1]", m->confidence);
        if (m->has_cue) {
            if (span_ok("cue", m->cue, input, len)) {
                check_in_paragraph("cue", r, m->paragraph, m->cue);
                check_text("cue", input, m->cue, m->cue_text);
            }
        } else if (m->cue_text != NULL) {
            case_fail(__FILE__, __LINE__, "carried-over remark has cue text %s", m->cue_text);
        }
    }
    for (size_t i = 0; i < p->n_items; i++) {
        const struct seg_item *it = &p->items[i];

        if (it->ordinal != i + 1)
            case_fail(__FILE__, __LINE__, "item %zu of %s has ordinal %u", i, p->name,
                      it->ordinal);
        if (!span_ok("item", it->span, input, len))
            continue;
        check_in_paragraph("item", r, it->paragraph, it->span);
        check_text("item", input, it->span, it->text);
        if (it->marker != NULL && it->text != NULL && !case_text_starts(it->text, it->marker))
            case_fail(__FILE__, __LINE__, "item \"%s\" does not start with its marker %s",
                      it->text, it->marker);
        if (!item_inside_remarks(p, it->span))
            case_fail(__FILE__, __LINE__, "item \"%s\" of %s lies outside that person's remarks",
                      it->text ? it->text : "", p->name);
    }
}

static bool known_language(const char *lang)
{
    static const char *const langs[] = {"zh-Hans", "zh-Hant", "en", "und"};

    for (size_t i = 0; lang != NULL && i < sizeof langs / sizeof langs[0]; i++)
        if (strcmp(lang, langs[i]) == 0)
            return true;
    return false;
}

void case_check_invariants(const struct seg_result *r, const char *input, size_t len)
{
    int before = case_failures;
    const char *const event_fields[] = {r->event.name, r->event.date, r->event.venue,
                                        r->event.theme, r->event.reporter};

    if (!known_language(r->language))
        case_fail(__FILE__, __LINE__, "language %s", r->language ? r->language : "NULL");
    for (size_t i = 0; i < sizeof event_fields / sizeof event_fields[0]; i++)
        if (event_fields[i] != NULL && event_fields[i][0] == '\0')
            case_fail(__FILE__, __LINE__, "event field %zu is empty instead of NULL", i);
    for (size_t i = 0; i < r->event.n_organizers; i++)
        if (r->event.organizers[i] == NULL || r->event.organizers[i][0] == '\0')
            case_fail(__FILE__, __LINE__, "organizer %zu is empty", i);
    check_paragraphs(r, input, len);
    if (r->n_people > 0) {
        struct clean_inputs clean = {normalise_as(input, len, true),
                                     normalise_as(input, len, false)};

        for (size_t i = 0; i < r->n_people; i++)
            check_person(r, &r->people[i], input, len, &clean);
        free(clean.orphans_dropped.v);
        free(clean.orphans_kept.v);
    }
    for (size_t i = 0; i < r->n_warnings; i++) {
        const struct seg_warning *w = &r->warnings[i];

        if (w->code == NULL || w->code[0] == '\0')
            case_fail(__FILE__, __LINE__, "warning %zu without a code", i);
        if (!span_ok("warning", w->span, input, len) || w->span.start == w->span.end)
            continue;
        check_in_paragraph("warning", r, w->paragraph, w->span);
        check_text("warning", input, w->span, w->text);
    }
    if (case_failures != before)
        case_dump(r);
}

void case_verify(const struct seg_result *r, const char *text, size_t len)
{
    char *json;

    case_check_invariants(r, text, len);
    json = case_json(r);
    if (json == NULL)
        case_fail(__FILE__, __LINE__, "enc_segmentation could not encode the result");
    free(json);
}

struct seg_result *case_segment_len(const char *text, size_t len)
{
    struct seg_error err;
    struct seg_result *r = seg_segment(text, len, &err);

    if (r == NULL) {
        case_fail(__FILE__, __LINE__, "seg_segment failed: status %d at %zu: %s",
                  (int)err.status, err.offset, err.message);
        return NULL;
    }
    case_verify(r, text, len);
    return r;
}

char *case_json(const struct seg_result *r)
{
    json_t *doc = enc_segmentation(r);
    char *text = doc != NULL ? json_dumps(doc, ENC_DUMP_FLAGS) : NULL;

    json_decref(doc);
    return text;
}

struct seg_result *case_segment(const char *text)
{
    return case_segment_len(text, strlen(text));
}

/* ---- diagnostics ---- */

/* Prints at most max bytes of s, cut between characters. */
static void print_clipped(const char *s, size_t max)
{
    size_t n = strlen(s);

    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    fprintf(stderr, "%.*s%s", (int)n, s, n < strlen(s) ? "…" : "");
}

void case_dump(const struct seg_result *r)
{
    fprintf(stderr, "  result: language %s, %zu paragraphs, %zu people, %zu warnings\n",
            r->language ? r->language : "NULL", r->n_paragraphs, r->n_people, r->n_warnings);
    for (size_t i = 0; i < r->n_people; i++) {
        const struct seg_person *p = &r->people[i];

        fprintf(stderr, "  %s (%s) %s | affil %s | title %s | topic %s\n", p->name,
                p->name_key, seg_role_name(p->role), p->affiliation ? p->affiliation : "-",
                p->title ? p->title : "-", p->topic ? p->topic : "-");
        for (size_t k = 0; k < p->n_remarks; k++) {
            fprintf(stderr, "    remark p%u [%u,%u) %s: ", p->remarks[k].paragraph,
                    p->remarks[k].span.start, p->remarks[k].span.end,
                    p->remarks[k].cue_text ? p->remarks[k].cue_text : "(carried)");
            print_clipped(p->remarks[k].text ? p->remarks[k].text : "", 60);
            fputc('\n', stderr);
        }
        for (size_t k = 0; k < p->n_items; k++) {
            fprintf(stderr, "    item %u %s p%u: ", p->items[k].ordinal,
                    p->items[k].marker ? p->items[k].marker : "-", p->items[k].paragraph);
            print_clipped(p->items[k].text ? p->items[k].text : "", 60);
            fputc('\n', stderr);
        }
    }
    for (size_t i = 0; i < r->n_warnings && i < 20; i++)
        fprintf(stderr, "  warning %s p%u [%u,%u) %s\n", r->warnings[i].code,
                r->warnings[i].paragraph, r->warnings[i].span.start, r->warnings[i].span.end,
                r->warnings[i].text ? r->warnings[i].text : "");
}

void case_check_said_by(const char *file, int line, const struct seg_result *r,
                        const char *input, const char *needle, const char *name)
{
    const struct seg_person *who = case_speaker_at(r, case_offset(input, needle));

    if (who == NULL || strcmp(who->name, name) != 0)
        case_fail(file, line, "\"%s\" is attributed to %s, want %s", needle,
                  who != NULL ? who->name : "nobody", name);
}

static bool paragraph_listed(unsigned paragraph, const unsigned *list, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (list[k] == paragraph)
            return true;
    return false;
}

void case_check_paragraphs(const char *file, int line, const struct seg_person *p,
                           const unsigned *want, size_t n)
{
    if (p == NULL)
        return;
    for (size_t k = 0; k < n; k++) {
        bool found = false;

        for (size_t i = 0; i < p->n_remarks && !found; i++)
            found = p->remarks[i].paragraph == want[k];
        if (!found)
            case_fail(file, line, "%s has no remark in paragraph %u", p->name, want[k]);
    }
    for (size_t i = 0; i < p->n_remarks; i++)
        if (!paragraph_listed(p->remarks[i].paragraph, want, n))
            case_fail(file, line, "%s has a remark in paragraph %u", p->name,
                      p->remarks[i].paragraph);
}

void case_check_items(const char *file, int line, const struct seg_person *p,
                      const char *const *openings, const char *const *markers, size_t n)
{
    if (p == NULL)
        return;
    if (p->n_items != n)
        case_fail(file, line, "%s has %zu items, want %zu", p->name, p->n_items, n);
    for (size_t i = 0; i < n && i < p->n_items; i++) {
        const char *text = p->items[i].text;

        if (text == NULL || !case_text_starts(text, openings[i]))
            case_fail(file, line, "item %zu of %s is \"%s\", want it to open with %s", i + 1,
                      p->name, text != NULL ? text : "NULL", openings[i]);
        if (markers != NULL)
            case_check_str(file, line, "the marker", p->items[i].marker, markers[i]);
    }
}
