/* Hostile input on the public API: every input gives a clean error or a
 * (possibly empty) result that keeps the invariants, in bounded time and
 * memory, under ASan+UBSan. Big inputs are generated in memory. Run one
 * case with `test_hostile NAME`. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytebuf.h"
#include "case_fixtures.h"
#include "case_util.h"


/* Caps of SEGMENTER.md section 5: reaching one ends in a "cap" warning.
 * The "cap" warnings themselves (one per capped list) may come on top of
 * the warning cap, hence the slack. */
enum { CAP_PEOPLE = 256, CAP_ITEMS = 1024, CAP_WARNINGS = 256, CAP_WARNING_SLACK = 8 };

struct buf {
    char *p;
    size_t n, cap;
};

static void buf_add_len(struct buf *b, const char *s, size_t len)
{
    if (!bytebuf_append(&b->p, &b->n, &b->cap, s, len, SIZE_MAX)) {
        fprintf(stderr, "out of memory\n");
        abort();
    }
}

static void buf_add(struct buf *b, const char *s)
{
    buf_add_len(b, s, strlen(s));
}

static void buf_repeat(struct buf *b, const char *s, size_t times)
{
    for (size_t i = 0; i < times; i++)
        buf_add(b, s);
}

static void check_error(const char *what, const char *text, size_t len, enum seg_status want,
                        size_t want_offset)
{
    struct seg_error err;
    struct seg_result *r;

    memset(&err, 0, sizeof err);
    r = seg_segment(text, len, &err);
    if (r != NULL) {
        case_fail(__FILE__, __LINE__, "%s: segmented, want error %d", what, (int)want);
        seg_result_free(r);
        return;
    }
    if (err.status != want)
        case_fail(__FILE__, __LINE__, "%s: status %d (%s), want %d", what, (int)err.status,
                  err.message, (int)want);
    if ((want == SEG_E_UTF8 || want == SEG_E_NUL) && err.offset != want_offset)
        case_fail(__FILE__, __LINE__, "%s: offset %zu, want %zu", what, err.offset,
                  want_offset);
    if (memchr(err.message, '\0', sizeof err.message) == NULL || err.message[0] == '\0' ||
        strchr(err.message, '\n') != NULL)
        case_fail(__FILE__, __LINE__, "%s: the message must be one non-empty line", what);
}

/* Segments, checks invariants and that the output stays bounded. An error
 * status is accepted only when error_allowed (never a crash either way). */
static struct seg_result *segment_bounded(const char *what, const char *text, size_t len,
                                          bool error_allowed)
{
    struct seg_error err;
    struct seg_result *r = seg_segment(text, len, &err);
    size_t items = 0;

    if (r == NULL) {
        if (!error_allowed)
            case_fail(__FILE__, __LINE__, "%s: status %d: %s", what, (int)err.status,
                      err.message);
        else if (err.message[0] == '\0')
            case_fail(__FILE__, __LINE__, "%s: error %d without a message", what,
                      (int)err.status);
        return NULL;
    }
    case_verify(r, text, len);
    for (size_t i = 0; i < r->n_people; i++)
        items += r->people[i].n_items;
    if (r->n_people > CAP_PEOPLE || items > CAP_ITEMS || r->n_warnings > CAP_WARNINGS + CAP_WARNING_SLACK)
        case_fail(__FILE__, __LINE__, "%s: %zu people, %zu items, %zu warnings exceed the caps",
                  what, r->n_people, items, r->n_warnings);
    return r;
}

static bool has_warning_code(const struct seg_result *r, const char *code)
{
    for (size_t i = 0; i < r->n_warnings; i++)
        if (strcmp(r->warnings[i].code, code) == 0)
            return true;
    return false;
}

static void free_result(struct seg_result *r)
{
    if (r != NULL)
        seg_result_free(r);
}

/* ---- errors with offsets ---- */

static void case_invalid_utf8(void)
{
    static const struct {
        const char *what, *bytes;
        size_t len, offset;
    } bad[] = {
        {"stray 0xFF", "abc\xff", 4, 3},
        {"lone continuation", "中文\x80後", 10, 6},
        {"truncated at end", "中文\xe4\xb8", 8, 6},
        {"truncated before ASCII", "中\xe4\xb8,文", 9, 3},
        {"overlong 2-byte /", "會議\xc0\xaf", 8, 6},
        {"overlong 3-byte /", "會議\xe0\x80\xaf", 9, 6},
        {"overlong 3-byte / before text", "會議\xe0\x80\xaf會議", 15, 6},
        {"overlong 4-byte /", "\xf0\x80\x80\xaf", 4, 0},
        {"overlong NUL", "a\xc0\x80", 3, 1},
        {"high surrogate", "ab\xed\xa0\x80" "cd", 7, 2},
        {"low surrogate", "ab\xed\xbf\xbf", 5, 2},
        {"surrogate pair as CESU-8", "\xed\xa0\xbd\xed\xb8\x80", 6, 0},
        {"above U+10FFFF", "\xf4\x90\x80\x80", 4, 0},
        {"5-byte form", "x\xf8\x88\x80\x80\x80", 6, 1},
        {"0xFE", "x\xfe", 2, 1},
        {"first of two errors", "a\xff" "b\xfe", 4, 1},
    };

    for (size_t i = 0; i < N_OF(bad); i++)
        check_error(bad[i].what, bad[i].bytes, bad[i].len, SEG_E_UTF8, bad[i].offset);
}

/* Three-byte forms with the leads that can also start an overlong form
 * (0xE0) or a surrogate (0xED) are text when valid: U+0905 and U+D55C
 * between ASCII and Han, their byte offsets exact. */
static void case_valid_e0_ed_leads(void)
{
    static const char text[] = "ab\xe0\xa4\x85\xed\x95\x9c\n"
                               "\xed\x95\x9c\xea\xb5\xad\xe0\xa4\x85" "cd\n";
    struct seg_result *r = segment_bounded("E0 and ED leads", text, sizeof text - 1, false);

    if (r == NULL)
        return;
    if (r->n_paragraphs != 2)
        case_fail(__FILE__, __LINE__, "%zu paragraphs, want 2", r->n_paragraphs);
    else if (r->paragraphs[0].span.start != 0 || r->paragraphs[0].span.end != 8 ||
             r->paragraphs[1].span.start != 9 || r->paragraphs[1].span.end != 20)
        case_fail(__FILE__, __LINE__, "paragraphs at [%u, %u) and [%u, %u), want [0, 8) and [9, 20)",
                  r->paragraphs[0].span.start, r->paragraphs[0].span.end,
                  r->paragraphs[1].span.start, r->paragraphs[1].span.end);
    free_result(r);
}

/* An error far into a big input reports its exact offset. */
static void case_invalid_utf8_far(void)
{
    struct buf b = {0};
    size_t at;

    buf_repeat(&b, "流域治理論壇在河海大學舉行。\n", 40000);
    at = b.n;
    buf_add(&b, "\xe5\xad");
    buf_add(&b, "後文");
    check_error("bad sequence after 1.7 MB", b.p, b.n, SEG_E_UTF8, at);
    free(b.p);
}

static void case_nul(void)
{
    check_error("NUL inside", "前言\0後文", 13, SEG_E_NUL, 6);
    check_error("NUL first", "\0abc", 4, SEG_E_NUL, 0);
    check_error("NUL last", "周明遠表示,要加強協作。\0", 35, SEG_E_NUL, 34);
}

static void case_empty(void)
{
    check_error("zero bytes", "", 0, SEG_E_EMPTY, 0);
    check_error("ASCII white space", " \t\r\n\n  \n", 8, SEG_E_EMPTY, 0);
    check_error("ideographic spaces", "\xe3\x80\x80\n\xe3\x80\x80 ", 8, SEG_E_EMPTY, 0);
    check_error("BOM then white space", "\xef\xbb\xbf \n", 5, SEG_E_EMPTY, 0);
    check_error("BOM alone", "\xef\xbb\xbf", 3, SEG_E_EMPTY, 0);
}

static void case_too_large(void)
{
    size_t len = SEG_MAX_INPUT + 1;
    char *big = malloc(len);

    if (big == NULL) {
        fprintf(stderr, "out of memory\n");
        abort();
    }
    memset(big, 'a', len);
    check_error("one byte over SEG_MAX_INPUT", big, len, SEG_E_TOO_LARGE, 0);
    free(big);
}

/* ---- odd but valid input ---- */

/* A leading BOM is skipped, yet offsets still count its three bytes. */
static void case_bom(void)
{
    struct buf b = {0};
    struct seg_result *r;

    buf_add(&b, "\xef\xbb\xbf");
    buf_add(&b, fixture_county_hans);
    r = segment_bounded("BOM + report", b.p, b.n, false);
    if (r != NULL) {
        CHECK(r->n_paragraphs > 0 && r->paragraphs[0].span.start == 3);
        CHECK(case_find_person(r, "金立新") != NULL);
        CHECK_STR(r->language, "zh-Hans");
    }
    free_result(r);
    free(b.p);
}

/* Five megabytes without a line break: one paragraph, linear time. */
static void case_one_line_5mb(void)
{
    struct buf b = {0};
    struct seg_result *r;

    buf_add(&b, "南京審計大學副院長周明遠,安徽大學教授蔣一帆等出席論壇。");
    while (b.n < (size_t)5 << 20)
        buf_add(&b, "周明遠指出,要加快建設流域數據底座;推進公共數據有序開放。"
                    "他表示,數字治理需要久久為功。");
    r = segment_bounded("5 MB on one line", b.p, b.n, false);
    if (r != NULL) {
        CHECK_UINT(r->n_paragraphs, 1);
        CHECK(case_find_person(r, "周明遠") != NULL);
    }
    free_result(r);
    free(b.p);
}

/* Five megabytes of one character: no punctuation to cut at. */
static void case_one_char_5mb(void)
{
    struct buf b = {0};

    buf_repeat(&b, "議", ((size_t)5 << 20) / 3);
    free_result(segment_bounded("5 MB of one Han character", b.p, b.n, false));
    free(b.p);
}

/* 100 000 short lines mixing lists, cues, items, bylines and noise. */
static void case_many_lines(void)
{
    static const char *const lines[] = {
        "省發展改革委副主任梁思齊等出席會議。\n", "他表示,要加強協作。\n", "一是深化研究;\n",
        "記者 禚亮\n", "\n", "Android版\n", "?庨L(zhǎng)\n", "周教授指出,\n",
        "由秘書處主任金華主持。\n", "   \n",
    };
    struct buf b = {0};
    struct seg_result *r;

    for (size_t i = 0; i < 100000; i++)
        buf_add(&b, lines[i % N_OF(lines)]);
    r = segment_bounded("100 000 short lines", b.p, b.n, false);
    if (r != NULL)
        CHECK_UINT(r->n_paragraphs, 80000);
    free_result(r);
    free(b.p);
}

/* 100 000 opening brackets of each kind, then all kinds interleaved,
 * then closers only: nothing may recurse, scan quadratically or crash. */
static void case_deep_brackets(void)
{
    static const char *const units[] = {"(", "（", "《", "“", "‘", "「", ")", "）", "》",
                                        "(（《“‘「", "點(", "(diǎn", "點(diǎn"};
    struct buf b = {0};

    for (size_t i = 0; i < N_OF(units); i++) {
        b.n = 0;
        buf_add(&b, "周明遠表示,");
        buf_repeat(&b, units[i], 100000);
        buf_add(&b, "要加強協作。\n");
        free_result(segment_bounded(units[i], b.p, b.n, false));
    }
    free(b.p);
}

static void case_only_punctuation(void)
{
    static const char text[] = "。,,;!?、《》“”……——\n。。。\n???\n())(（）\n";
    struct seg_result *r = segment_bounded("only punctuation", text, strlen(text), true);

    if (r != NULL)
        CHECK_UINT(r->n_people, 0);
    free_result(r);
}

static void case_english(void)
{
    static const char text[] =
        "Ministers back river data plan\n"
        "\n"
        "A forum on river basin governance was held in Nanjing on Tuesday.\n"
        "Professor Alan Marsh, director of the Basin Data Centre, said councils should share "
        "flood data within a day.\n"
        "\"We need common standards first,\" he added.\n";
    struct seg_result *r = segment_bounded("English report", text, strlen(text), false);

    if (r != NULL) {
        CHECK_STR(r->language, "en");
        CHECK_UINT(r->n_paragraphs, 4);
    }
    free_result(r);
}

static void case_no_people(void)
{
    static const char text[] =
        "本报讯 近日,全市流域治理工作推进会召开。\n"
        "会议指出,要持续加强流域生态保护,推动数据共享。\n"
        "会议强调,各部门要压实责任,确保各项任务落到实处。\n";
    struct seg_result *r = segment_bounded("report without people", text, strlen(text), false);

    if (r != NULL) {
        CHECK_UINT(r->n_people, 0);
        CHECK_STR(r->language, "zh-Hans");
        CHECK_UINT(r->n_paragraphs, 3);
    }
    free_result(r);
}

/* Thousands of mojibake runs: warnings stay capped, with a cap warning. */
static void case_mojibake_storm(void)
{
    struct buf b = {0};
    struct seg_result *r;

    for (size_t i = 0; i < 5000; i++)
        buf_add(&b, "會議?蓙(huó)動由庨L(zhǎng)劉??蒲主持?dòng)。\n");
    r = segment_bounded("5000 mojibake lines", b.p, b.n, false);
    if (r != NULL) {
        CHECK(r->n_warnings > 0);
        CHECK(has_warning_code(r, "cap"));
    }
    free_result(r);
    free(b.p);
}

/* A list of 2 000 distinct people: the people cap holds and says so. */
static void case_many_people(void)
{
    static const char *const surnames[] = {"周", "陸", "韓", "鄭", "錢", "蔣", "梁", "金",
                                           "何", "唐"};
    static const char *const given[] = {"明", "文", "露", "朗", "華", "帆", "齊", "川",
                                        "韻", "航", "博", "遠", "新", "立", "思", "子",
                                        "一", "蘊", "學", "平"};
    struct buf b = {0};
    struct seg_result *r;
    size_t n = 0;

    for (size_t s = 0; s < N_OF(surnames); s++)
        for (size_t g1 = 0; g1 < N_OF(given); g1++)
            for (size_t g2 = 0; g2 < N_OF(given) && n < 2000; g2++, n++) {
                buf_add(&b, "研究院副院長");
                buf_add(&b, surnames[s]);
                buf_add(&b, given[g1]);
                buf_add(&b, given[g2]);
                buf_add(&b, ",");
            }
    buf_add(&b, "教授唐韻等出席會議。\n");
    r = segment_bounded("2 000 listed people", b.p, b.n, false);
    if (r != NULL) {
        CHECK(r->n_people > 0);
        CHECK(has_warning_code(r, "cap"));
    }
    free_result(r);
    free(b.p);
}

/* One speaker with 20 000 ；-separated 要-clauses (440 KB): the item cap
 * holds, and the time stays linear however many clauses a sentence has. */
static void case_many_items(void)
{
    struct buf b = {0};
    struct seg_result *r;

    buf_add(&b, "省發展改革委副主任梁思齊出席會議。\n梁思齊表示,");
    buf_repeat(&b, "要加強流域協作;", 20000);
    buf_add(&b, "要久久為功。\n");
    r = segment_bounded("20 000 items", b.p, b.n, false);
    if (r != NULL) {
        const struct seg_person *p = case_person(r, "梁思齊");

        CHECK(p != NULL && p->n_items > 0);
        CHECK(has_warning_code(r, "cap"));
    }
    free_result(r);
    free(b.p);
}

/* 200 000 annotations and orphans in a row. */
static void case_annotation_storm(void)
{
    struct buf b = {0};

    buf_add(&b, "周明遠表示,");
    buf_repeat(&b, "點(diǎn)?dòng)", 200000);
    buf_add(&b, "。\n");
    free_result(segment_bounded("200 000 annotations", b.p, b.n, false));
    free(b.p);
}

/* Control characters, zero-width and private-use code points, non-BMP
 * characters, a BOM in the middle and CRLF line ends. */
static void case_odd_code_points(void)
{
    static const char text[] =
        "周明遠\x01\x1f表示,\xe2\x80\x8b要加強\xef\xbb\xbf協作\xee\x80\x80;\r\n"
        "\xf0\xa0\x80\x80\xf0\x9f\x98\x80 推進\x7f數據共享。\r\n"
        "\r\n"
        "\x1b[0m\n";
    struct seg_result *r = segment_bounded("odd code points", text, strlen(text), false);

    if (r != NULL)
        CHECK_UINT(r->n_paragraphs, 3);
    free_result(r);
}

/* Cue words, markers and frames repeated without the text they expect:
 * each pattern 10 000 times in one line (where a stage that looks ahead
 * for a closing part might rescan), then once per line. */
static void case_degenerate_patterns(void)
{
    static const char *const patterns[] = {
        "表示", "他", "一是", "第一,", "（一）", "1.", "①", "等出席會議", "由主持",
        "記者", "提出四點建議。", "金主任", "副院長", "要;", "“", "《", "圍繞“", "以《",
        "作總結時指出", "建議,", "?", "(", "研討會在", "聚焦“", "由主辦,",
    };
    struct buf b = {0};

    for (size_t i = 0; i < N_OF(patterns); i++) {
        b.n = 0;
        buf_add(&b, "南京審計大學副院長周明遠等出席會議。\n周明遠表示,");
        buf_repeat(&b, patterns[i], 10000);
        buf_add(&b, "\n");
        free_result(segment_bounded(patterns[i], b.p, b.n, false));
        b.n = 0;
        for (size_t k = 0; k < 10000; k++) {
            buf_add(&b, patterns[i]);
            buf_add(&b, "\n");
        }
        free_result(segment_bounded(patterns[i], b.p, b.n, true));
    }
    free(b.p);
}

/* Found by tests/fuzz: an annotation opening a line follows the line break,
 * a non-Han character, so it is flagged; the flagged window must still stay
 * inside one paragraph instead of reaching back over the '\n'. */
static void case_annotation_opens_line(void)
{
    static const char *const texts[] = {
        "周明遠表示,要加強協作。\n(jiàn)設流域數據平臺。\n",
        "流域治理\n(jiàn)設\n",
        "治理.\n(shù)攻關",
        "\n\n(dǎo)向\r\n",
    };

    for (size_t i = 0; i < N_OF(texts); i++)
        free_result(segment_bounded(texts[i], texts[i], strlen(texts[i]), false));
}

/* Found by tests/fuzz: an annotation inside another, `(zh(zhǎng)ì)`, inside a
 * remark and an item: the text must still say what the span's bytes say
 * once every annotation is gone. */
static void case_nested_annotation(void)
{
    static const char text[] =
        "南京審計大學副院長周明遠等出席會議。\n"
        "周明遠表示,要培育高素質(zh(zhǎng)ì)數據人才;要(yà(yào)o)完善(shàn)數據目錄。\n";

    free_result(segment_bounded("nested annotations", text, strlen(text), false));
}

/* A line holding only an annotation is still a non-empty line of the input,
 * so it is a paragraph (DESIGN.md section 3): dropping it would shift the
 * index of every later paragraph, against which remarks are scored. */
static void case_annotation_only_line(void)
{
    static const char text[] = "周明遠表示,要加強協作。\n(zhǎng)\n他表示,要久久為功。\n";
    struct seg_result *r = segment_bounded("annotation-only line", text, strlen(text), false);

    if (r != NULL)
        CHECK_UINT(r->n_paragraphs, 3);
    free_result(r);
}

/* Paragraphs indented with ideographic spaces, trailing blanks, CRLF: the
 * invariants require trimmed text fields and spans inside their lines. */
static void case_indented_crlf(void)
{
    static const char text[] =
        "\xe3\x80\x80\xe3\x80\x80本报讯 6月18日,城市更新论坛在临川大学举行。  \r\n"
        "\xe3\x80\x80\xe3\x80\x80临川大学城市研究院院长孔令书,市住建局副局长鲁佳等出席论坛。\t\r\n"
        "\r\n"
        "\xe3\x80\x80\xe3\x80\x80孔令书指出,要建立居民议事协商机制。 \xe3\x80\x80\r\n"
        "\xe3\x80\x80\xe3\x80\x80鲁佳表示,要完善改造资金分担办法。\r\n";
    struct seg_result *r = segment_bounded("indented CRLF report", text, strlen(text), false);

    if (r != NULL) {
        CHECK_UINT(r->n_paragraphs, 4);
        CHECK(case_find_person(r, "孔令书") != NULL && case_find_person(r, "鲁佳") != NULL);
    }
    free_result(r);
}

/* Found by tests/fuzz: 由 + white space + 主办 gave an empty organizer; and
 * lines that hold only controls, a vertical tab or a stray BOM are blank,
 * not paragraphs. */
static void case_empty_frames(void)
{
    static const char *const texts[] = {
        "本次论坛由 主办,河海大学承办。\n",
        "论坛由\xe3\x80\x80主办,承办。\n",
        "周明遠表示,要加強協作。\n\x0b\n\x10\x10\n\xef\xbb\xbf\n他表示,要久久為功。\n",
    };

    for (size_t i = 0; i < N_OF(texts); i++)
        free_result(segment_bounded(texts[i], texts[i], strlen(texts[i]), false));
}

/* Found by tests/fuzz: a paragraph ending in U+2002 EN SPACE left the
 * remark and item texts ending in it. Every Unicode space, separator and
 * invisible format character is trimmed from every text, wherever it
 * stands, and a line of nothing else is blank. */
static void case_unicode_spaces(void)
{
    static const char *const spaces[] = {
        "\u2002", "\u2003", "\u2009", "\u200a", "\u205f", "\u00a0", "\u1680",
        "\u202f", "\u3000", "\u2028", "\u2029", "\u200b", "\u2060", "\ufeff",
        "\xc2\x85",    /* NEL, a control */
    };
    static const char *const lines[] = {
        "本报讯 6月18日,城市更新论坛在临川大学举行。",
        "临川大学城市研究院院长孔令书,市住建局副局长鲁佳等出席论坛。",
        "孔令书围绕“社区更新”作主旨发言。他指出,要建立居民议事协商机制。",
        "鲁佳表示,一是完善改造资金分担办法;二是探索社区规划师驻点制度。",
    };
    struct buf b = {0};

    for (size_t i = 0; i < N_OF(spaces); i++) {
        const struct seg_person *kong, *lu;
        struct seg_result *r;

        b.n = 0;
        for (size_t k = 0; k < N_OF(lines); k++) {
            buf_add(&b, spaces[i]);
            buf_add(&b, lines[k]);
            buf_add(&b, spaces[i]);
            buf_add(&b, "\n");
            buf_repeat(&b, spaces[i], 3);    /* a line of spaces alone: blank */
            buf_add(&b, "\n");
        }
        r = segment_bounded(spaces[i], b.p, b.n, false);
        if (r == NULL)
            continue;
        CHECK_UINT(r->n_paragraphs, N_OF(lines));
        kong = case_person(r, "孔令书");
        lu = case_person(r, "鲁佳");
        if (kong != NULL) {
            CHECK_STR(kong->affiliation, "临川大学城市研究院院长");
            CHECK_STR(kong->topic, "社区更新");
            CHECK(kong->n_remarks >= 1 &&
                  strcmp(kong->remarks[kong->n_remarks - 1].text, "他指出,要建立居民议事协商机制。") == 0);
        }
        if (lu != NULL) {
            CHECK(lu->n_remarks == 1 &&
                  strcmp(lu->remarks[0].text, "鲁佳表示,一是完善改造资金分担办法;二是探索社区规划师驻点制度。") == 0);
            CHECK(lu->n_items == 2 && strcmp(lu->items[1].text, "二是探索社区规划师驻点制度") == 0);
        }
        CHECK_STR(r->event.venue, "临川大学");
        free_result(r);
    }
    free(b.p);
}

/* Found by tests/fuzz in English reports: a Chinese summary cue inside an
 * English word, and toned letters glued to a surname before an orphaned
 * ')'. Remarks must stay trimmed and names must occur in the input. */
static void case_mixed_script(void)
{
    static const char *const texts[] = {
        "River forum backs data plan\n\n"
        "Alan Marsh, director of the Basin Data Centre, said councils would b作会议总结时指出n't "
        "share flood data. He said councils should publish it within a day.\n",
        "Environment Minister Anna Rowell said: \"We need common standards.\"\n"
        "The Minister Anna Rowelqū)動(dòng)力, said councils must act.\n",
    };

    for (size_t i = 0; i < N_OF(texts); i++)
        free_result(segment_bounded(texts[i], texts[i], strlen(texts[i]), false));
}

/* ---- concurrency ---- */

struct thread_job {
    const char *want;
    int mismatches;
};

/* Found by tests/fuzz: a list announced at the end of one paragraph and
 * enumerated in the next, with fewer items than announced, put the
 * count-mismatch warning's span across the line break. A warning stays
 * inside its paragraph and its text stays trimmed. */
static void case_announcement_ends_line(void)
{
    static const char *const texts[] = {
        "学院召开学科建设研讨会。\n校长孙立平作总结讲话。他指出，本次研讨会内容充实。"
        "他结合研讨主题提出三点意见。\n一是找准学科定位。要不断凝练方向。\n",
        "学院召开学科建设研讨会。\n院长孙立平指出，要抓好三项工作：  \n一是凝练方向；二是汇聚队伍。\n",
    };

    for (size_t i = 0; i < N_OF(texts); i++)
        free_result(segment_bounded(texts[i], texts[i], strlen(texts[i]), false));
}

static void *segment_in_thread(void *arg)
{
    struct thread_job *job = arg;

    for (int i = 0; i < 8; i++) {
        struct seg_error err;
        struct seg_result *r = seg_segment(fixture_forum_hant, strlen(fixture_forum_hant), &err);
        char *json = r != NULL ? case_json(r) : NULL;

        job->mismatches += json == NULL || strcmp(json, job->want) != 0;
        free(json);
        if (r != NULL)
            seg_result_free(r);
    }
    return NULL;
}

/* seg.h promises thread safety after seg_init(): four threads at once give
 * the single-threaded answer every time. */
static void case_threads(void)
{
    struct seg_result *r = case_segment(fixture_forum_hant);
    char *want = r != NULL ? case_json(r) : NULL;
    pthread_t threads[4];
    struct thread_job jobs[4];

    if (want == NULL) {
        CHECK(want != NULL);
        free_result(r);
        return;
    }
    for (size_t i = 0; i < N_OF(threads); i++) {
        jobs[i] = (struct thread_job){want, 0};
        if (pthread_create(&threads[i], NULL, segment_in_thread, &jobs[i]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            abort();
        }
    }
    for (size_t i = 0; i < N_OF(threads); i++) {
        pthread_join(threads[i], NULL);
        CHECK_UINT((unsigned)jobs[i].mismatches, 0);
    }
    free(want);
    seg_result_free(r);
}

static const struct case_entry cases[] = {
    {"invalid_utf8", case_invalid_utf8},
    {"invalid_utf8_far", case_invalid_utf8_far},
    {"nul", case_nul},
    {"empty", case_empty},
    {"too_large", case_too_large},
    {"bom", case_bom},
    {"one_line_5mb", case_one_line_5mb},
    {"one_char_5mb", case_one_char_5mb},
    {"many_lines", case_many_lines},
    {"deep_brackets", case_deep_brackets},
    {"only_punctuation", case_only_punctuation},
    {"english", case_english},
    {"no_people", case_no_people},
    {"mojibake_storm", case_mojibake_storm},
    {"many_people", case_many_people},
    {"many_items", case_many_items},
    {"annotation_storm", case_annotation_storm},
    {"odd_code_points", case_odd_code_points},
    {"degenerate_patterns", case_degenerate_patterns},
    {"annotation_opens_line", case_annotation_opens_line},
    {"annotation_only_line", case_annotation_only_line},
    {"nested_annotation", case_nested_annotation},
    {"indented_crlf", case_indented_crlf},
    {"empty_frames", case_empty_frames},
    {"unicode_spaces", case_unicode_spaces},
    {"mixed_script", case_mixed_script},
    {"valid_e0_ed_leads", case_valid_e0_ed_leads},
    {"announcement_ends_line", case_announcement_ends_line},
    {"threads", case_threads},
};

CASE_MAIN(cases)
